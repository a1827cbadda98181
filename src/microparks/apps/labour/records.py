"""Employment records (用工季报): filing with the previous-quarter check, the list, impact figures.

The checks are pure (:mod:`microparks.core.labour.records`); here they meet the database: the
previous quarter is looked up, hard errors are refused naming the field, flags are stored with
the record. :func:`jobs_and_wages` gives the impact module direct jobs and wage income of a
county's tenants from the records (see ``docs/methods/employment-records.md``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from microparks.apps.labour.models import EmploymentRecord
from microparks.core.labour.records import (
    QuarterFigures,
    check_quarter,
    direct_jobs,
    flag_changes,
    previous_quarter,
    wage_income_cny,
)
from microparks.core.messages import Message


def figures_of(record: EmploymentRecord) -> QuarterFigures:
    """The pure figures of a record."""
    return QuarterFigures(
        year=record.year,
        quarter=record.quarter,
        headcount=record.headcount,
        local=record.local,
        poverty_alleviated=record.poverty_alleviated,
        wage_cny=Decimal(record.wage_cny),
    )


def previous_record(record: EmploymentRecord) -> EmploymentRecord | None:
    """The same firm's record of the quarter before, if filed."""
    year, quarter = previous_quarter(record.year, record.quarter)
    return EmploymentRecord.objects.filter(
        enterprise_id=record.enterprise_id, year=year, quarter=quarter
    ).first()


def compute_flags(record: EmploymentRecord) -> list[dict[str, Any]]:
    """The warnings of ``record`` against its previous quarter, as stored in ``flags``."""
    before = previous_record(record)
    found = flag_changes(figures_of(record), figures_of(before) if before else None)
    return [
        {"field": f.field, "template": f.message.template, "params": dict(f.message.params)}
        for f in found
    ]


def flag_texts(record: EmploymentRecord) -> list[str]:
    """The stored flags of ``record`` in the user's language."""
    return [
        Message(flag["template"], flag.get("params") or {}).text(gettext)
        for flag in record.flags or []
    ]


def file_record(record: EmploymentRecord, user: Any) -> EmploymentRecord:
    """Store ``record`` (new or corrected) filed by ``user``, its flags computed afresh.

    Raises ``ValidationError`` naming the field for a hard error; flags never refuse.
    """
    problems = check_quarter(figures_of(record))
    if problems:
        raise ValidationError({p.field: p.message.text(gettext) for p in problems})
    with transaction.atomic():
        record.flags = compute_flags(record)
        record.filed_by = user
        record.filed_at = timezone.now()
        record.save()
        # The next quarter's flags compare with this one: refreshed when it is filed already.
        year, quarter = (
            (record.year + 1, 1) if record.quarter == 4 else (record.year, record.quarter + 1)
        )
        after = EmploymentRecord.objects.filter(
            enterprise_id=record.enterprise_id, year=year, quarter=quarter
        ).first()
        if after is not None:
            flags = compute_flags(after)
            if flags != after.flags:
                after.flags = flags
                after.save(update_fields=["flags", "updated_at"])
    return record


@dataclass(frozen=True)
class FirmJobs:
    """One firm's direct jobs (latest quarter filed) and wage income (all quarters) in a year."""

    quarters: int
    direct_jobs: int
    local_jobs: int
    poverty_alleviated_jobs: int
    wage_income_cny: Decimal


@dataclass(frozen=True)
class JobsAndWages:
    """Direct jobs and wage income of a county's firms in a year, from employment records."""

    year: int
    firms: int
    quarters: int
    direct_jobs: int
    local_jobs: int
    poverty_alleviated_jobs: int
    wage_income_cny: Decimal


def records_of_region(region: Any) -> QuerySet[EmploymentRecord]:
    """Records of the parks in ``region`` (a county: its townships' parks; or a township)."""
    return EmploymentRecord.objects.filter(Q(park__region=region) | Q(park__region__parent=region))


def jobs_by_firm(records: QuerySet[EmploymentRecord], year: int) -> dict[int, FirmJobs]:
    """Each firm's :class:`FirmJobs` of ``year`` from ``records``, by enterprise id."""
    quarters: dict[int, list[QuarterFigures]] = defaultdict(list)
    for record in records.filter(year=year).order_by("enterprise_id", "quarter"):
        quarters[record.enterprise_id].append(figures_of(record))
    out: dict[int, FirmJobs] = {}
    for firm, figures in quarters.items():
        latest = max(figures, key=lambda q: q.quarter)
        out[firm] = FirmJobs(
            quarters=len(figures),
            direct_jobs=direct_jobs(figures),
            local_jobs=latest.local,
            poverty_alleviated_jobs=latest.poverty_alleviated,
            wage_income_cny=wage_income_cny(figures),
        )
    return out


def jobs_and_wages(
    region: Any, year: int, records: QuerySet[EmploymentRecord] | None = None
) -> JobsAndWages | None:
    """Direct jobs and wage income of ``region``'s firms in ``year``; None without records.

    Direct jobs (and their local and 脱贫 parts) are each firm's latest quarter filed in the
    year, summed over firms; wage income is the sum over every quarter filed of headcount ×
    average monthly wage × 3. ``records`` narrows the rows (e.g. to what a user may see).
    """
    rows = records_of_region(region)
    if records is not None:
        rows = rows.filter(pk__in=records.values("pk"))
    firms = jobs_by_firm(rows, year)
    if not firms:
        return None
    return JobsAndWages(
        year=year,
        firms=len(firms),
        quarters=sum(f.quarters for f in firms.values()),
        direct_jobs=sum(f.direct_jobs for f in firms.values()),
        local_jobs=sum(f.local_jobs for f in firms.values()),
        poverty_alleviated_jobs=sum(f.poverty_alleviated_jobs for f in firms.values()),
        wage_income_cny=sum((f.wage_income_cny for f in firms.values()), Decimal(0)),
    )
