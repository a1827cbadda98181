"""Importing a quarter's employment sheet (用工季报): every firm's record of the quarter, or none.

The sheet is read and its rows checked by
:func:`~microparks.io.labour_records.read_employment_sheet` with the county's
``labour_records`` vocabulary in effect; here each row meets the database:

- its firm is a tenant of one of the county's parks during the quarter, found by credit code
  (a code given and unknown is a problem: it is not guessed from the name); a row without a code
  is found by its name only when one tenant has it;
- a firm leasing in several of the county's parks needs a 园区 column naming one;
- a firm given twice is a problem.

Any problem refuses the whole file, naming row and column; nothing is written. Then, in one
transaction, each row is filed through :func:`~microparks.apps.labour.records.file_record`: the
same checks and previous-quarter flags as the form, kept with the record. A quarter imported
again replaces each firm's figures as the record's next revision (the audit log keeps every
revision); a row whose figures and park are unchanged is left as it is, and a firm absent from
the new sheet keeps its record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from microparks.apps.audit.middleware import current_user
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.models import EmploymentRecord
from microparks.apps.labour.records import figures_of, file_record
from microparks.apps.parks.models import Lease, Park
from microparks.apps.regions.models import Region
from microparks.apps.rules.models import RulesDocument
from microparks.apps.rules.vocabularies import vocabulary_with_document
from microparks.core.vocabulary import normalise_word
from microparks.io.errors import ImportFileError, ImportValidationError, RowError
from microparks.io.labour_records import (
    RECORDS_VOCABULARY,
    EmploymentSheet,
    SheetRow,
    read_employment_sheet,
)

Progress = Callable[[int, str], None]

NOT_A_COUNTY = gettext_noop(
    "%(region)s is not a county: employment records are imported for a county"
)
UNKNOWN_CODE = gettext_noop("no tenant of the county's parks in this quarter has this credit code")
UNKNOWN_NAME = gettext_noop(
    "no tenant of the county's parks in this quarter has this name; give its credit code"
)
AMBIGUOUS_NAME = gettext_noop("more than one tenant has this name; give its credit code")
SAME_FIRM = gettext_noop("the firm is already on row %(first)s")
SEVERAL_PARKS = gettext_noop(
    "the firm leases in several parks (%(parks)s): add a 园区 column naming one"
)
UNKNOWN_PARK = gettext_noop("the firm leases in no park of this name; its parks: %(parks)s")
READING = gettext_noop("Reading and checking the employment sheet")
SAVING = gettext_noop("Saving the employment records")


@dataclass(frozen=True)
class RecordsImported:
    """What an import of a quarter's sheet did."""

    file_name: str
    sha256: str
    year: int
    quarter: int
    created: int
    updated: int
    unchanged: int
    flagged: int
    vocabulary: RulesDocument | None
    """The vocabulary version the sheet was read with (``None``: the shipped words)."""


@dataclass
class _Tenancy:
    enterprise: Enterprise
    parks: dict[int, Park]


def _quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, after - dt.timedelta(days=1)


def tenancies(county: Region, year: int, quarter: int) -> dict[int, _Tenancy]:
    """The firms leasing in ``county``'s parks at some time in the quarter, with their parks."""
    first, last = _quarter_dates(year, quarter)
    leases = (
        Lease.objects.filter(Q(park__region=county) | Q(park__region__parent=county))
        .filter(start_date__lte=last)
        .exclude(end_date__lt=first)
        .select_related("enterprise", "park")
    )
    found: dict[int, _Tenancy] = {}
    for lease in leases:
        tenancy = found.setdefault(lease.enterprise_id, _Tenancy(lease.enterprise, {}))
        tenancy.parks[lease.park_id] = lease.park
    return found


def _match(
    sheet: EmploymentSheet, firms: dict[int, _Tenancy]
) -> tuple[list[tuple[SheetRow, Enterprise, Park]], list[RowError]]:
    """Each row's firm and park, or the problems naming row and column."""
    by_code = {t.enterprise.credit_code.strip().upper(): t for t in firms.values()}
    by_name: dict[str, list[_Tenancy]] = defaultdict(list)
    for each in firms.values():
        by_name[normalise_word(each.enterprise.name)].append(each)
    columns = sheet.columns
    matched: list[tuple[SheetRow, Enterprise, Park]] = []
    errors: list[RowError] = []
    seen: dict[int, int] = {}
    for row in sheet.rows:
        tenancy: _Tenancy | None = None
        if row.credit_code:
            tenancy = by_code.get(row.credit_code.upper())
            if tenancy is None:
                errors.append(
                    RowError(row.row, columns["credit_code"], UNKNOWN_CODE, row.credit_code)
                )
        elif row.name:
            named = by_name.get(normalise_word(row.name), [])
            if len(named) == 1:
                tenancy = named[0]
            else:
                reason = AMBIGUOUS_NAME if named else UNKNOWN_NAME
                errors.append(RowError(row.row, columns["name"], reason, row.name))
        if tenancy is None:
            continue
        firm = tenancy.enterprise
        field = columns.get("credit_code") or columns["name"]
        if firm.pk in seen:
            errors.append(RowError(row.row, field, SAME_FIRM, str(firm), {"first": seen[firm.pk]}))
            continue
        seen[firm.pk] = row.row
        park, problem = _park(row, tenancy, columns, field)
        if problem is not None:
            errors.append(problem)
        elif park is not None:
            matched.append((row, firm, park))
    return matched, errors


def _park(
    row: SheetRow, tenancy: _Tenancy, columns: dict[str, str], field: str
) -> tuple[Park | None, RowError | None]:
    parks = list(tenancy.parks.values())
    names = "、".join(sorted(p.name for p in parks))
    if row.park:
        chosen = [p for p in parks if normalise_word(p.name) == normalise_word(row.park)]
        if len(chosen) == 1:
            return chosen[0], None
        return None, RowError(row.row, columns["park"], UNKNOWN_PARK, row.park, {"parks": names})
    if len(parks) == 1:
        return parks[0], None
    return None, RowError(row.row, field, SEVERAL_PARKS, str(tenancy.enterprise), {"parks": names})


def _no_progress(_percent: int, _message: str) -> None:
    return None


def import_records(
    source: Path | bytes,
    county: Region,
    year: int,
    quarter: int,
    user: Any | None,
    *,
    file_name: str | None = None,
    progress: Progress | None = None,
) -> RecordsImported:
    """Import ``county``'s employment sheet for ``year`` Q``quarter``: every row or none.

    Raises
    ------
    ImportFileError
        A file that cannot be read, or ``county`` not a county.
    ImportValidationError
        Every problem of the file, by row and column; nothing is written.

    """
    report = progress or _no_progress
    if county.level != Region.Level.COUNTY:
        raise ImportFileError(NOT_A_COUNTY, {"region": county.code})
    report(5, READING)
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = file_name or (source.name if isinstance(source, Path) else "upload")
    words, document = vocabulary_with_document(RECORDS_VOCABULARY, county)
    sheet = read_employment_sheet(
        data, year, quarter, file_name=name, vocabulary=words, strict=False
    )
    matched, errors = _match(sheet, tenancies(county, year, quarter))
    if errors or sheet.errors:
        problems = sorted((*sheet.errors, *errors), key=lambda e: (e.row, e.field))
        raise ImportValidationError(name, problems)
    report(60, SAVING)
    token = current_user.set(user)  # the audit log's author
    try:
        with transaction.atomic():
            counts = _save(matched, year, quarter, user)
    finally:
        current_user.reset(token)
    created, updated, unchanged, flagged = counts
    return RecordsImported(
        name,
        hashlib.sha256(data).hexdigest(),
        year,
        quarter,
        created,
        updated,
        unchanged,
        flagged,
        document,
    )


def _save(
    matched: list[tuple[SheetRow, Enterprise, Park]], year: int, quarter: int, user: Any | None
) -> tuple[int, int, int, int]:
    stored = {
        r.enterprise_id: r
        for r in EmploymentRecord.objects.select_for_update().filter(
            enterprise_id__in=[firm.pk for _row, firm, _park in matched],
            year=year,
            quarter=quarter,
        )
    }
    created = updated = unchanged = flagged = 0
    for row, firm, park in matched:
        figures = row.figures
        assert figures is not None  # a row without its figures refused the file
        record = stored.get(firm.pk)
        if record is not None and figures_of(record) == figures and record.park_id == park.pk:
            unchanged += 1
            flagged += bool(record.flags)
            continue
        if record is None:
            record = EmploymentRecord(enterprise=firm, year=year, quarter=quarter)
            created += 1
        else:
            updated += 1
        record.park = park
        record.headcount, record.local = figures.headcount, figures.local
        record.poverty_alleviated, record.wage_cny = figures.poverty_alleviated, figures.wage_cny
        file_record(record, user)
        flagged += bool(record.flags)
    return created, updated, unchanged, flagged
