"""One step from a county's file to our fields, for the evaluation and impact readers.

:func:`read_county_table` reads the file with :func:`~microparks.io.ledger.read_sheet` (title
rows, 序号 and empty columns, total and blank rows, GBK), recognises its headers and values with
:func:`~microparks.io.ledger.read_ledger` (units into base units, codes, ranges) and adds the
problems every such reader checks alike: a required column the file lacks (named on the header
row, with the headers taken for it) and a required cell left empty. Each problem is a
:class:`~microparks.io.errors.RowError` on the row the user sees; the reader decides what to
raise. The vocabularies are the shipped ``vocabulary`` rules documents unless one is given
(the web passes the region's document in effect).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from microparks.core.vocabulary import Vocabulary
from microparks.io.errors import RowError, gettext_noop
from microparks.io.ledger import Ledger, Sheet, read_ledger, read_sheet
from microparks.io.rules.shipped import load_shipped

__all__ = [
    "MISSING_COLUMN",
    "REQUIRED_VALUE",
    "CountyTable",
    "default_context",
    "read_county_table",
    "shipped_vocabulary",
]

MISSING_COLUMN = gettext_noop("no column for %(field)s; headers taken for it: %(headers)s")
REQUIRED_VALUE = gettext_noop("a value is required")
HEADERS_LISTED = 4
"""How many of a field's headers a missing-column problem names."""


@dataclass(frozen=True)
class CountyTable:
    """A file read into our fields, with every problem found (empty when it may be used)."""

    sheet: Sheet
    ledger: Ledger
    errors: tuple[RowError, ...]

    @property
    def empty(self) -> bool:
        """Whether the file has no data row (after title, total and blank rows)."""
        return self.ledger.frame.empty


def shipped_vocabulary(name: str) -> Vocabulary:
    """The shipped ``vocabulary`` document ``name`` (``records``, ``bureau``, ``spending`` …)."""
    vocabulary: Vocabulary = load_shipped("vocabulary", name)
    return vocabulary


def default_context() -> dict[str, float]:
    """The values of symbolic bounds: ``next_year`` is the calendar year after this one."""
    return {"next_year": float(dt.date.today().year + 1)}


def read_county_table(
    source: Path | bytes,
    file_name: str | None,
    vocabulary: Vocabulary,
    *,
    required: Collection[str] = (),
    sheet: str | int | None = None,
    mapping: Mapping[str, str] | None = None,
    context: Mapping[str, float] | None = None,
) -> CountyTable:
    """Read ``source`` into the fields of ``vocabulary`` and collect every problem.

    Parameters
    ----------
    source : Path or bytes
        The file, or an upload's bytes (``file_name`` then gives the format by its suffix).
    file_name : str, optional
        The name shown in messages.
    vocabulary : Vocabulary
        The headers, codes, units and ranges of this kind of table.
    required : collection of str
        Fields whose column must be present and whose cells must not be empty.
    sheet : str or int, optional
        A workbook's sheet (default: the first that is not an instructions sheet).
    mapping : mapping, optional
        A saved {field: column} mapping; it wins over recognised headers.
    context : mapping, optional
        Values of symbolic bounds (default: :func:`default_context`).

    Returns
    -------
    CountyTable
        ``ledger.frame`` has a column per recognised field (index = the rows as numbered in the
        file); ``errors`` every problem, missing columns first, then by row.

    Raises
    ------
    ImportFileError
        An unreadable file, an unknown encoding or format, a missing sheet or an empty file.

    """
    found = read_sheet(source, file_name, sheet=sheet, vocabulary=vocabulary)
    ledger = read_ledger(
        found.frame, vocabulary, mapping=mapping, context=context or default_context()
    )
    missing = [
        RowError(
            found.header_row,
            key,
            MISSING_COLUMN,
            "",
            {
                "field": (vocabulary.fields[key].label or key,),
                "headers": vocabulary.fields[key].headers[:HEADERS_LISTED] or (key,),
            },
        )
        for key in required
        if key not in ledger.columns
    ]
    flagged = {(e.row, e.field) for e in ledger.errors}
    cells: list[RowError] = list(ledger.errors)
    for key in required:
        column = ledger.columns.get(key)
        if column is None or key not in ledger.frame.columns:
            continue
        for row, value in zip(ledger.frame.index, ledger.frame[key], strict=True):
            if value is None and (row, column) not in flagged:
                cells.append(RowError(int(row), column, REQUIRED_VALUE))
    cells.sort(key=lambda e: e.row)
    return CountyTable(found, ledger, tuple(missing + cells))
