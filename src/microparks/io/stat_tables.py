"""Statistical and command-line tables read as a county or a bureau keeps them.

Every table a command reads (long tables, census tables, input–output tables, region tables,
matching tables, MCDA matrices) goes through :func:`microparks.io.ledger.read_sheet`: UTF-8 or
GBK/GB18030 CSV or a workbook, title rows above the header, 序号 and empty columns dropped,
blank and total (合计/小计/总计) rows skipped. Where the columns are the county's own (地区代码,
行业代码, 从业人员数（人）, 产值（万元）…) they are recognised by a shipped ``vocabulary``
rules document (:func:`read_county_table`); where they are data (a sector per column, a
criterion per column) each cell is read by :func:`number_cell`. Every bad cell is a
:class:`~microparks.io.errors.RowError` naming the row the user sees, the column, the value and
the reason; a reader refuses its file with a :class:`TableRefusal` carrying all of them, which
the CLI prints in the user's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import python_calamine

from microparks.core.vocabulary import Vocabulary, parse_number
from microparks.io.errors import ImportFileError, RowError, gettext_noop
from microparks.io.ledger import SPREADSHEET_SUFFIXES, Sheet, read_ledger, read_sheet

__all__ = [
    "MISSING_MARKERS",
    "CountyTable",
    "TableRefusal",
    "blank_missing",
    "load_vocabulary",
    "number_cell",
    "read_county_table",
    "read_plain_table",
    "starts_with_comment",
]

NOT_A_NUMBER = gettext_noop("not a number")
NOT_FINITE = gettext_noop("not a finite number")
NEGATIVE = gettext_noop("impossible value: must be %(bounds)s")
MISSING_COLUMNS = gettext_noop("missing column(s): %(fields)s; the file's headers: %(headers)s")
CODE_AS_NUMBER = gettext_noop(
    "the code is stored as a number, so its leading zeros may be lost (0111 becomes 111); "
    "format the column as text and type the codes again"
)


MISSING_MARKERS = frozenset(
    {"na", "n/a", "#n/a", "nan", "null", "-", "--", "—", "——", "…", "...", "/"}
)
"""What statistical tables write in a cell without data (compared case-folded)."""


def blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with cells that mark missing data (NA, —, …) made empty.

    Statistical yearbooks write ``—`` or ``…`` where a county has no figure; such a cell is
    empty, not a number to refuse. (``inf`` and ``1e400`` are not markers: they are refused.)
    """
    return frame.map(lambda c: "" if str(c).strip().casefold() in MISSING_MARKERS else c)


def _identity(message: str) -> str:
    return message


class TableRefusal(ValueError):
    """A table refused: one file problem or the problems of its cells, each translatable.

    Readers raise subclasses of it (their own error types stay what callers catch). ``str``
    gives the English text; :meth:`lines` gives one line per problem in the user's language.
    """

    def __init__(
        self,
        message: str = "",
        *,
        source: str = "",
        errors: Sequence[RowError] = (),
        file_error: ImportFileError | None = None,
    ) -> None:
        self.source = source
        self.row_errors = tuple(errors)
        self.file_error = file_error
        super().__init__(message or self._english())

    def _english(self) -> str:
        lines = self.lines()
        more = f" (and {len(lines) - 10} more)" if len(lines) > 10 else ""
        return "; ".join(lines[:10]) + more

    def lines(self, translate: Callable[[str], str] = _identity) -> list[str]:
        """One line per problem, ``file: row 3, field '从业人员数': not a number [abc]``."""
        prefix = f"{self.source}: " if self.source else ""
        if self.file_error is not None:
            return [prefix + self.file_error.text(translate)]
        if self.row_errors:
            return [prefix + e.line(translate) for e in self.row_errors]
        return [str(self)]


@functools.cache
def load_vocabulary(name: str) -> Vocabulary:
    """The shipped vocabulary document ``name`` (``long``, ``census``, ``projects`` …)."""
    from microparks.io.rules.shipped import load_shipped

    vocabulary: Vocabulary = load_shipped("vocabulary", name)
    return vocabulary


@dataclass(frozen=True)
class CountyTable:
    """A table in our fields (``frame``: field keys, index = the rows the user sees).

    ``columns`` says which of the user's columns each field came from, ``rest`` holds the
    columns no field claimed (as text, same index), ``errors`` every bad cell.
    """

    frame: pd.DataFrame
    columns: Mapping[str, str]
    units: Mapping[str, str]
    rest: pd.DataFrame
    sheet: Sheet
    errors: tuple[RowError, ...]


def _source_name(source: Path | bytes, file_name: str | None) -> str:
    return file_name or (source.name if isinstance(source, Path) else "upload")


def read_plain_table(
    source: Path | bytes,
    file_name: str | None = None,
    *,
    sheet: str | int | None = None,
    vocabulary: Vocabulary | None = None,
    refusal: type[TableRefusal] = TableRefusal,
) -> Sheet:
    """:func:`~microparks.io.ledger.read_sheet`, its file problems raised as ``refusal``."""
    name = _source_name(source, file_name)
    try:
        return read_sheet(source, name, sheet=sheet, vocabulary=vocabulary)
    except ImportFileError as exc:
        raise refusal(source=name, file_error=exc) from None


def read_county_table(
    source: Path | bytes,
    vocabulary: str | Vocabulary,
    *,
    file_name: str | None = None,
    sheet: str | int | None = None,
    required: Sequence[str | tuple[str, ...]] = (),
    code_fields: Sequence[str] = (),
    refusal: type[TableRefusal] = TableRefusal,
) -> CountyTable:
    """Read a table by a vocabulary: headers recognised, values coded, units to base units.

    Parameters
    ----------
    source : Path or bytes
        The CSV file or workbook.
    vocabulary : str or Vocabulary
        A shipped vocabulary's name, or the vocabulary itself.
    file_name : str, optional
        The name shown in messages (the path's name by default).
    sheet : str or int, optional
        A workbook's sheet.
    required : sequence
        Fields that must be found; a tuple names alternatives (one of them suffices).
    code_fields : sequence of str
        Text codes (industry codes) whose cells a workbook must hold as text: a number there
        may have lost its leading zeros, which is reported, not guessed.
    refusal : type
        The error raised for a file that cannot be read or lacks a required column.

    Returns
    -------
    CountyTable
        The fields and every cell's problem; the caller refuses the file if there are any.

    """
    words = load_vocabulary(vocabulary) if isinstance(vocabulary, str) else vocabulary
    name = _source_name(source, file_name)
    table = read_plain_table(source, name, sheet=sheet, vocabulary=words, refusal=refusal)
    ledger = read_ledger(table.frame, words, context={"next_year": dt.date.today().year + 1})
    missing = [
        need[0] if isinstance(need, tuple) else need  # named by what the caller asked for
        for need in required
        if not any(
            k in ledger.frame.columns for k in (need if isinstance(need, tuple) else (need,))
        )
    ]
    if missing:
        headers = ", ".join(str(c) for c in table.frame.columns) or "-"
        problem = ImportFileError(
            MISSING_COLUMNS, {"fields": ", ".join(missing), "headers": headers}
        )
        raise refusal(source=name, file_error=problem)
    errors = list(ledger.errors)
    for key in code_fields:
        if key in ledger.columns:
            errors += _numeric_codes(source, table, ledger.columns[key])
    used = set(ledger.columns.values())
    rest = table.frame[[c for c in table.frame.columns if c not in used]]
    return CountyTable(
        ledger.frame, ledger.columns, ledger.units, rest, table, tuple(sorted(errors, key=_order))
    )


def _order(error: RowError) -> tuple[int, str]:
    return error.row, error.field


def _numeric_codes(source: Path | bytes, table: Sheet, column: str) -> list[RowError]:
    """The cells of ``column`` a workbook holds as numbers (Excel drops leading zeros)."""
    if Path(table.file_name).suffix.lower() not in SPREADSHEET_SUFFIXES:
        return []
    book = (
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        if isinstance(source, bytes)
        else python_calamine.CalamineWorkbook.from_path(str(source))
    )
    rows = book.get_sheet_by_name(table.sheet or book.sheet_names[0]).to_python(
        skip_empty_area=False
    )
    header = [" ".join(str(c if c is not None else "").split()) for c in rows[table.header_row - 1]]
    if column not in header:
        return []  # a two-row or renamed header: nothing to check against
    at = header.index(column)
    errors = []
    for number in table.frame.index:
        row = rows[int(number) - 1] if int(number) - 1 < len(rows) else []
        cell = row[at] if at < len(row) else None
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            errors.append(
                RowError(int(number), column, CODE_AS_NUMBER, str(table.frame.loc[number, column]))
            )
    return errors


def number_cell(
    row: int,
    column: str,
    text: str,
    errors: list[RowError],
    *,
    low: float | None = None,
    empty: float | None = 0.0,
    parse: Callable[[str], float] | None = None,
) -> float:
    """A cell's number; a problem (not a number, inf/NaN, below ``low``) goes to ``errors``.

    ``empty`` is the value of an empty cell (``None``: an empty cell is a problem too);
    ``parse`` reads forms other than plain numbers (fractions such as ``1/3``). A problem gives
    NaN, never a value.
    """
    text = str(text).strip()
    if not text:
        if empty is None:
            errors.append(RowError(row, column, NOT_A_NUMBER, text))
            return math.nan
        return empty
    value: float | None
    if parse is not None:
        try:
            value = parse(text)
        except (ValueError, ZeroDivisionError):
            value = None
    else:
        parsed = parse_number(text)
        value = parsed[0] if parsed is not None and not parsed[1] else None
    if value is None:
        errors.append(RowError(row, column, NOT_A_NUMBER, text))
        return math.nan
    if not math.isfinite(value):
        errors.append(RowError(row, column, NOT_FINITE, text))
        return math.nan
    if low is not None and value < low:
        errors.append(RowError(row, column, NEGATIVE, text, {"bounds": f"≥ {low:g}"}))
        return math.nan
    return value


def starts_with_comment(path: Path) -> bool:
    """Whether a CSV file opens with a ``#`` line (the shipped tables carry their sources so)."""
    try:
        with path.open("rb") as handle:
            return handle.read(64).lstrip(b"\xef\xbb\xbf").startswith(b"#")
    except OSError:
        return False
