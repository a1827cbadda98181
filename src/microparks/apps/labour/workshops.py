"""Employment-assistance workshop runs: every tenant firm of a county for a year, stored.

The designation and the subsidy are pure (:mod:`microparks.core.labour.workshop`); here they
meet the database. A run reads the ``workshop`` policy in effect for the county (its exact
version is kept with the run), the firms' quarterly employment records of the year, the start
of their earliest lease in the county (months operating; without a lease, 3 months per staffed
quarter filed) and whether the latest run of an earlier year designated them (the one-off award
is paid once). See ``docs/methods/workshops.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.base import Role
from microparks.apps.labour.models import EmploymentRecord
from microparks.apps.labour.records import figures_of, records_of_region
from microparks.apps.labour.workshop_models import RUNNERS, WorkshopResult, WorkshopRun
from microparks.apps.parks.models import Lease
from microparks.apps.regions.models import Region
from microparks.apps.rules.services import in_effect, parse
from microparks.core.labour.workshop import (
    LABELS,
    WorkshopFacts,
    calc_months_operating,
    evaluate_workshop,
)
from microparks.core.labour.workshop import (
    WorkshopResult as Outcome,
)
from microparks.core.messages import Message


def may_run(user: Any, county: Region) -> bool:
    """Whether ``user`` may run the designation of ``county`` (its officials, the admin)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role in RUNNERS and county.pk in user.region_ids()


def counties_for(user: Any) -> QuerySet[Region]:
    """The counties ``user`` may run the designation of."""
    counties = Region.objects.filter(level=Region.Level.COUNTY).order_by("code")
    if user.is_superuser or user.role == Role.ADMIN:
        return counties
    if user.role not in RUNNERS:
        return counties.none()
    return counties.filter(pk__in=user.region_ids())


def _months_operating(firms: set[int], county: Region, year: int) -> dict[int, int]:
    in_county = Q(park__region=county) | Q(park__region__parent=county)
    starts = (
        Lease.objects.filter(in_county, enterprise_id__in=firms)
        .values("enterprise_id")
        .annotate(first=Min("start_date"))
    )
    return {s["enterprise_id"]: calc_months_operating(s["first"], year) for s in starts}


def _designated_before(county: Region, year: int) -> set[int]:
    """Firms designated by the latest run of any earlier year of ``county``."""
    latest = (
        WorkshopRun.objects.filter(region=county, year__lt=year)
        .values("year")
        .annotate(n=Max("number"))
    )
    runs = [
        WorkshopRun.objects.filter(region=county, year=r["year"], number=r["n"]).values("pk")
        for r in latest
    ]
    found: set[int] = set()
    for run in runs:
        found |= set(
            WorkshopResult.objects.filter(run__in=run, designated=True).values_list(
                "enterprise_id", flat=True
            )
        )
    return found


def _row(
    run: WorkshopRun,
    firm: int,
    records: list[EmploymentRecord],
    outcome: Outcome,
    facts: WorkshopFacts,
) -> WorkshopResult:
    latest = max(records, key=lambda r: r.quarter)
    return WorkshopResult(
        run=run,
        enterprise_id=firm,
        park_id=latest.park_id,
        designated=outcome.designated,
        headcount=outcome.headcount,
        local_workers=outcome.local_workers,
        eligible_workers=outcome.eligible_workers,
        months_operating=facts.months_operating,
        per_worker_cny=outcome.per_worker_cny,
        capped=outcome.capped,
        award_cny=outcome.award_cny,
        total_cny=outcome.total_cny,
        criteria=[
            {
                "key": c.key,
                "met": c.met,
                "value": str(c.value),
                "threshold": str(c.threshold),
                "required": c.required,
                "template": c.reason.template,
                "params": {k: str(v) for k, v in c.reason.params.items()},
            }
            for c in outcome.criteria
        ],
        lines=[
            {
                "first_worker": x.first_worker,
                "workers": x.workers,
                "per_worker_cny": str(x.per_worker_cny),
                "amount_cny": str(x.amount_cny),
            }
            for x in outcome.lines
        ],
        inputs={
            "quarters": [
                {
                    "quarter": r.quarter,
                    "headcount": r.headcount,
                    "local": r.local,
                    "poverty_alleviated": r.poverty_alleviated,
                    "wage_cny": str(r.wage_cny),
                }
                for r in sorted(records, key=lambda r: r.quarter)
            ],
            "months_operating": facts.months_operating,
            "designated_before": facts.designated_before,
        },
    )


def run_workshops(user: Any, county: Region, year: int) -> WorkshopRun:
    """Evaluate every firm of ``county`` with employment records in ``year``; store a new run.

    ``user`` is the account running it, checked with :func:`may_run`; ``None`` is the command
    line (``microparks labour workshops``), run by whoever holds the database.

    Raises
    ------
    PermissionDenied
        If ``user`` may not run ``county``'s designation.
    ValidationError
        If no firm of the county filed a record for the year.
    NoDocumentError
        If no workshop policy is in effect (every version retired).

    """
    if user is not None and not may_run(user, county):
        raise PermissionDenied(_("Your role may not run the workshop designation."))
    doc = in_effect("workshop", region=county)
    policy = parse(doc)
    by_firm: dict[int, list[EmploymentRecord]] = defaultdict(list)
    for record in records_of_region(county).filter(year=year).order_by("enterprise_id", "quarter"):
        by_firm[record.enterprise_id].append(record)
    if not by_firm:
        raise ValidationError(
            _("No firm of %(county)s filed an employment record for %(year)s.")
            % {"county": county.name, "year": year}
        )
    months = _months_operating(set(by_firm), county, year)
    before = _designated_before(county, year)
    with transaction.atomic():
        last = WorkshopRun.objects.filter(region=county, year=year).aggregate(n=Max("number"))
        run = WorkshopRun.objects.create(
            region=county,
            year=year,
            number=(last["n"] or 0) + 1,
            rules=doc,
            run_by=user if user is not None and user.is_authenticated else None,
        )
        rows = []
        for firm, records in by_firm.items():
            staffed = sum(1 for r in records if r.headcount > 0)
            facts = WorkshopFacts(
                year=year,
                quarters=tuple(figures_of(r) for r in records),
                months_operating=months.get(firm, 3 * staffed),
                designated_before=firm in before,
            )
            rows.append(_row(run, firm, records, evaluate_workshop(policy, facts), facts))
        WorkshopResult.objects.bulk_create(rows)
        run.firms = len(rows)
        run.designated = sum(1 for r in rows if r.designated)
        run.total_cny = sum((r.total_cny for r in rows), Decimal(0))
        run.save(update_fields=["firms", "designated", "total_cny", "updated_at"])
    return run


@dataclass(frozen=True)
class Reason:
    """A criterion of a stored result as shown: its name, the reason and whether it is met."""

    label: str
    text: str
    met: bool
    required: bool


def reasons(result: WorkshopResult, translate: Any = _) -> list[Reason]:
    """The stored criteria of ``result`` in the user's language."""
    out = []
    for c in result.criteria:
        params = dict(c.get("params") or {})
        if "label" in params:
            params["label"] = Message(LABELS.get(c["key"], c["key"]))
        text = Message(c["template"], params).text(translate)
        out.append(Reason(translate(LABELS.get(c["key"], c["key"])), text, c["met"], c["required"]))
    return out


def unmet_text(result: WorkshopResult, translate: Any = _) -> str:
    """Why a firm is not designated: its unmet required criteria, ``; ``-joined."""
    return "; ".join(r.text for r in reasons(result, translate) if r.required and not r.met)


def export_table(run: WorkshopRun, rows: list[WorkshopResult]) -> pd.DataFrame:
    """One line per firm for the 人社 bureau, designated first, headers in the user's language."""
    version = run.rules.label
    return pd.DataFrame(
        [
            {
                _("Unified social credit code"): r.enterprise.credit_code,
                _("Enterprise name"): r.enterprise.name,
                _("Park"): r.park.name,
                _("Township"): r.park.region.name,
                _("Subsidy year"): run.year,
                _("Designated"): _("Yes") if r.designated else _("No"),
                _("Workers (stable count)"): r.headcount,
                _("Local workers (stable count)"): r.local_workers,
                _("Poverty-alleviated workers employed"): r.eligible_workers,
                _("Months operating"): r.months_operating,
                _("Per-worker subsidy before the cap (CNY)"): r.per_worker_cny,
                _("Capped"): _("Yes") if r.capped else "",
                _("One-off award (CNY)"): r.award_cny,
                _("Subsidy (CNY)"): r.total_cny,
                _("Criteria not met"): unmet_text(r),
                _("Policy version"): version,
            }
            for r in sorted(rows, key=lambda r: (not r.designated, r.enterprise.name))
        ]
    )


def about_table(run: WorkshopRun) -> pd.DataFrame:
    """The run's provenance and the policy's on-site checks (the export's About sheet)."""
    policy = parse(run.rules)
    facts = [
        (_("County"), run.region.name),
        (_("Year"), run.year),
        (_("Run"), run.number),
        (_("Run at"), timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M")),
        (_("Policy version"), run.rules.label),
        (_("SHA-256 of the policy"), run.rules.sha256),
    ]
    facts += [(_("Check on site"), text) for text in policy.on_site_checks]
    return pd.DataFrame(facts, columns=[_("Item"), _("Value")])
