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


def jobs_and_wages(
    region: Any, year: int, records: QuerySet[EmploymentRecord] | None = None
) -> JobsAndWages | None:
    """Direct jobs and wage income of ``region``'s firms in ``year``; None without records.

    Direct jobs (and their local and 脱贫 parts) are each firm's latest quarter filed in the
    year, summed over firms; wage income is the sum over every quarter filed of headcount ×
    average monthly wage × 3. ``records`` narrows the rows (e.g. to what a user may see).
    """
    rows = (records if records is not None else records_of_region(region)).filter(year=year)
    by_firm: dict[int, list[tuple[QuarterFigures, EmploymentRecord]]] = defaultdict(list)
    for record in rows.order_by("enterprise_id", "quarter"):
        by_firm[record.enterprise_id].append((figures_of(record), record))
    if not by_firm:
        return None
    jobs = local = poor = 0
    income = Decimal(0)
    count = 0
    for quarters in by_firm.values():
        figures = [f for f, _ in quarters]
        latest = max(quarters, key=lambda pair: pair[0].quarter)[0]
        jobs += direct_jobs(figures)
        local += latest.local
        poor += latest.poverty_alleviated
        income += wage_income_cny(figures)
        count += len(figures)
    return JobsAndWages(
        year=year,
        firms=len(by_firm),
        quarters=count,
        direct_jobs=jobs,
        local_jobs=local,
        poverty_alleviated_jobs=poor,
        wage_income_cny=income,
    )
