"""One step from a county's own table to our fields, for every reader of such tables.

:func:`read_county_table` reads the file with :func:`~microparks.io.ledger.read_sheet` (title
rows, 序号 and empty columns, total and blank rows, GBK), recognises its headers and values with
:func:`~microparks.io.ledger.read_ledger` (units into base units, codes, ranges) and adds the
problems every such reader checks alike: a required column the file lacks, a required cell left
empty, and a code a workbook holds as a number (its leading zeros may be lost). Each bad cell is
a :class:`~microparks.io.errors.RowError` on the row the user sees; the reader decides what to
raise. The vocabularies are the shipped ``vocabulary`` rules documents (by name) unless one is
given (the web passes the region's document in effect).

Two kinds of reader use it, and each keeps the problems its users are shown:

- the web imports (evaluation records, bureau files, spending, impact inputs, region values)
  list every problem by row, a missing column on the header row with the headers we take for it;
  a file that cannot be read raises :class:`~microparks.io.errors.ImportFileError`;
- the commands' readers (long tables, declarations, matching tables) pass ``refusal``: a file
  that cannot be read or lacks a column raises it, naming the file's own headers, and the CLI
  prints each problem of a :class:`TableRefusal` in the user's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import python_calamine

from microparks.core.vocabulary import Vocabulary
from microparks.io.errors import ImportFileError, RowError, gettext_noop
from microparks.io.ledger import SPREADSHEET_SUFFIXES, Ledger, Sheet, read_ledger, read_sheet
from microparks.io.rules.shipped import load_shipped

__all__ = [
    "CODE_AS_NUMBER",
    "EMPTY_CELL",
    "MISSING_COLUMN",
    "MISSING_COLUMNS",
    "REQUIRED_VALUE",
    "CountyTable",
    "TableRefusal",
    "default_context",
    "read_county_table",
    "read_plain_table",
    "shipped_vocabulary",
]

MISSING_COLUMN = gettext_noop("no column for %(field)s; headers taken for it: %(headers)s")
"""A missing required column as a problem on the header row (the web imports)."""
MISSING_COLUMNS = gettext_noop("missing column(s): %(fields)s; the file's headers: %(headers)s")
"""A missing required column as a refusal of the file (the commands' readers)."""
REQUIRED_VALUE = gettext_noop("a value is required")
"""An empty required cell, in a web import's list of problems."""
EMPTY_CELL = gettext_noop("empty: a value is required")
"""An empty required cell, in a command's one-line refusal."""
CODE_AS_NUMBER = gettext_noop(
    "the code is stored as a number, so its leading zeros may be lost (0111 becomes 111); "
    "format the column as text and type the codes again"
)
HEADERS_LISTED = 4
"""How many of a field's headers a missing-column problem names."""


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


@dataclass(frozen=True)
class CountyTable:
    """A file read into our fields, with every problem found (empty when it may be used).

    ``ledger.frame`` has a column per recognised field (index = the rows as numbered in the
    file), ``ledger.columns`` the user's column each came from, ``ledger.units`` the unit its
    header named; ``sheet`` is the file's text as read (encoding, skipped rows, header row).
    """

    sheet: Sheet
    ledger: Ledger
    errors: tuple[RowError, ...]

    @property
    def empty(self) -> bool:
        """Whether the file has no data row (after title, total and blank rows)."""
        return self.ledger.frame.empty

    @property
    def rest(self) -> pd.DataFrame:
        """The columns no field claimed, as text (same index)."""
        used = set(self.ledger.columns.values())
        return self.sheet.frame[[c for c in self.sheet.frame.columns if c not in used]]


@functools.cache
def shipped_vocabulary(name: str) -> Vocabulary:
    """The shipped ``vocabulary`` document ``name`` (``records``, ``long``, ``projects`` …)."""
    vocabulary: Vocabulary = load_shipped("vocabulary", name)
    return vocabulary


def default_context() -> dict[str, float]:
    """The values of symbolic bounds: ``next_year`` is the calendar year after this one."""
    return {"next_year": float(dt.date.today().year + 1)}


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


Need = str | tuple[str, ...]
"""A required field, or a tuple of alternatives of which one suffices (the first found counts)."""


def read_county_table(
    source: Path | bytes,
    file_name: str | None,
    vocabulary: str | Vocabulary,
    *,
    required: Sequence[Need] = (),
    filled: Sequence[Need] | None = None,
    code_fields: Sequence[str] = (),
    sheet: str | int | None = None,
    mapping: Mapping[str, str] | None = None,
    context: Mapping[str, float] | None = None,
    refusal: type[TableRefusal] | None = None,
) -> CountyTable:
    """Read ``source`` into the fields of ``vocabulary`` and collect every problem.

    Parameters
    ----------
    source : Path or bytes
        The file, or an upload's bytes (``file_name`` then gives the format by its suffix).
    file_name : str, optional
        The name shown in messages (the path's name by default).
    vocabulary : str or Vocabulary
        A shipped vocabulary's name, or the vocabulary itself (headers, codes, units, ranges).
    required : sequence of str or tuple of str
        Fields whose column must be present; a tuple names alternatives (one suffices).
    filled : sequence of str or tuple of str, optional
        Fields whose cells must not be empty where their column is present; a tuple names
        alternatives (the first present is checked). Default: ``required``.
    code_fields : sequence of str
        Text codes (industry codes) whose cells a workbook must hold as text: a number there
        may have lost its leading zeros, which is reported, not guessed.
    sheet : str or int, optional
        A workbook's sheet (default: the first that is not an instructions sheet).
    mapping : mapping, optional
        A saved {field: column} mapping; it wins over recognised headers.
    context : mapping, optional
        Values of symbolic bounds (default: :func:`default_context`).
    refusal : type, optional
        When given, a file that cannot be read or lacks a required column raises it (the
        file's headers named) and an empty required cell is :data:`EMPTY_CELL`; otherwise
        :class:`ImportFileError` propagates, a missing column is a problem on the header row
        (:data:`MISSING_COLUMN`, the headers we take for it) and an empty required cell is
        :data:`REQUIRED_VALUE`.

    Returns
    -------
    CountyTable
        The fields and every problem: missing columns (on the header row) first, then by row
        and column; the caller refuses the file if there are any.

    Raises
    ------
    ImportFileError
        Without ``refusal``: an unreadable file, an unknown encoding or format, a missing sheet
        or an empty file.
    TableRefusal
        With ``refusal`` (that type): the same, or a required column missing.

    """
    words = shipped_vocabulary(vocabulary) if isinstance(vocabulary, str) else vocabulary
    name = _source_name(source, file_name)
    if refusal is None:
        found = read_sheet(source, name, sheet=sheet, vocabulary=words)
    else:
        found = read_plain_table(source, name, sheet=sheet, vocabulary=words, refusal=refusal)
    ledger = read_ledger(found.frame, words, mapping=mapping, context=context or default_context())
    absent = [need for need in required if _present(need, ledger) is None]
    if absent and refusal is not None:
        headers = ", ".join(str(c) for c in found.frame.columns) or "-"
        fields = ", ".join(_alternatives(need)[0] for need in absent)
        problem = ImportFileError(MISSING_COLUMNS, {"fields": fields, "headers": headers})
        raise refusal(source=name, file_error=problem)
    missing = [_missing_column(_alternatives(need)[0], words, found) for need in absent]
    errors = list(ledger.errors)
    empty = EMPTY_CELL if refusal is not None else REQUIRED_VALUE
    errors += _empty_cells(ledger, required if filled is None else filled, empty, errors)
    for key in code_fields:
        if key in ledger.columns:
            errors += _numeric_codes(source, found, ledger.columns[key])
    errors.sort(key=lambda e: (e.row, e.field))
    return CountyTable(found, ledger, tuple(missing + errors))


def _alternatives(need: Need) -> tuple[str, ...]:
    return need if isinstance(need, tuple) else (need,)


def _present(need: Need, ledger: Ledger) -> str | None:
    """The first of ``need``'s alternatives the file has a column for."""
    return next((k for k in _alternatives(need) if k in ledger.frame.columns), None)


def _missing_column(key: str, vocabulary: Vocabulary, sheet: Sheet) -> RowError:
    """A missing column as a problem on the header row, naming the headers taken for it."""
    words = vocabulary.fields.get(key)
    label = (words.label if words else "") or key
    headers = (words.headers[:HEADERS_LISTED] if words else ()) or (key,)
    return RowError(
        sheet.header_row, key, MISSING_COLUMN, "", {"field": (label,), "headers": headers}
    )


def _empty_cells(
    ledger: Ledger, fields: Sequence[Need], message: str, flagged: Sequence[RowError]
) -> list[RowError]:
    """An empty cell of each field in ``fields`` (a cell already refused is not named twice)."""
    seen = {(e.row, e.field) for e in flagged}
    errors = []
    for need in fields:
        key = _present(need, ledger)
        if key is None:
            continue
        column = ledger.columns[key]
        for row, value in zip(ledger.frame.index, ledger.frame[key], strict=True):
            if value is None and (row, column) not in seen:
                errors.append(RowError(int(row), column, message))
    return errors


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
