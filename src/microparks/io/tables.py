"""Long tables ``region,industry,value[,year]``, the score weights and the GB/T 4754 table.

A long table may be a CSV file (UTF-8 or GBK) or a workbook as a statistical bureau keeps it:
title rows above the header, 序号 and blank columns, 合计 rows, Chinese headers such as 地区代码,
行业代码, 从业人员数（人） or 产值（万元）. Its words are the shipped ``long`` vocabulary; the
measure (``value``) is a plain value, an employment count (persons) or an output (yuan).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from microparks.core.vocabulary import normalise_word
from microparks.io.county_tables import TableRefusal, read_county_table
from microparks.io.errors import ImportFileError, RowError, gettext_noop

UNKNOWN_INDUSTRY_NAME = gettext_noop(
    "not a GB/T 4754-2017 industry name; give the codes in a 行业代码 column"
)
MEASURES = ("value", "employment", "output")
"""The columns that may give a long table's ``value``, in order of preference."""
CODE_FIELDS = ("industry", "source", "target")
"""Classification codes: text, leading zeros kept; a workbook must not hold them as numbers."""


class LongTableError(TableRefusal):
    """A long table that cannot be used; ``problems`` lists each one (with its row)."""

    def __init__(
        self,
        problems: list[str] | None = None,
        *,
        source: str = "",
        errors: tuple[RowError, ...] | list[RowError] = (),
        file_error: ImportFileError | None = None,
    ) -> None:
        listed = list(problems) if problems is not None else []
        if not listed:
            listed = [file_error.text()] if file_error else [str(e) for e in errors]
        message = "; ".join(listed[:10]) + (" …" if len(listed) > 10 else "")
        super().__init__(message, source=source, errors=errors, file_error=file_error)
        self.problems = listed


def read_long_csv(
    path: str | Path,
    *,
    required: tuple[str, ...] = ("region", "industry", "value"),
    optional: tuple[str, ...] = ("year",),
    numeric: tuple[str, ...] = ("value",),
) -> pd.DataFrame:
    """Read a long table; codes stay text (leading zeros kept), values must be numbers ≥ 0.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (UTF-8 with or without BOM, GBK/GB18030) or workbook (.xlsx, .xls, .ods) with a
        header row, possibly below title rows; headers may be ours (``region``) or Chinese
        (地区代码, 行业代码, 从业人员数（人）, 产值（万元）, 年份; see the ``long`` vocabulary).
    required : tuple of str
        Columns that must be present. ``value`` is also found as an employment or output
        column; ``industry`` also as industry names (行业名称), turned into their codes.
    optional : tuple of str
        Columns kept when present.
    numeric : tuple of str
        Columns holding non-negative numbers; the others are codes (non-empty text).

    Returns
    -------
    pandas.DataFrame
        The required and present optional columns; numeric ones as float (persons or yuan for
        counts and money), others as str (years as int). ``attrs`` holds what was read:
        ``source``, ``encoding``, ``skipped`` ((row, reason) pairs) and ``columns``.

    Raises
    ------
    LongTableError
        An unreadable file, missing columns, or bad cells: every one named by row (as the user
        sees it), column, value and reason.

    """
    source = Path(path)
    keys = [*required, *(k for k in optional if k not in required)]
    table = read_county_table(
        source,
        source.name,
        "long",
        required=[_alternatives(key) for key in required],
        filled=[_alternatives(key) for key in keys],
        code_fields=CODE_FIELDS,
        refusal=LongTableError,
    )
    frame, errors = table.ledger.frame, list(table.errors)
    columns: dict[str, Any] = {}
    shown: dict[str, str] = {}
    for key in keys:
        found = next((k for k in _alternatives(key) if k in frame.columns), None)
        if found is None:
            continue
        cells = frame[found]
        column = table.ledger.columns[found]
        shown[key] = column
        if found == "industry_name":
            cells = _industry_codes(cells, column, errors)
        columns[key] = cells
    if errors:
        errors.sort(key=lambda e: (e.row, e.field))
        raise LongTableError(source=source.name, errors=errors)
    out = pd.DataFrame(
        {
            key: (
                cells.astype(np.float64)
                if key in numeric
                else cells.astype(int)
                if key == "year"
                else cells.astype(str)
            )
            for key, cells in columns.items()
        }
    ).reset_index(drop=True)
    out.attrs.update(
        source=source.name,
        encoding=table.sheet.encoding,
        skipped=[(s.row, s.reason) for s in table.sheet.skipped],
        columns=shown,
    )
    return out


def _alternatives(key: str) -> tuple[str, ...]:
    """The fields that may give ``key`` (a measure for ``value``, names for ``industry``)."""
    return (
        MEASURES
        if key == "value"
        else ("industry", "industry_name")
        if key == "industry"
        else (key,)
    )


def _industry_codes(names: pd.Series, column: str, errors: list[RowError]) -> pd.Series:
    """GB/T 4754-2017 codes of industry names (农、林、牧、渔业 → A); unknown names refused."""
    codes = []
    for row, name in names.items():
        code = _codes_by_name().get(normalise_word(str(name))) if name is not None else None
        if name is not None and code is None:
            errors.append(RowError(int(str(row)), column, UNKNOWN_INDUSTRY_NAME, str(name)))
        codes.append(code)
    return pd.Series(codes, index=names.index, dtype=object)


@functools.cache
def _codes_by_name() -> dict[str, str]:
    gbt = read_classification()
    out: dict[str, str] = {}
    for code, name in zip(gbt["code"], gbt["name"], strict=True):
        out.setdefault(normalise_word(name), code)  # the highest level of a repeated name
    return out


PACKAGE = Path(__file__).resolve().parents[1]
CLASSIFICATION = PACKAGE / "apps" / "industries" / "data" / "gbt4754_2017.csv"
"""The shipped GB/T 4754-2017 classification (with ``labour_intensity``)."""


def read_classification(path: str | Path = CLASSIFICATION) -> pd.DataFrame:
    """Read the GB/T 4754 classification table (codes as text).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV with ``code, name, level, parent, labour_intensity`` and more.

    Returns
    -------
    pandas.DataFrame
        The table, empty cells as empty strings.

    """
    return pd.read_csv(path, dtype=str, keep_default_na=False)
