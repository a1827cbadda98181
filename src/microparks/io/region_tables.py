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
import pandas as pd

from microparks.core.vocabulary import Vocabulary, match_headers
from microparks.io.county_tables import TableRefusal, read_plain_table, shipped_vocabulary
from microparks.io.errors import UNREADABLE_FILE_ERRORS, ImportFileError, RowError, gettext_noop
from microparks.io.ledger import CSV_SUFFIXES, SPREADSHEET_SUFFIXES
from microparks.io.table_cells import MISSING_MARKERS, number_cell

__all__ = ["LABEL_COLUMNS", "RegionsError", "read_outcomes", "read_regions"]


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
    """A CSV or workbook region table, through the county-table reader."""
    words = shipped_vocabulary("long")
    sheet = read_plain_table(p, vocabulary=words, refusal=RegionsError)
    cells = sheet.frame.map(lambda c: "" if str(c).strip().casefold() in REGION_MISSING else c)
    if cells.empty:
        raise RegionsError(source=p.name, file_error=ImportFileError(NO_ROWS))
    column = _region_column(list(cells.columns), words)
    if column is None:
        headers = ", ".join(map(str, cells.columns)) or "-"
        problem = ImportFileError(NO_REGION_COLUMN, {"headers": headers})
        raise RegionsError(source=p.name, file_error=problem)
    errors: list[RowError] = []
    first: dict[str, int] = {}
    for row, code in zip(
        cells.index.astype(int), cells[column].astype(str).str.strip(), strict=True
    ):
        if code in first:
            errors.append(
                RowError(row, column, REGION_TWICE, code, {"region": code, "first": first[code]})
            )
        first.setdefault(code, row)
    out = pd.DataFrame(index=pd.Index([str(c).strip() for c in cells[column]], name="region"))
    for name in cells.columns:
        if name == column:
            continue
        texts = cells[name].astype(str).str.strip()
        numbers = name not in text_columns if text_columns is not None else _numbers(texts)
        if not numbers:
            out[name] = texts.where(texts != "", np.nan).to_numpy()
            continue
        rows = cells.index.astype(int)
        values = [_number(r, str(name), t, errors) for r, t in zip(rows, texts, strict=True)]
        out[name] = np.asarray(values, dtype=np.float64)
    if errors:
        raise RegionsError(source=p.name, errors=sorted(errors, key=lambda e: (e.row, e.field)))
    return out


def _region_column(columns: list[str], words: Any) -> str | None:
    """``region``, or the column the ``long`` vocabulary recognises as the region code."""
    if "region" in columns:
        return "region"
    only = Vocabulary({"region": words.fields["region"]})
    return match_headers(columns, only).columns.get("region")


def _numbers(texts: pd.Series) -> bool:
    """Whether a column is one of numbers: all its cells look so, or most of the filled ones.

    So a column of indicators with a word, an Excel error or a formula in a cell is refused by
    that cell, where a column of names stays text.
    """
    filled = texts[texts != ""]
    numeric = filled.map(lambda t: _looks_numeric(t) or _spoilt(t))
    if numeric.all():
        return True
    plain = filled[~numeric]
    parsed = filled[numeric & ~filled.map(_spoilt)]
    return len(parsed) > len(plain)


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
