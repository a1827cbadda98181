"""Prospects and sites tables for matching, read from CSV or Excel; results written back.

Column names are those of ``microparks.core.matching.PROSPECT_COLUMNS`` and ``SITE_COLUMNS``
(documented in docs/methods/matching.md); the core checks the values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from microparks.io.errors import UNREADABLE_FILE_ERRORS

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)


class MatchingFileError(ValueError):
    """A matching input or output file that cannot be read or written."""


def read_matching_table(path: Path) -> pd.DataFrame:
    """Read a prospects or sites table from CSV (UTF-8, with or without BOM) or Excel.

    Parameters
    ----------
    path : Path
        ``.csv``, ``.xlsx`` or ``.xlsm`` file; the first sheet of a workbook is read.

    Returns
    -------
    DataFrame
        Text columns as read; empty cells as NaN.

    Raises
    ------
    MatchingFileError
        On an unknown suffix, a missing file or an unreadable file.

    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise MatchingFileError(f"{path}: no such file")
    try:
        if suffix in CSV_SUFFIXES:
            return pd.read_csv(path, encoding="utf-8-sig", dtype={"id": str})
        if suffix in EXCEL_SUFFIXES:
            return pd.read_excel(path, sheet_name=0, dtype={"id": str}, engine="openpyxl")
    except UNREADABLE_FILE_ERRORS as exc:
        raise MatchingFileError(f"{path}: cannot read the table ({exc})") from exc
    raise MatchingFileError(f"{path}: expected a .csv, .xlsx or .xlsm file")


def check_lon_lat(
    table: pd.DataFrame, what: str
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The optional ``lon``/``lat`` columns (EPSG:4326 degrees) as arrays, NaN where blank.

    A prospect's location (its current plant or office) is optional; a row gives both or
    neither, longitude in [-180, 180] and latitude in [-90, 90].

    Raises
    ------
    MatchingFileError
        Naming the first bad row (1 = the first data row) and column.

    """
    n = len(table)
    if "lon" not in table.columns and "lat" not in table.columns:
        return np.full(n, np.nan), np.full(n, np.nan)
    out = []
    for col, bound in (("lon", 180.0), ("lat", 90.0)):
        if col not in table.columns:
            raise MatchingFileError(
                f"the {what} table has a 'lon' or 'lat' column without the other"
            )
        raw = table[col]
        num = pd.to_numeric(raw, errors="coerce")
        bad = (num.isna() & raw.notna() & (raw.astype(str).str.strip() != "")) | (num.abs() > bound)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise MatchingFileError(
                f"{what} row {row + 1}, column {col!r}: expected degrees in "
                f"[-{bound:g}, {bound:g}], got {raw.iloc[row]!r}"
            )
        out.append(num.to_numpy(dtype=np.float64))
    lon, lat = out
    half = np.isnan(lon) != np.isnan(lat)
    if half.any():
        row = int(np.flatnonzero(half)[0])
        raise MatchingFileError(f"{what} row {row + 1}: give both lon and lat, or neither")
    return lon, lat


def write_matching_results(path: Path, sheets: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write result tables: one workbook with a sheet each, or one CSV file each.

    Parameters
    ----------
    path : Path
        ``.xlsx``: every table becomes a sheet. ``.csv``: the first table goes to ``path`` and
        each further one to ``<stem>.<name>.csv`` beside it.
    sheets : Mapping
        Sheet name to table, in order.

    Returns
    -------
    list of Path
        The files written.

    """
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES + CSV_SUFFIXES:
        raise MatchingFileError(f"{path}: expected a .csv or .xlsx output file")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in EXCEL_SUFFIXES:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, table in sheets.items():
                table.to_excel(writer, sheet_name=name[:31], index=False)
        return [path]
    written = []
    for n, (name, table) in enumerate(sheets.items()):
        target = path if n == 0 else path.with_name(f"{path.stem}.{name}.csv")
        table.to_csv(target, index=False, encoding="utf-8-sig")
        written.append(target)
    return written
