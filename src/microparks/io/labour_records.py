"""A quarter's employment sheet (用工季报) as a county collects it from its parks' firms: read.

The sheet is a CSV file (UTF-8 or GBK) or a workbook with a title row
(``2026年第三季度园区企业用工情况统计表``), Chinese headers with units (``月平均工资（元）``),
one row per firm and 合计 rows. It is read with the house's reader
(:func:`~microparks.io.county_tables.read_county_table`: header row, units, GBK, 序号 columns,
total rows skipped) and the words of the ``labour_records`` vocabulary document, then:

- a title naming another year or quarter than the one chosen is a problem on its cell
  (:mod:`microparks.io.labour_register_title`);
- each row names its firm by credit code or, the code left empty, by name;
- each row's figures pass the checks of a filed record
  (:func:`~microparks.core.labour.records.check_quarter`: parts at most the headcount, a wage
  above 0 for a firm that employs people), each problem on the file's own column.

Matching firms is the database's part (:mod:`microparks.apps.labour.records_import`). Every
problem is a :class:`~microparks.io.errors.RowError`; the reader raises
:class:`~microparks.io.errors.ImportValidationError` with all of them, or, with
``strict=False``, returns them with the rows (so that the caller adds its own and lists all).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from microparks.core.labour.records import QuarterFigures, check_quarter
from microparks.core.vocabulary import Vocabulary
from microparks.io.county_tables import read_county_table, shipped_vocabulary
from microparks.io.errors import ImportFileError, ImportValidationError, RowError, gettext_noop
from microparks.io.labour_register_title import check_title
from microparks.io.ledger import SkippedRow

__all__ = [
    "FIGURES",
    "NO_FIRM",
    "NO_FIRMS",
    "RECORDS_VOCABULARY",
    "EmploymentSheet",
    "SheetRow",
    "read_employment_sheet",
]

RECORDS_VOCABULARY = "labour_records"
"""The name of the sheet's shipped ``vocabulary`` rules document (a county may adapt it)."""
FIGURES = ("headcount", "local", "poverty_alleviated", "wage_cny")
"""The figures of a row, as in an employment record; every one required."""
NO_FIRM = gettext_noop("a credit code or a firm name is required")
NO_FIRMS = gettext_noop("the sheet holds no rows of firms")


@dataclass(frozen=True)
class SheetRow:
    """One firm's row: how the sheet names it and its figures (persons, CNY a month)."""

    row: int
    credit_code: str
    name: str
    park: str
    figures: QuarterFigures | None
    """``None`` where a figure is empty or unreadable (a problem of the sheet)."""


@dataclass(frozen=True)
class EmploymentSheet:
    """A quarter's sheet read and checked: its rows, the columns used, the rows left out."""

    file_name: str
    rows: tuple[SheetRow, ...]
    columns: dict[str, str]
    """Our field → the file's column it came from."""
    skipped: tuple[SkippedRow, ...]
    encoding: str | None = None
    errors: tuple[RowError, ...] = ()
    """The problems of the rows (empty unless read with ``strict=False``)."""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_employment_sheet(
    source: Path | bytes,
    year: int,
    quarter: int,
    *,
    file_name: str | None = None,
    vocabulary: Vocabulary | None = None,
    sheet: str | int | None = None,
    strict: bool = True,
) -> EmploymentSheet:
    """Read a quarter's employment sheet and check every row (see the module docstring).

    Parameters
    ----------
    source : Path or bytes
        The file, or an upload's bytes (``file_name`` then gives its format by the suffix).
    year, quarter : int
        The quarter the sheet is filed for; a title naming another is a problem.
    file_name : str, optional
        The name shown in messages.
    vocabulary : Vocabulary, optional
        The sheet's words (default: the shipped ``labour_records`` document).
    sheet : str or int, optional
        A workbook's sheet (default: the first that is not an instructions sheet).
    strict : bool
        Raise on a row's problem (default); otherwise return the problems in ``errors``.

    Raises
    ------
    ImportFileError
        A file that cannot be read, or one without a row of firms.
    ImportValidationError
        Every problem of the file, by row and column (a missing column on the header row);
        without ``strict``, only for a missing column.

    """
    name = file_name or (source.name if isinstance(source, Path) else "upload")
    words = vocabulary or shipped_vocabulary(RECORDS_VOCABULARY)
    table = read_county_table(
        source,
        name,
        words,
        required=(("credit_code", "name"), *FIGURES),
        filled=FIGURES,
        sheet=sheet,
    )
    errors = check_title(table.sheet.titles, year, quarter) + list(table.errors)
    if any(e.row == table.sheet.header_row and e.field in words.fields for e in errors):
        raise ImportValidationError(name, errors)  # a missing column: rows mean nothing yet
    if table.empty:
        raise ImportFileError(NO_FIRMS)
    columns = dict(table.ledger.columns)
    rows: list[SheetRow] = []
    for number, values in table.ledger.frame.iterrows():
        row = int(str(number))
        code, firm = _text(values.get("credit_code")), _text(values.get("name"))
        if not code and not firm:
            field = columns.get("credit_code") or columns.get("name") or "credit_code"
            errors.append(RowError(row, field, NO_FIRM))
        park = _text(values.get("park"))
        if any(values.get(key) is None for key in FIGURES):
            rows.append(SheetRow(row, code, firm, park, None))  # said already
            continue
        figures = QuarterFigures(
            year=year,
            quarter=quarter,
            headcount=int(values["headcount"]),
            local=int(values["local"]),
            poverty_alleviated=int(values["poverty_alleviated"]),
            wage_cny=Decimal(str(values["wage_cny"])).quantize(Decimal("0.01")),
        )
        for problem in check_quarter(figures):
            value = str(getattr(figures, problem.field, ""))
            errors.append(
                RowError(
                    row,
                    columns.get(problem.field, problem.field),
                    problem.message.template,
                    value,
                    dict(problem.message.params),
                )
            )
        rows.append(SheetRow(row, code, firm, park, figures))
    errors.sort(key=lambda e: (e.row, e.field))
    if errors and strict:
        raise ImportValidationError(name, errors)
    skipped = table.sheet.skipped
    return EmploymentSheet(name, tuple(rows), columns, skipped, table.sheet.encoding, tuple(errors))
