"""Downloads built in memory: styled Excel workbooks and GeoPackages, returned as bytes.

The path-based writers elsewhere in ``io`` (``matching_files.write_matching_results``,
``regions_data.write_regions``) write plain pandas sheets to a file for the CLI; a download
needs the bytes, a bold header, fitted column widths and no formula injection, so the workbook
is built with openpyxl here. The GeoPackage is written with pyogrio (as
:func:`microparks.io.spatial.write_layer` does, plus layer metadata) to a temporary file.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import tempfile
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

__all__ = ["write_gpkg", "write_table_csv", "write_table_xlsx"]

MAX_WIDTH = 60
"""Widest fitted column, in Excel's character units; longer text (notes) wraps off-screen."""
BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def _cell(value: Any) -> Any:
    """A value openpyxl stores natively: numbers as numbers, missing as an empty cell."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (dt.date, str)):
        return value
    if value is pd.NA:
        return None
    return str(value)


def _width(value: Any) -> int:
    """Display width of a cell's text: East Asian wide characters count twice."""
    if value is None:
        return 0
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _sheet_title(name: str, taken: set[str]) -> str:
    """Excel's sheet-name rules: at most 31 characters, none of ``[]:*?/`` or backslash."""
    title = (str(name).translate(BAD_SHEET_CHARS).strip("'") or "Sheet")[:31]
    base, n = title, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def write_table_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """Write tables as a workbook, one sheet each, and return its bytes.

    The header row is bold and frozen, each column is as wide as its longest cell (capped at
    :data:`MAX_WIDTH`), numbers, booleans and dates are stored as such, NaN/None as empty
    cells. Text is always stored as text: a name starting with ``=`` never becomes a formula.

    Parameters
    ----------
    sheets : Mapping
        Sheet name to table, in order; the columns are the headers, the index is dropped.
        Names are cut to Excel's 31 characters and made unique.

    Returns
    -------
    bytes
        The ``.xlsx`` file.

    """
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for name, table in sheets.items():
        sheet = book.create_sheet(_sheet_title(name, taken))
        headers = [str(c) for c in table.columns]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = bold
        widths = [_width(h) for h in headers]
        for row in table.itertuples(index=False, name=None):
            values = [_cell(v) for v in row]
            sheet.append(values)
            for j, value in enumerate(values):
                widths[j] = max(widths[j], _width(value))
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str) and cell.data_type == "f":
                    cell.data_type = "s"  # user text, not a formula (CSV/formula injection)
        for j, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(j)].width = min(width + 2, MAX_WIDTH)
        if headers:
            sheet.freeze_panes = "A2"
    if not book.sheetnames:
        book.create_sheet("Sheet")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_table_csv(table: pd.DataFrame) -> bytes:
    """A table as CSV in UTF-8 with a byte-order mark (so Excel reads the Chinese right).

    Text that a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@`` first) gets a
    leading apostrophe (OWASP's advice on CSV injection); the index is dropped.

    >>> write_table_csv(pd.DataFrame({"名称": ["=1+1", "a"]})).decode("utf-8-sig").split()
    ['名称', "'=1+1", 'a']
    """

    def cell(v: Any) -> Any:
        return "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v

    safe = table.map(cell)
    return safe.to_csv(index=False).encode("utf-8-sig")


def write_gpkg(
    frame: gpd.GeoDataFrame, layer: str, metadata: Mapping[str, str] | None = None
) -> bytes:
    """Write one layer to a GeoPackage and return the file's bytes.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The features; reprojected to EPSG:4326 if it has another CRS (assumed EPSG:4326 if it
        has none). Column names become field names as they are.
    layer : str
        The layer's name.
    metadata : Mapping, optional
        Key–value layer metadata (shown in QGIS's layer properties), e.g. the provenance of
        a result.

    Returns
    -------
    bytes
        The ``.gpkg`` file.

    """
    geo = frame.set_crs(4326) if frame.crs is None else frame.to_crs(4326)
    with tempfile.TemporaryDirectory(prefix="microparks-export-") as tmp:
        path = Path(tmp) / f"{layer}.gpkg"
        pyogrio.write_dataframe(
            geo,
            path,
            layer=layer,
            driver="GPKG",
            layer_metadata={str(k): str(v) for k, v in (metadata or {}).items()} or None,
        )
        return path.read_bytes()
