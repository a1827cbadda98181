r"""Employment-assistance workshops (就业帮扶车间): designation and the per-worker subsidy.

A county designates a tenant firm as a workshop when it meets the criteria of the county's
policy (a ``workshop`` rules document) and pays a subsidy for each eligible worker from a
poverty-alleviated household (脱贫劳动力) it employs, plus a one-off award on designation. Every
number is a parameter of the policy (:class:`WorkshopPolicy`); nothing here is a county's value.

**From quarters to "employed for at least N months".** The firms file a quarterly employment
record (用工季报): the headcount at the quarter's end with its local and poverty-alleviated
parts. Individual workers are not tracked, so a *stable count* is read from the quarters:

* ``k = ⌈N / 3⌉`` consecutive quarters cover ``N`` months (6 months: 2 quarters; 12: all 4);
* the workers present in each of ``k`` consecutive quarters are at least the *smallest* of
  those quarters' counts, and a quarter's figure stands for the whole quarter (the 季报 reports
  the quarter's employment);
* the stable count is the **largest**, over the runs of ``k`` consecutive quarters of the year,
  of the **smallest** count within the run; a quarter not filed counts 0.

So with ``N = 6`` and poverty-alleviated workers 8, 10, 12, 9 in Q1–Q4 the runs give
min(8, 10) = 8, min(10, 12) = 10, min(12, 9) = 9 and the stable count is 10. The same rule
gives the stable headcount and local count; shares are stable part / stable headcount. It never
counts more workers than were on the books in every quarter of the run: a conservative reading.

**Criteria** (each reported met or not, the firm's value against the threshold): months
operating, stable headcount, stable poverty-alleviated workers and/or their share (the policy
says whether both or either are needed), optionally the local share, and the lowest average
monthly wage of a staffed quarter against the county's minimum wage. Checks the records cannot
show (labour contracts, wages paid on time) are listed by the policy as on-site checks for the
人社 bureau; they are carried with the result, not computed.

**Subsidy** of a designated workshop: the eligible workers are the stable poverty-alleviated
count; tiers pay by rank (*marginal*: workers ``1…9`` at the first rate and ``10…`` at the second
when the second tier starts at 10) or all workers at the rate of the highest tier reached
(*whole*); the cap bounds the per-worker part; the one-off award is added (outside the cap) in
the first year the firm is designated only. Amounts are in CNY, rounded to the fen.

>>> policy = WorkshopPolicy(minimum_wage_cny=Decimal(1810), tiers=(Tier(1, Decimal(2000)),),
...                         cap_cny=Decimal(30000), award_cny=Decimal(0))
>>> figures = tuple(QuarterFigures(2025, q, 40, 30, 12, Decimal(2600)) for q in (1, 2, 3, 4))
>>> result = evaluate_workshop(policy, WorkshopFacts(2025, figures, months_operating=12))
>>> result.designated, result.eligible_workers, result.total_cny
(True, 12, Decimal('24000.00'))
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from microparks.core.labour.records import QuarterFigures
from microparks.core.messages import Message, gettext_noop

__all__ = [
    "BOTH",
    "EITHER",
    "MARGINAL",
    "WHOLE",
    "Criterion",
    "SubsidyLine",
    "Tier",
    "WorkshopFacts",
    "WorkshopPolicy",
    "WorkshopResult",
    "calc_months_operating",
    "calc_stable_count",
    "calc_subsidy",
    "evaluate_workshop",
    "quarters_for_months",
]

MARGINAL, WHOLE = "marginal", "whole"
"""Tier modes: each worker at the rate of their rank's tier, or all at the highest reached."""
BOTH, EITHER = "both", "either"
"""Whether the poverty-alleviated count *and* share must be reached, or one of them."""
FEN = Decimal("0.01")
QUARTERS = (1, 2, 3, 4)

LABELS: Mapping[str, str] = {
    "months_operating": gettext_noop("Months operating"),
    "workers": gettext_noop("Workers employed (stable count)"),
    "poverty_workers": gettext_noop("Poverty-alleviated workers (stable count)"),
    "poverty_share": gettext_noop("Share of poverty-alleviated workers"),
    "local_share": gettext_noop("Share of local workers"),
    "wage": gettext_noop("Lowest average monthly wage of a quarter (CNY)"),
    "poverty": gettext_noop("Poverty-alleviated workers: the count or the share"),
}
"""The criteria's names (English msgids, translated where shown)."""


@dataclass(frozen=True)
class Tier:
    """Per-worker rate from the ``first_worker``-th eligible worker on (1 for the first tier)."""

    first_worker: int
    per_worker_cny: Decimal


@dataclass(frozen=True)
class WorkshopPolicy:
    """A county's designation criteria and subsidy (the parsed ``workshop`` document).

    Thresholds of 0 (or ``None`` for shares) impose nothing. ``poverty_rule`` says whether
    both the count and the share of poverty-alleviated workers must be reached or either.
    """

    minimum_wage_cny: Decimal
    tiers: tuple[Tier, ...]
    min_months_operating: int = 0
    min_workers: int = 0
    min_poverty_workers: int = 0
    min_poverty_share: Decimal | None = None
    poverty_rule: str = BOTH
    min_local_share: Decimal | None = None
    wage_at_least_minimum: bool = True
    months_employed: int = 6
    tier_mode: str = MARGINAL
    cap_cny: Decimal | None = None
    award_cny: Decimal = Decimal(0)
    on_site_checks: tuple[str, ...] = ()
    version: str = ""

    def __post_init__(self) -> None:
        if not self.tiers or self.tiers[0].first_worker != 1:
            raise ValueError("the first tier starts at worker 1")
        firsts = [t.first_worker for t in self.tiers]
        if firsts != sorted(set(firsts)):
            raise ValueError("tiers must start at increasing workers")
        if not 1 <= self.months_employed <= 12:
            raise ValueError("months_employed is 1 to 12")
        if self.tier_mode not in (MARGINAL, WHOLE) or self.poverty_rule not in (BOTH, EITHER):
            raise ValueError("unknown tier mode or poverty rule")


@dataclass(frozen=True)
class WorkshopFacts:
    """One firm's year: its quarterly records, months operating, earlier designation."""

    year: int
    quarters: tuple[QuarterFigures, ...]
    months_operating: int
    designated_before: bool = False


@dataclass(frozen=True)
class Criterion:
    """One criterion: its firm value against the threshold, and whether it is met.

    ``required`` is False for the count and the share of poverty-alleviated workers when the
    policy needs either of them: then a third, required criterion ``poverty`` joins them.
    """

    key: str
    met: bool
    value: Decimal
    threshold: Decimal
    required: bool = True

    @property
    def reason(self) -> Message:
        """``Workers employed (stable count): 15, needs at least 20`` (translatable)."""
        label = Message(LABELS.get(self.key, self.key))
        if self.key == "poverty":
            if self.met:
                return Message(gettext_noop("%(label)s: reached"), {"label": label})
            return Message(gettext_noop("%(label)s: neither is reached"), {"label": label})
        shown = _percent if self.key.endswith("_share") else _shown
        params = {"label": label, "value": shown(self.value), "threshold": shown(self.threshold)}
        if self.met:
            return Message(gettext_noop("%(label)s: %(value)s, at least %(threshold)s"), params)
        return Message(gettext_noop("%(label)s: %(value)s, needs at least %(threshold)s"), params)


@dataclass(frozen=True)
class SubsidyLine:
    """Workers paid at one rate: ``workers × per_worker_cny = amount_cny``."""

    first_worker: int
    workers: int
    per_worker_cny: Decimal
    amount_cny: Decimal


@dataclass(frozen=True)
class WorkshopResult:
    """Designation with a reason per criterion, and the subsidy with its breakdown."""

    designated: bool
    criteria: tuple[Criterion, ...]
    headcount: int
    local_workers: int
    eligible_workers: int
    lines: tuple[SubsidyLine, ...] = ()
    per_worker_cny: Decimal = Decimal(0)
    cap_cny: Decimal | None = None
    capped: bool = False
    award_cny: Decimal = Decimal(0)
    total_cny: Decimal = Decimal(0)
    on_site_checks: tuple[str, ...] = field(default=())

    @property
    def subsidy_after_cap_cny(self) -> Decimal:
        """The per-worker part once the cap is applied."""
        return self.total_cny - self.award_cny

    @property
    def unmet(self) -> tuple[Criterion, ...]:
        """The required criteria not met (why a firm is not designated)."""
        return tuple(c for c in self.criteria if c.required and not c.met)


def _shown(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _percent(value: Decimal) -> str:
    return f"{value * 100:.1f}".removesuffix(".0") + "%"


def quarters_for_months(months: int) -> int:
    """Consecutive quarters that cover ``months`` months of employment: ⌈months / 3⌉.

    >>> [quarters_for_months(m) for m in (1, 3, 4, 6, 9, 12)]
    [1, 1, 2, 2, 3, 4]
    """
    if not 1 <= months <= 12:
        raise ValueError(f"months {months} is not 1-12")
    return math.ceil(months / 3)


def calc_months_operating(start: dt.date, year: int) -> int:
    """Whole calendar months from ``start`` to the end of ``year`` (0 if it starts later).

    The month of ``start`` counts when it starts on the 1st; otherwise counting begins with the
    next month (a month partly operated is not a month operated).

    >>> starts = [dt.date(2025, 7, 1), dt.date(2025, 7, 2), dt.date(2022, 3, 15)]
    >>> [calc_months_operating(start, 2025) for start in starts]
    [6, 5, 45]
    """
    months = (year - start.year) * 12 + 12 - start.month + (1 if start.day == 1 else 0)
    return max(months, 0)


def calc_stable_count(counts: Mapping[int, int], months: int) -> int:
    """Workers present for at least ``months`` months: max over runs of min within a run.

    Parameters
    ----------
    counts
        Quarter (1–4) to the count at its end; a quarter missing counts 0.
    months
        Months of employment needed (1–12).

    >>> calc_stable_count({1: 8, 2: 10, 3: 12, 4: 9}, 6)
    10
    >>> calc_stable_count({1: 8, 3: 12, 4: 9}, 6)
    9
    >>> calc_stable_count({1: 8, 2: 10, 3: 12, 4: 9}, 12)
    8

    """
    k = quarters_for_months(months)
    values = [counts.get(q, 0) for q in QUARTERS]
    return max(min(values[i : i + k]) for i in range(len(values) - k + 1))


def calc_subsidy(
    tiers: Sequence[Tier], workers: int, mode: str = MARGINAL
) -> tuple[SubsidyLine, ...]:
    """The per-worker subsidy of ``workers`` eligible workers under ``tiers``, line by line.

    *Marginal*: the workers ranked ``first_worker`` up to the next tier's start (excluded) are
    paid that tier's rate. *Whole*: every worker at the rate of the highest tier whose start
    ``workers`` reaches.

    >>> tiers = (Tier(1, Decimal(1000)), Tier(11, Decimal(1500)))
    >>> [(x.workers, x.amount_cny) for x in calc_subsidy(tiers, 14)]
    [(10, Decimal('10000')), (4, Decimal('6000'))]
    >>> [(x.workers, x.amount_cny) for x in calc_subsidy(tiers, 14, WHOLE)]
    [(14, Decimal('21000'))]
    """
    if workers <= 0:
        return ()
    if mode == WHOLE:
        tier = [t for t in tiers if t.first_worker <= workers][-1]
        amount = workers * tier.per_worker_cny
        return (SubsidyLine(tier.first_worker, workers, tier.per_worker_cny, amount),)
    lines = []
    for i, tier in enumerate(tiers):
        if tier.first_worker > workers:
            break
        end = tiers[i + 1].first_worker - 1 if i + 1 < len(tiers) else workers
        n = min(end, workers) - tier.first_worker + 1
        lines.append(
            SubsidyLine(tier.first_worker, n, tier.per_worker_cny, n * tier.per_worker_cny)
        )
    return tuple(lines)


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else Decimal(0)


def _criteria(
    policy: WorkshopPolicy, facts: WorkshopFacts, head: int, local: int, poor: int
) -> list[Criterion]:
    def at_least(key: str, value: Decimal, threshold: Decimal, required: bool = True) -> Criterion:
        return Criterion(key, value >= threshold, value, threshold, required)

    either = policy.poverty_rule == EITHER and policy.min_poverty_share is not None
    out = [
        at_least(
            "months_operating",
            Decimal(facts.months_operating),
            Decimal(policy.min_months_operating),
        ),
        at_least("workers", Decimal(head), Decimal(policy.min_workers)),
        at_least(
            "poverty_workers",
            Decimal(poor),
            Decimal(policy.min_poverty_workers),
            required=not either,
        ),
    ]
    if policy.min_poverty_share is not None:
        share = _share(poor, head)
        out.append(at_least("poverty_share", share, policy.min_poverty_share, not either))
    if either:
        met = out[2].met or out[3].met
        out.append(Criterion("poverty", met, Decimal(int(met)), Decimal(1)))
    if policy.min_local_share is not None:
        out.append(at_least("local_share", _share(local, head), policy.min_local_share))
    if policy.wage_at_least_minimum:
        staffed = [q.wage_cny for q in facts.quarters if q.headcount > 0]
        lowest = min(staffed) if staffed else Decimal(0)
        out.append(at_least("wage", lowest, policy.minimum_wage_cny))
    return out


def evaluate_workshop(policy: WorkshopPolicy, facts: WorkshopFacts) -> WorkshopResult:
    """Whether the firm is designated (each criterion's reason) and its subsidy.

    Parameters
    ----------
    policy
        The county's policy (parsed ``workshop`` document).
    facts
        The firm's quarters of ``facts.year`` (other years' quarters are ignored; one per
        quarter), months operating by the year's end, whether it was designated before.

    Returns
    -------
    WorkshopResult
        The criteria in a fixed order, the stable counts, and for a designated workshop the
        lines per tier, the cap, the one-off award and the total (CNY, to the fen).

    """
    quarters = {q.quarter: q for q in facts.quarters if q.year == facts.year}
    months = policy.months_employed

    def stable(part: str) -> int:
        return calc_stable_count({n: getattr(q, part) for n, q in quarters.items()}, months)

    head, local, poor = stable("headcount"), stable("local"), stable("poverty_alleviated")
    criteria = tuple(_criteria(policy, facts, head, local, poor))
    designated = all(c.met for c in criteria if c.required)
    on_site = policy.on_site_checks
    if not designated:
        return WorkshopResult(False, criteria, head, local, poor, on_site_checks=on_site)
    lines = calc_subsidy(policy.tiers, poor, policy.tier_mode)
    per_worker = sum((x.amount_cny for x in lines), Decimal(0))
    capped = policy.cap_cny is not None and per_worker > policy.cap_cny
    paid = policy.cap_cny if capped and policy.cap_cny is not None else per_worker
    award = Decimal(0) if facts.designated_before else policy.award_cny
    return WorkshopResult(
        designated=True,
        criteria=criteria,
        headcount=head,
        local_workers=local,
        eligible_workers=poor,
        lines=lines,
        per_worker_cny=per_worker.quantize(FEN, ROUND_HALF_UP),
        cap_cny=policy.cap_cny,
        capped=capped,
        award_cny=award.quantize(FEN, ROUND_HALF_UP),
        total_cny=(paid + award).quantize(FEN, ROUND_HALF_UP),
        on_site_checks=on_site,
    )
