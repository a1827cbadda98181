"""Region indicator tables (``--regions``) read as a statistics bureau keeps them.

A CSV file (UTF-8 or GBK) or workbook with title rows, 序号 columns and 合计 rows, whose
region-code column is ``region`` or a Chinese header of the ``long`` vocabulary (地区代码,
行政区划代码 …); Parquet is read as written. Columns of numbers must hold finite numbers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from microparks.core.vocabulary import Vocabulary, match_headers
from microparks.io.county_tables import TableRefusal, read_plain_table, shipped_vocabulary
from microparks.io.errors import UNREADABLE_FILE_ERRORS, ImportFileError, RowError, gettext_noop
from microparks.io.ledger import CSV_SUFFIXES, SPREADSHEET_SUFFIXES
from microparks.io.table_cells import MISSING_MARKERS, number_cell

__all__ = ["LABEL_COLUMNS", "RegionsError", "read_outcomes", "read_regions"]

FloatArray = npt.NDArray[np.float64]


class RegionsError(TableRefusal):
    """A region file cannot be read as a table of indicators (its bad cells named)."""


NO_REGION_COLUMN = gettext_noop(
    "a region table needs a 'region' column (or 地区代码, 行政区划代码 …); its headers: %(headers)s"
)
REGION_TWICE = gettext_noop("region %(region)s appears more than once (also on row %(first)s)")
NO_ROWS = gettext_noop("the table has no row of data below its header")
EXCEL_ERROR = gettext_noop("an Excel error value, not a number")
FORMULA = gettext_noop("a formula, not a number (save the workbook's values)")

LABEL_COLUMNS = ("name", "province", "prefecture", "state", "county")
"""Columns of text beside a region's code; in an outcomes table every other column is numbers."""

REGION_MISSING = MISSING_MARKERS - {"nan", "#n/a"}
"""Marks of a missing figure; NaN and #N/A are what a program or a broken formula wrote, refused."""

_EXCEL_ERROR = re.compile(
    r"#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|"
    r"CONNECT!|BUSY!|UNKNOWN!)",
    re.IGNORECASE,
)


def read_regions(path: str | Path, text_columns: Collection[str] | None = None) -> pd.DataFrame:
    """A region indicator table (CSV, Excel or Parquet) with a ``region`` column as index.

    CSV and workbooks are read as a bureau keeps them (UTF-8 or GBK, title rows, 序号 columns,
    合计 rows skipped); the region-code column may be ``region`` or a Chinese header of the
    ``long`` vocabulary (地区代码, 行政区划代码 …). Every other column that holds numbers is read
    as numbers: a cell that is not a finite number (``inf``, ``1e400``, ``NaN``, text in a column
    of numbers, an Excel error such as ``#REF!`` or a formula's text) is refused with its row and
    column; NA, — and blank cells are missing. A table without a row of data is refused.

    Parameters
    ----------
    path : str or pathlib.Path
        The table; region codes are read as text (leading zeros kept).
    text_columns : collection of str, optional
        The only columns that may hold text (every other one must hold numbers); by default a
        column is one of numbers when most of its filled cells are numbers.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    RegionsError
        Unreadable file, no region column, a region twice, or bad cells (each named).

    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        try:
            frame = (
                pd.read_parquet(p)
                if suffix == ".parquet"
                else pd.read_csv(p, dtype={"region": str})
            )
        except UNREADABLE_FILE_ERRORS as exc:
            raise RegionsError(f"{p.name}: cannot read the table ({exc})") from None
        if "region" not in frame.columns:
            raise RegionsError(f"{p}: a region table needs a 'region' column")
        frame["region"] = frame["region"].astype(str).str.strip()
        if frame["region"].duplicated().any():
            dup = frame.loc[frame["region"].duplicated(), "region"].iloc[0]
            raise RegionsError(f"{p}: region {dup!r} appears more than once")
        return frame.set_index("region")
    return _read_region_sheet(p, text_columns)


def read_outcomes(path: str | Path) -> pd.DataFrame:
    """The outcomes of reference regions (``region``, then parks, firms, jobs, tax_cny …).

    Read as :func:`read_regions`, every column other than :data:`LABEL_COLUMNS` a column of
    numbers (a cell of text, NaN, an Excel error or a formula refused by row and column).

    Raises
    ------
    RegionsError
        As :func:`read_regions`.

    """
    return read_regions(path, text_columns=LABEL_COLUMNS)


def _read_region_sheet(p: Path, text_columns: Collection[str] | None) -> pd.DataFrame:
    """A CSV or workbook region table, through the county-table reader.

    A wide table (thousands of indicator columns) is judged and converted as one grid of cells,
    not column by column: plain numbers (``12.5``) are read at once, only the other cells take
    :func:`_number`'s checks, and the frame is built in one step.
    """
    words = shipped_vocabulary("long")
    sheet = read_plain_table(p, vocabulary=words, refusal=RegionsError)
    if sheet.frame.empty:
        raise RegionsError(source=p.name, file_error=ImportFileError(NO_ROWS))
    columns = [str(c) for c in sheet.frame.columns]
    column = _region_column(columns, words)
    if column is None:
        problem = ImportFileError(NO_REGION_COLUMN, {"headers": ", ".join(columns) or "-"})
        raise RegionsError(source=p.name, file_error=problem)
    grid = _Grid(sheet.frame)
    rows = sheet.frame.index.astype(int).tolist()
    codes = grid.cells[columns.index(column)].tolist()
    errors = _repeated_regions(rows, column, codes)
    data: dict[str, Any] = {}
    for j, name in enumerate(columns):
        if name == column:
            continue
        numbers = name not in text_columns if text_columns is not None else grid.numbers(j)
        data[name] = grid.values(j, rows, name, errors) if numbers else grid.texts(j)
    if errors:
        raise RegionsError(source=p.name, errors=sorted(errors, key=lambda e: (e.row, e.field)))
    out: pd.DataFrame = pd.DataFrame(data, index=pd.Index(codes, name="region"))
    return out


def _repeated_regions(rows: list[int], column: str, codes: list[str]) -> list[RowError]:
    """A region code on more than one row, named on each repetition with its first row."""
    errors: list[RowError] = []
    first: dict[str, int] = {}
    for row, code in zip(rows, codes, strict=True):
        if code in first:
            errors.append(
                RowError(row, column, REGION_TWICE, code, {"region": code, "first": first[code]})
            )
        first.setdefault(code, row)
    return errors


_PLAIN = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
"""A cell :func:`_number` reads as ``float(text)`` with nothing to check but finiteness."""


class _Grid:
    """The sheet's cells stripped, missing marks made empty, and which are plain numbers.

    Held column-major (one row of the arrays a column of the sheet); ``parsed`` is the value
    of each plain number (NaN elsewhere).
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        flat = pd.Series(frame.to_numpy(dtype=object).ravel(order="F"), dtype=object)
        texts = flat.astype(str).str.strip()
        cells = texts.to_numpy(dtype=object)
        plain = texts.str.fullmatch(_PLAIN).to_numpy(dtype=bool, copy=True)
        other = np.flatnonzero(~plain)  # a plain number is never a mark of a missing figure
        marks = [str(c).casefold() in REGION_MISSING for c in cells[other]]
        cells[other[np.asarray(marks, dtype=bool)]] = ""
        parsed = np.full(len(cells), np.nan)
        parsed[plain] = np.asarray(cells[plain], dtype=np.float64)  # float(text), as _number
        plain &= np.isfinite(parsed)  # 1e400 matches but is refused by _number
        shape = (frame.shape[1], frame.shape[0])
        self.cells: npt.NDArray[np.object_] = cells.reshape(shape)
        self.plain: npt.NDArray[np.bool_] = plain.reshape(shape)
        self.parsed: FloatArray = parsed.reshape(shape)
        self.other: npt.NDArray[np.bool_] = ~self.plain & (self.cells != "")  # filled, not plain

    def numbers(self, j: int) -> bool:
        """Whether column ``j`` is one of numbers: all its cells look so, or most filled ones.

        So a column of indicators with a word, an Excel error or a formula in a cell is refused
        by that cell, where a column of names stays text.
        """
        other = self.cells[j][self.other[j]].tolist()
        spoilt = [_spoilt(t) for t in other]
        numeric = [s or _looks_numeric(t) for t, s in zip(other, spoilt, strict=True)]
        if all(numeric):
            return True
        words = numeric.count(False)
        read = int(self.plain[j].sum()) + sum(
            n and not s for n, s in zip(numeric, spoilt, strict=True)
        )
        return read > words

    def texts(self, j: int) -> npt.NDArray[np.object_]:
        """Column ``j`` as text, an empty cell missing (NaN)."""
        cells: npt.NDArray[np.object_] = self.cells[j].copy()
        cells[cells == ""] = np.nan
        return cells

    def values(self, j: int, rows: list[int], name: str, errors: list[RowError]) -> FloatArray:
        """Column ``j``'s numbers; an empty cell missing (NaN), a bad one an error."""
        out: FloatArray = self.parsed[j].copy()  # NaN where not a plain number
        for i in np.flatnonzero(self.other[j]):
            out[i] = _number(rows[i], name, self.cells[j][i], errors)
        return out


def _region_column(columns: list[str], words: Any) -> str | None:
    """``region``, or the column the ``long`` vocabulary recognises as the region code."""
    if "region" in columns:
        return "region"
    only = Vocabulary({"region": words.fields["region"]})
    return match_headers(columns, only).columns.get("region")


def _spoilt(text: str) -> bool:
    """An Excel error value (``#REF!``, ``#N/A`` …) or the text of a formula (``=A1*2``)."""
    return text.startswith("=") or _EXCEL_ERROR.fullmatch(text) is not None


def _number(row: int, column: str, text: str, errors: list[RowError]) -> float:
    """A cell of a column of numbers; an empty cell is missing (NaN), a bad one an error."""
    if _EXCEL_ERROR.fullmatch(text):
        errors.append(RowError(row, column, EXCEL_ERROR, text))
        return float("nan")
    if text.startswith("="):
        errors.append(RowError(row, column, FORMULA, text))
        return float("nan")
    return number_cell(row, column, text, errors, empty=np.nan)


def _looks_numeric(text: str) -> bool:
    """A cell of a column of numbers: empty, or starting like a number (also 'inf', '1e400')."""
    folded = text.casefold().lstrip("+-")
    return (
        not folded
        or folded[0].isdigit()
        or folded[0] == "."
        or folded in ("inf", "infinity", "nan")
    )
