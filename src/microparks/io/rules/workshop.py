"""Employment-assistance workshop policies (帮扶车间认定与补贴): criteria, counting and subsidy.

A ``workshop`` document states a county's designation criteria, how quarterly records become
"workers employed for at least N months" and the subsidy (tiers per eligible worker, a yearly
cap, a one-off award on designation); the method is
:mod:`microparks.core.labour.workshop`. Shares are written in percent. See
``shipped/workshop/sample.yaml`` for the format.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from microparks.core.labour.workshop import BOTH, EITHER, MARGINAL, WHOLE, Tier, WorkshopPolicy
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

TOP = (
    "name",
    "version",
    "title",
    "source",
    "minimum_wage_cny",
    "criteria",
    "counting",
    "subsidy",
    "on_site_checks",
)
CRITERIA = (
    "months_operating",
    "workers",
    "poverty_workers",
    "poverty_share_pct",
    "poverty_rule",
    "local_share_pct",
    "wage_at_least_minimum",
)
SUBSIDY = ("tier_mode", "tiers", "cap_per_year_cny", "designation_award_cny")
MAX_MONTHS = 12
MAX_CNY = 100_000_000.0
"""No county pays one workshop more than 100 million CNY: a larger figure is a typing error."""


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).normalize() + Decimal(0)


def _whole(r: Reader, data: Mapping[str, Any], key: str, path: str, maximum: int) -> int:
    value = r.integer(data, key, path, default=0)
    if value > maximum:
        r.fail(f"{path}.{key}", m.ABOVE_MAXIMUM, value=value, maximum=maximum)
    return value


def _share(r: Reader, data: Mapping[str, Any], key: str) -> Decimal | None:
    pct = r.number(data, key, "criteria", required=False, maximum=100.0)
    return None if pct is None else _decimal(pct / 100)


def _tiers(r: Reader, raw: Any) -> tuple[Tier, ...]:
    tiers = []
    for i, item in enumerate(r.items(raw, "subsidy.tiers", required=True)):
        path = f"subsidy.tiers[{i}]"
        entry = r.mapping(item, path, ("from_worker", "per_worker_cny"))
        first = r.integer(entry, "from_worker", path, default=1, minimum=1)
        rate = r.number(entry, "per_worker_cny", path, maximum=MAX_CNY)
        tiers.append(Tier(first, _decimal(rate) or Decimal(0)))
    if tiers and not r.failed_at("subsidy.tiers"):
        if tiers[0].first_worker != 1:
            r.fail("subsidy.tiers[0].from_worker", m.FIRST_TIER_AT_ONE)
        firsts = [t.first_worker for t in tiers]
        if any(b <= a for a, b in pairwise(firsts)):
            r.fail("subsidy.tiers", m.TIERS_INCREASING)
    return tuple(tiers)


def parse_workshop(data: Mapping[str, Any]) -> WorkshopPolicy:
    """Check a workshop policy; build :class:`~microparks.core.labour.workshop.WorkshopPolicy`.

    Raises
    ------
    DocumentError
        Listing every problem with its path (``subsidy.tiers[1].per_worker_cny``, …).

    """
    r = Reader()
    doc = r.mapping(data, "", TOP)
    wage = r.number(doc, "minimum_wage_cny", "", positive=True, maximum=MAX_CNY)
    crit = r.mapping(doc.get("criteria"), "criteria", CRITERIA) if "criteria" in doc else {}
    if "criteria" not in doc:
        r.fail("criteria", m.MISSING)
    months_operating = _whole(r, crit, "months_operating", "criteria", 10 * MAX_MONTHS)
    workers = r.integer(crit, "workers", "criteria", default=0)
    poverty_workers = r.integer(crit, "poverty_workers", "criteria", default=0)
    poverty_share = _share(r, crit, "poverty_share_pct")
    rule = r.choice(crit, "poverty_rule", "criteria", (BOTH, EITHER), BOTH)
    local_share = _share(r, crit, "local_share_pct")
    wage_rule = r.boolean(crit, "wage_at_least_minimum", "criteria", True)
    counting = r.mapping(doc.get("counting") or {}, "counting", ("months_employed",))
    months_employed = r.integer(counting, "months_employed", "counting", default=6, minimum=1)
    if months_employed > MAX_MONTHS:
        r.fail("counting.months_employed", m.ABOVE_MAXIMUM, value=months_employed, maximum=12)
    subsidy = r.mapping(doc.get("subsidy"), "subsidy", SUBSIDY) if "subsidy" in doc else {}
    if "subsidy" not in doc:
        r.fail("subsidy", m.MISSING)
    mode = r.choice(subsidy, "tier_mode", "subsidy", (MARGINAL, WHOLE), MARGINAL)
    tiers = _tiers(r, subsidy.get("tiers")) if subsidy else ()
    cap = r.number(subsidy, "cap_per_year_cny", "subsidy", required=False, maximum=MAX_CNY)
    award = r.number(subsidy, "designation_award_cny", "subsidy", required=False, maximum=MAX_CNY)
    checks = [
        r.text({"item": item}, "item", f"on_site_checks[{i}]")
        for i, item in enumerate(r.items(doc.get("on_site_checks"), "on_site_checks"))
    ]
    r.check()
    return WorkshopPolicy(
        minimum_wage_cny=_decimal(wage) or Decimal(0),
        tiers=tiers,
        min_months_operating=months_operating,
        min_workers=workers,
        min_poverty_workers=poverty_workers,
        min_poverty_share=poverty_share,
        poverty_rule=rule,
        min_local_share=local_share,
        wage_at_least_minimum=wage_rule,
        months_employed=min(months_employed, MAX_MONTHS),
        tier_mode=mode,
        cap_cny=_decimal(cap),
        award_cny=_decimal(award) or Decimal(0),
        on_site_checks=tuple(checks),
        version=str(doc.get("version") or ""),
    )
