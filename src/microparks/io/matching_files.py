"""Prospects and sites tables for matching, read from CSV or Excel; results written back.

Column names are those of ``microparks.core.matching.PROSPECT_COLUMNS`` and ``SITE_COLUMNS``
(documented in docs/methods/matching.md), or the Chinese headers a county's project or site
ledger uses (项目编号, 用地需求（亩）, 用电负荷, 租金 …: the shipped ``projects`` and
``matching_sites`` vocabularies), with units in the headers turned into the columns' units
(亩 → m²). Files may be UTF-8 or GBK CSV or workbooks with title rows and 合计 rows. Every bad
cell (not a number, inf, negative where impossible) refuses the file, named by row and column;
the core checks the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from microparks.core.vocabulary import match_headers
from microparks.io.county_tables import (
    TableRefusal,
    read_county_table,
    read_plain_table,
    shipped_vocabulary,
)
from microparks.io.errors import ImportFileError, gettext_noop

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
VOCABULARIES = {"prospects": "projects", "sites": "matching_sites"}
"""The shipped vocabulary of each kind of matching table."""


class MatchingFileError(TableRefusal):
    """A matching input or output file that cannot be read or written (bad cells named)."""


NO_ID_COLUMN = gettext_noop(
    "no 'id' column (an identifier for each row, such as 项目编号); its headers: %(headers)s"
)


def read_matching_table(path: Path, kind: str | None = None) -> pd.DataFrame:
    """Read a prospects or sites table from CSV (UTF-8 or GBK) or Excel.

    Parameters
    ----------
    path : Path
        ``.csv``, ``.xlsx`` or ``.xlsm`` file; the first sheet of a workbook (not an
        instructions sheet) is read, its header found below any title rows.
    kind : {"prospects", "sites"}, optional
        Which table it is; by default the kind whose headers the file names most.

    Returns
    -------
    DataFrame
        Recognised columns under our names (numbers in our units, codes as text), the others
        as written; empty cells as NaN; rows numbered from 0.

    Raises
    ------
    MatchingFileError
        On an unknown suffix, a missing or unreadable file, or bad cells (every one named by
        row as the user sees it, column, value and reason).

    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise MatchingFileError(f"{path}: no such file")
    if suffix not in CSV_SUFFIXES + EXCEL_SUFFIXES:
        raise MatchingFileError(f"{path}: expected a .csv, .xlsx or .xlsm file")
    chosen = kind or _likely_kind(path)
    table = read_county_table(
        path,
        path.name,
        VOCABULARIES[chosen],
        code_fields=("industry",),
        refusal=MatchingFileError,
    )
    if table.errors:
        raise MatchingFileError(source=path.name, errors=table.errors)
    frame = table.ledger.frame.copy()
    if "id" not in frame.columns:  # said here, where the file is known, not by the core
        headers = ", ".join(map(str, [*frame.columns, *table.rest.columns])) or "-"
        problem = ImportFileError(NO_ID_COLUMN, {"headers": headers})
        raise MatchingFileError(source=path.name, file_error=problem)
    for key in frame.columns:
        words = shipped_vocabulary(VOCABULARIES[chosen]).fields[key]
        if words.kind in ("number", "integer", "year"):
            frame[key] = pd.to_numeric(frame[key], errors="coerce").astype(np.float64)
        else:
            frame[key] = frame[key].astype(object).where(frame[key].notna(), np.nan)
    rest = table.rest.replace("", np.nan)
    out = pd.concat([frame, rest], axis=1).reset_index(drop=True)
    return out


def _likely_kind(path: Path) -> str:
    """The kind of table whose vocabulary names more of the file's first row's headers."""
    headers = [str(c) for c in read_plain_table(path, refusal=MatchingFileError).frame.columns]
    scores = {
        kind: len(match_headers(headers, shipped_vocabulary(name)).columns)
        for kind, name in VOCABULARIES.items()
    }
    return max(scores, key=lambda k: scores[k])


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
