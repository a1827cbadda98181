"""Impact of the parks a user may see: tenants' records → direct, indirect, induced, net effects.

The input–output table is the one a county's official uploaded on the impact page (the latest
upload for the parks' county, :class:`~microparks.apps.impact.models.InputOutputTable`), else the
deployment's files ``MICROPARKS_IMPACT_TABLE`` (symmetric table, see ``docs/methods/impact.md``)
and ``MICROPARKS_IMPACT_CONCORDANCE`` (GB/T 4754 codes → table sectors). Without either the page
shows direct effects net of additionality only, and says so.

The headline year is the latest *complete* year with records (a year still running by the
rules' clock holds a part of the year's output and jobs, not the year's).
"""

from __future__ import annotations

import hashlib
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
from microparks.apps.common import clock
from microparks.apps.common.uploads import uploaded_files
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.impact.models import InputOutputTable
from microparks.apps.labour.models import EmploymentRecord
from microparks.apps.labour.records import jobs_by_firm
from microparks.apps.parks.models import Lease, Park
from microparks.apps.parks.services import active_leases
from microparks.apps.regions.models import Region
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
    uploaded: int | None = None
    """The :class:`InputOutputTable` it came from (None: the deployment's files)."""


@dataclass(frozen=True)
class ImpactPage:
    """Everything the impact page shows."""

    year: int | None
    years: list[int]
    partial_years: list[int]
    """Years among ``years`` that are not over yet (by the rules' clock): partial figures."""
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


def read_table(table: str | Path, concordance: str | Path, source: str) -> Table:
    """Read and check a table and its concordance: multipliers ready, every sector mapped.

    Raises ``IOTableError`` (a file's problems, named), ``ConcordanceError`` (a code or sector
    the table does not have) or ``ValueError`` (a table whose Leontief inverse does not exist).
    """
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
    return Table(source=source, multipliers=mult, concordance=conc)


def read_uploaded(
    table_name: str, table_bytes: bytes, concordance_name: str, concordance_bytes: bytes
) -> Table:
    """:func:`read_table` over uploaded files, kept under their own names.

    The suffix says CSV or workbook, and the readers name the file in their messages.
    """
    files = {
        "table": (table_name, table_bytes),
        "concordance": (concordance_name, concordance_bytes),
    }
    with uploaded_files(files) as paths:
        return read_table(paths["table"], paths["concordance"], Path(table_name).name)


def upload_digest(table_bytes: bytes, concordance_bytes: bytes) -> str:
    """SHA-256 over both files (the table's, then the concordance's)."""
    digest = hashlib.sha256(table_bytes)
    digest.update(b"\0")
    digest.update(concordance_bytes)
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _load_table(table: str, concordance: str, stamp: tuple[float, float]) -> Table:
    return read_table(table, concordance, Path(table).name)


@lru_cache(maxsize=8)
def _load_uploaded(pk: int, sha256: str) -> Table:
    row = InputOutputTable.objects.get(pk=pk)
    table = read_uploaded(
        row.table_name, bytes(row.table_file), row.concordance_name, bytes(row.concordance_file)
    )
    return replace(table, source=row.title, uploaded=row.pk)


def configured_table() -> Table | None:
    """The deployment's table (cached until its files change), or None when not configured."""
    table = settings.IMPACT_TABLE
    concordance = settings.IMPACT_CONCORDANCE
    if not table or not concordance:
        return None
    stamp = (Path(table).stat().st_mtime, Path(concordance).stat().st_mtime)
    return _load_table(table, concordance, stamp)


def uploaded_table_for(parks: QuerySet[Park]) -> InputOutputTable | None:
    """The latest table uploaded for the county of ``parks`` (or for a region above it).

    Parks whose regions lead to different tables (an administrator's view of several counties),
    or some to none, have no one table.
    """
    with_tables = set(InputOutputTable.objects.values_list("region_id", flat=True).distinct())
    if not with_tables:
        return None
    owners = {_owner(pk, with_tables) for pk in set(parks.values_list("region_id", flat=True))}
    owner = owners.pop() if len(owners) == 1 else None
    if owner is None:
        return None
    rows = InputOutputTable.objects.filter(region_id=owner)
    return rows.order_by("-created_at", "-pk").first()


def _owner(region_id: int, with_tables: set[int]) -> int | None:
    """The nearest region at or above ``region_id`` that has a table."""
    region = Region.objects.filter(pk=region_id).first()
    while region is not None:
        if region.pk in with_tables:
            return int(region.pk)
        region = region.parent
    return None


def table_for(parks: QuerySet[Park]) -> Table | None:
    """The table the impact of ``parks`` uses: their county's upload, else the deployment's."""
    row = uploaded_table_for(parks)
    if row is not None:
        return _load_uploaded(row.pk, row.sha256)
    return configured_table()


def partial_years(years: list[int]) -> list[int]:
    """The years not over yet on the rules' clock."""
    this_year = clock.today().year
    return [y for y in years if y >= this_year]


def headline_year(years: list[int]) -> int | None:
    """The latest complete year with records; the latest year when none is complete."""
    complete = [y for y in years if y not in partial_years(years)]
    return max(complete) if complete else (max(years) if years else None)


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
    """Gross and net impact of the tenants of ``parks`` for ``year``.

    ``year`` defaults to the latest complete year (:func:`headline_year`).

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
        year = headline_year(years)
    table = table_for(parks) if use_table else None
    empty = ImpactPage(
        year=year,
        years=years,
        partial_years=partial_years(years),
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
        partial_years=partial_years(years),
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
