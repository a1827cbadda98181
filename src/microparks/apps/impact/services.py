"""Impact of the parks a user may see: tenants' records → direct, indirect, induced, net effects.

The input–output table is a deployment file: ``MICROPARKS_IMPACT_TABLE`` (symmetric table CSV,
see ``docs/methods/impact.md``) and ``MICROPARKS_IMPACT_CONCORDANCE`` (GB/T 4754 codes → table
sectors). Without them the page shows direct effects net of additionality only, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from microparks.apps.accounts.models import User
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.labour.models import EmploymentRecord
from microparks.apps.labour.records import jobs_by_firm
from microparks.apps.parks.models import Lease, Park
from microparks.apps.parks.services import active_leases
from microparks.core.impact import (
    AdditionalityRanges,
    Concordance,
    ImpactResult,
    MultiplierResult,
    calc_multipliers,
    calc_park_impact,
    calc_sector_totals,
    check_additionality,
    check_concordance,
)
from microparks.io.io_tables import read_additionality, read_concordance_rows, read_io_csv

SHARES = ("deadweight", "displacement", "leakage")
DRAWS = 2000


@dataclass(frozen=True)
class Table:
    """The configured input–output table, its multipliers and concordance."""

    source: str
    multipliers: MultiplierResult
    concordance: Concordance


@dataclass(frozen=True)
class ImpactPage:
    """Everything the impact page shows."""

    year: int | None
    years: list[int]
    tenants: int
    local_jobs: int
    rural_jobs: int
    result: ImpactResult | None
    assumptions: AdditionalityRanges
    assumptions_source: str
    table: str | None
    notes: list[str] = field(default_factory=list)
    jobs_from_records: int = 0
    """How many of the tenants' jobs and wages come from quarterly employment records (用工季报)
    rather than their annual records (see ``docs/methods/employment-records.md``)."""


@lru_cache(maxsize=4)
def _load_table(table: str, concordance: str, stamp: tuple[float, float]) -> Table:
    io = read_io_csv(table)
    mult = calc_multipliers(
        io.A,
        io.x,
        labour_income=io.labour_income,
        household_consumption=io.household_consumption,
        employment=io.employment,
        taxes=io.taxes,
        sectors=io.sectors,
    )
    conc = check_concordance(read_concordance_rows(concordance), io.sectors)
    return Table(source=Path(table).name, multipliers=mult, concordance=conc)


def configured_table() -> Table | None:
    """The deployment's table (cached until its files change), or None when not configured."""
    table = settings.IMPACT_TABLE
    concordance = settings.IMPACT_CONCORDANCE
    if not table or not concordance:
        return None
    stamp = (Path(table).stat().st_mtime, Path(concordance).stat().st_mtime)
    return _load_table(table, concordance, stamp)


def default_assumptions() -> tuple[AdditionalityRanges, str]:
    """The shipped (or deployment) additionality assumptions and where they came from."""
    data = read_additionality(settings.IMPACT_ASSUMPTIONS or None)
    return check_additionality(data), Path(str(data["source"])).name


def with_overrides(ranges: AdditionalityRanges, values: dict[str, float]) -> AdditionalityRanges:
    """Central shares replaced by the user's values; each range widened to contain them."""
    changes: dict[str, Any] = {}
    for name in SHARES:
        if values.get(name) is None:
            continue
        v = float(values[name])
        r = getattr(ranges, name)
        changes[name] = replace(r, default=v, low=min(r.low, v), high=max(r.high, v))
    return replace(ranges, **changes)


def available_years(parks: QuerySet[Park], user: User | AnonymousUser) -> list[int]:
    """Years with tenants' records, latest first."""
    return sorted(set(tenant_records(parks, user).values_list("year", flat=True)), reverse=True)


def tenant_records(parks: QuerySet[Park], user: User | AnonymousUser) -> QuerySet[AnnualRecord]:
    """Annual records (all years) of the current tenants of ``parks`` that ``user`` may see."""
    leases = Lease.objects.restrict(user).filter(active_leases(), park__in=parks)
    tenants = Enterprise.objects.restrict(user).filter(pk__in=leases.values("enterprise"))
    return AnnualRecord.objects.restrict(user).filter(enterprise__in=tenants)


def tenant_employment(
    parks: QuerySet[Park], user: User | AnonymousUser
) -> QuerySet[EmploymentRecord]:
    """Employment records (all years) of the current tenants of ``parks`` that ``user`` may see."""
    leases = Lease.objects.restrict(user).filter(active_leases(), park__in=parks)
    tenants = Enterprise.objects.restrict(user).filter(pk__in=leases.values("enterprise"))
    return EmploymentRecord.objects.restrict(user).filter(enterprise__in=tenants, park__in=parks)


def run_impact(
    parks: QuerySet[Park],
    user: User | AnonymousUser,
    *,
    year: int | None = None,
    overrides: dict[str, float] | None = None,
    seed: int = 0,
    use_table: bool = True,
) -> ImpactPage:
    """Gross and net impact of the tenants of ``parks`` for ``year`` (default: latest).

    A tenant with employment records in ``year`` has its direct jobs (latest quarter), local
    jobs and wages (sum of headcount × monthly wage × 3) taken from them, not from its annual
    record; ``jobs_from_records`` counts those tenants.

    Raises ``ConcordanceError`` when the configured concordance misses a tenant's industry;
    ``use_table=False`` then gives the direct-only figures.
    """
    ranges, source = default_assumptions()
    ranges = with_overrides(ranges, overrides or {})
    records = tenant_records(parks, user)
    years = sorted(set(records.values_list("year", flat=True)), reverse=True)
    if year not in years:
        year = years[0] if years else None
    table = configured_table() if use_table else None
    empty = ImpactPage(
        year=year,
        years=years,
        tenants=0,
        local_jobs=0,
        rural_jobs=0,
        result=None,
        assumptions=ranges,
        assumptions_source=source,
        table=table.source if table else None,
    )
    if year is None:
        return empty
    rows = list(
        records.filter(year=year).values_list(
            "enterprise__industry__code", "output_cny", "jobs", "wages_cny", "tax_cny",
            "local_jobs", "rural_jobs", "enterprise_id",
        )
    )  # fmt: skip
    if not rows:
        return empty
    employment = jobs_by_firm(tenant_employment(parks, user), year)
    rows = [
        (r[0], r[1], e.direct_jobs, e.wage_income_cny, r[4], e.local_jobs, r[6], r[7])
        if (e := employment.get(r[7])) is not None
        else r
        for r in rows
    ]
    codes = [r[0] for r in rows]
    values = np.array([[float(v or Decimal(0)) for v in r[1:5]] for r in rows])
    measures = ("output", "jobs", "income", "tax")
    notes: list[str] = []
    if table is None:
        direct = {m: np.array([values[:, i].sum()]) for i, m in enumerate(measures)}
        result = calc_park_impact(direct, None, ranges, draws=DRAWS, seed=seed)
    else:
        direct = {
            m: calc_sector_totals(values[:, i], codes, table.concordance)
            for i, m in enumerate(measures)
        }
        result = calc_park_impact(direct, table.multipliers, ranges, draws=DRAWS, seed=seed)
    notes.extend(result.notes)
    return ImpactPage(
        year=year,
        years=years,
        tenants=len(rows),
        local_jobs=sum(int(r[5]) for r in rows),
        rural_jobs=sum(int(r[6]) for r in rows),
        result=result,
        assumptions=ranges,
        assumptions_source=source,
        table=table.source if table else None,
        notes=notes,
        jobs_from_records=sum(1 for r in rows if r[7] in employment),
    )
