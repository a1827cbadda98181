"""Read input–output tables: a symmetric table CSV, or BEA-layout make and use tables.

Every table is read as a statistical bureau keeps it (CSV in UTF-8 or GBK, or a workbook; title
rows above the header, 序号 columns and 合计 rows left out); a cell must be a finite number (an
empty cell or — is 0), and every bad cell is named by row, column and value.

Symmetric table CSV (``--io``)
    First column ``sector`` (or 部门, 产业部门; see the ``io_table`` vocabulary); then one column
    per sector (inter-industry flows ``Z``, sellers in
    rows, buyers in columns); then ``total_output`` (required) and optionally
    ``household_consumption``. After the sector rows, optional rows labelled ``labour_income``,
    ``taxes`` and ``employment`` carry those values in the sector columns.

Make and use tables (``--make`` / ``--use``), BEA summary layout
    Make: industries in rows, commodities in columns, first column the row codes; a trailing
    ``Total …`` column/row is ignored. Use: commodities in rows, industries then final-use
    columns; value-added rows (``V001`` compensation, ``V002`` taxes less subsidies, ``V003``
    surplus) after the commodity rows. Household consumption is column ``F010`` (commodities),
    mapped to industries with the market shares ``D``.

Concordance CSV
    Columns ``code, sector`` and optionally ``share`` (1 when omitted).

Additionality assumptions YAML
    See ``microparks/io/data/impact/additionality.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from microparks.core.impact import calc_D, calc_industry_A
from microparks.core.vocabulary import Vocabulary, match_headers, normalise_word
from microparks.io.county_tables import TableRefusal, read_plain_table, shipped_vocabulary
from microparks.io.errors import ImportFileError, RowError, gettext_noop
from microparks.io.ledger import Sheet
from microparks.io.table_cells import MISSING_MARKERS, number_cell, starts_with_comment

__all__ = [
    "IOTable",
    "IOTableError",
    "read_additionality",
    "read_concordance_rows",
    "read_io_csv",
    "read_make_use",
    "write_multipliers",
]

_SATELLITE_ROWS = ("labour_income", "taxes", "employment")

#: Cells without a figure (read as 0). NaN is not one of them here: in an IO table it is a
#: computation gone wrong upstream, and reading it as 0 would drop a flow unseen.
_NO_FIGURE = MISSING_MARKERS - {"nan"}


def _blank_no_figure(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the cells of :data:`_NO_FIGURE` (—, …, NA) made empty; NaN kept."""
    return frame.map(lambda c: "" if str(c).strip().casefold() in _NO_FIGURE else c)


class IOTableError(TableRefusal):
    """The file is not an input–output table in a known layout, or has bad cells (named)."""


@dataclass(frozen=True)
class IOTable:
    """A symmetric (industry-by-industry) table ready for :func:`calc_multipliers`.

    Attributes
    ----------
    sectors : tuple of str
    A : numpy.ndarray, shape (n, n)
    x : numpy.ndarray, shape (n,)
    labour_income, household_consumption, employment, taxes : numpy.ndarray or None
    source : str
        Where it came from (file names).

    """

    sectors: tuple[str, ...]
    A: np.ndarray
    x: np.ndarray
    labour_income: np.ndarray | None
    household_consumption: np.ndarray | None
    employment: np.ndarray | None
    taxes: np.ndarray | None
    source: str


def _numeric(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """The cells as numbers (empty: 0); every cell that is not a finite number is refused.

    ``frame.attrs["rows"]`` gives the row each label is on in the file (for messages).
    """
    rows = frame.attrs.get("rows", {})
    errors: list[RowError] = []
    out = pd.DataFrame(
        {
            column: [
                number_cell(int(rows.get(label, 0)), str(column), str(text), errors)
                for label, text in frame[column].items()
            ]
            for column in frame.columns
        },
        index=frame.index,
        dtype=np.float64,
    )
    if errors:
        raise IOTableError(source=Path(what).name, errors=errors)
    return out


ABOVE_OUTPUT = gettext_noop(
    "an intermediate input above the total output of sector %(sector)s (%(total)s)"
)


def _check_inputs_within_output(
    raw: pd.DataFrame, z: np.ndarray, x: np.ndarray, sectors: list[str], source: str
) -> None:
    """Refuse each input ``z[i, j]`` above its sector's total output ``x[j]``.

    A sector cannot buy more from one sector than it produces in all (its value added would be
    negative); such a cell is a typing or unit error (1e308 for 1000) that would otherwise only
    show as an unproductive table, naming neither the cell nor the file.
    """
    rows = raw.attrs.get("rows", {})
    errors = [
        RowError(
            int(rows.get(sectors[i], 0)),
            sectors[j],
            ABOVE_OUTPUT,
            f"{z[i, j]:g}",
            {"sector": sectors[j], "total": f"{x[j]:g}"},
        )
        for i, j in zip(*np.nonzero(z > x[np.newaxis, :]), strict=True)
    ]
    if errors:
        raise IOTableError(source=source, errors=errors)


def _labelled(sheet: Sheet, path: str | Path) -> pd.DataFrame:
    """The table with its first column as the index of labels, as written (``attrs["rows"]``).

    Headers and row labels a bureau prints (部门, 总产出, 劳动者报酬 …) become ours.
    """
    words = shipped_vocabulary("io_table")
    raw = _blank_no_figure(sheet.frame)
    if raw.empty or raw.shape[1] < 2:
        raise IOTableError(f"{path}: the first column must be 'sector'")
    columns = {"sector", "total_output", "household_consumption"}
    found = match_headers(
        [str(c) for c in raw.columns], Vocabulary({k: words.fields[k] for k in columns})
    ).columns
    if found.get("sector") != raw.columns[0] and str(raw.columns[0]).strip().lower() != "sector":
        raise IOTableError(f"{path}: the first column must be 'sector'")
    renamed = {v: k for k, v in found.items()}
    raw = raw.rename(columns={c: renamed.get(str(c), str(c).strip()) for c in raw.columns})
    labels = [_row_label(str(v), words) for v in raw.iloc[:, 0]]
    table = raw.iloc[:, 1:].copy()
    table.index = pd.Index(labels)
    table.attrs["rows"] = dict(zip(labels, (int(r) for r in raw.index), strict=True))
    return table


def _row_label(label: str, words: Vocabulary) -> str:
    """A row's label; the value-added and employment rows under their keys."""
    text = label.strip()
    for key in _SATELLITE_ROWS:
        if normalise_word(text) in {normalise_word(w) for w in (key, *words.fields[key].headers)}:
            return key
    return text


def read_io_csv(path: str | Path) -> IOTable:
    """Read a symmetric input–output table (layout in the module docstring).

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file (UTF-8 or GBK) or workbook.

    Returns
    -------
    IOTable

    Raises
    ------
    IOTableError
        A layout problem, or every cell that is not a finite number (row, column, value).

    """
    raw = _labelled(
        read_plain_table(
            Path(path), refusal=IOTableError, vocabulary=shipped_vocabulary("io_table")
        ),
        path,
    )
    if "total_output" not in raw.columns:
        raise IOTableError(f"{path}: missing column 'total_output'")
    extra = {"total_output", "household_consumption"}
    sectors = [c for c in raw.columns if c not in extra]
    rows = [r for r in raw.index if r not in _SATELLITE_ROWS]
    if rows != sectors:
        raise IOTableError(
            f"{path}: the sector rows {rows[:5]}… must equal the sector columns {sectors[:5]}…"
        )
    values = _numeric(raw, str(path))
    z = values.loc[sectors, sectors].to_numpy(np.float64)
    x = values.loc[sectors, "total_output"].to_numpy(np.float64)
    hc = None
    if "household_consumption" in raw.columns:
        hc = values.loc[sectors, "household_consumption"].to_numpy(np.float64)
    sat: dict[str, np.ndarray | None] = {}
    for name in _SATELLITE_ROWS:
        sat[name] = values.loc[name, sectors].to_numpy(np.float64) if name in raw.index else None
    if np.any(x < 0):
        raise IOTableError(f"{path}: total_output must not be negative")
    _check_inputs_within_output(raw, z, x, sectors, Path(path).name)
    a = np.divide(z, x[np.newaxis, :], out=np.zeros_like(z), where=x[np.newaxis, :] != 0)
    return IOTable(
        sectors=tuple(sectors),
        A=a,
        x=x,
        labour_income=sat["labour_income"],
        household_consumption=hc,
        employment=sat["employment"],
        taxes=sat["taxes"],
        source=str(path),
    )


def _read_bea(path: str | Path) -> pd.DataFrame:
    sheet = read_plain_table(Path(path), refusal=IOTableError)
    raw = _blank_no_figure(sheet.frame)
    frame = raw.iloc[:, 1:].copy()
    labels = [str(v).strip() for v in raw.iloc[:, 0]]
    frame.index = pd.Index(labels)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["rows"] = dict(zip(labels, (int(r) for r in raw.index), strict=True))
    return _numeric(frame, str(path))


def read_make_use(
    make: str | Path,
    use: str | Path,
    *,
    labour_row: str = "V001",
    tax_row: str = "V002",
    consumption_column: str = "F010",
    employment: str | Path | None = None,
) -> IOTable:
    """Read make and use tables (BEA layout) into an industry-by-industry table, A = D·B.

    Industries are the make table's rows (``Total…`` rows dropped); commodities its columns
    (``Total…`` columns dropped). Industry output ``g`` is the make table's row sum, commodity
    output ``q`` its column sum.

    Parameters
    ----------
    make, use : str or pathlib.Path
        The two CSV files.
    labour_row, tax_row : str
        Use-table rows with compensation of employees and taxes less subsidies.
    consumption_column : str
        Use-table column with household consumption by commodity.
    employment : str or pathlib.Path, optional
        CSV with columns ``sector, employment`` (jobs by industry).

    Returns
    -------
    IOTable

    Raises
    ------
    IOTableError

    """
    v_frame = _read_bea(make)
    u_frame = _read_bea(use)
    industries, commodities = _industries_and_commodities(v_frame, u_frame)
    v = v_frame.loc[industries, commodities].to_numpy(np.float64)
    u = u_frame.loc[commodities, industries].to_numpy(np.float64)
    g = v.sum(axis=1)
    q = v.sum(axis=0)
    a = calc_industry_A(v, u, g, q)
    hc = None
    if consumption_column in u_frame.columns:
        hc = calc_D(v, q) @ u_frame.loc[commodities, consumption_column].to_numpy(np.float64)
    jobs = None if employment is None else _read_employment(employment, industries)
    return IOTable(
        sectors=tuple(industries),
        A=a,
        x=g,
        labour_income=_use_row(u_frame, labour_row, industries),
        household_consumption=hc,
        employment=jobs,
        taxes=_use_row(u_frame, tax_row, industries),
        source=f"{make} + {use}",
    )


def _industries_and_commodities(
    v_frame: pd.DataFrame, u_frame: pd.DataFrame
) -> tuple[list[str], list[str]]:
    """The make table's industries (rows) and commodities (columns), without ``Total…`` lines.

    The use table must have every one of them, commodities as rows and industries as columns.
    """
    industries = [r for r in v_frame.index if not r.lower().startswith("total")]
    commodities = [c for c in v_frame.columns if not c.lower().startswith("total")]
    missing_i = [i for i in industries if i not in u_frame.columns]
    missing_c = [c for c in commodities if c not in u_frame.index]
    if missing_i or missing_c:
        raise IOTableError(
            f"make and use tables disagree: industries {missing_i[:5]} or commodities "
            f"{missing_c[:5]} of the make table are missing from the use table"
        )
    return industries, commodities


def _use_row(u_frame: pd.DataFrame, name: str, industries: list[str]) -> np.ndarray | None:
    """A value-added row of the use table by industry, or None when the table has none."""
    return u_frame.loc[name, industries].to_numpy(np.float64) if name in u_frame.index else None


def _read_employment(path: str | Path, industries: list[str]) -> np.ndarray:
    """Jobs by industry from a ``sector, employment`` CSV; every industry needs a value."""
    e = pd.read_csv(path, dtype={"sector": str}).set_index("sector")["employment"]
    absent = [i for i in industries if i not in e.index]
    if absent:
        raise IOTableError(f"{path}: no employment for industries {absent[:10]}")
    return e.loc[industries].to_numpy(np.float64)


EMPTY_CONCORDANCE = gettext_noop("the concordance is empty: no row of code and sector")


def read_concordance_rows(path: str | Path) -> list[tuple[str, str, float]]:
    """Read a concordance (``code, sector[, share]``) into rows for ``check_concordance``.

    A CSV of ours (``#`` comment lines allowed) or a county's (GBK, title rows); codes stay
    text; every share must be a finite number (each bad one named by row).
    """
    source = Path(path)
    if source.suffix.lower() == ".csv" and starts_with_comment(source):
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, comment="#")
        frame.index = frame.index + 2
    else:
        frame = read_plain_table(source, refusal=IOTableError).frame
    frame.columns = [str(c).strip() for c in frame.columns]
    if not {"code", "sector"} <= set(frame.columns):
        raise IOTableError(f"{path}: a concordance needs columns 'code' and 'sector'")
    errors: list[RowError] = []
    texts = frame["share"] if "share" in frame.columns else pd.Series("1", index=frame.index)
    shares = [
        number_cell(int(str(row)), "share", str(text), errors, empty=None)
        for row, text in texts.items()
    ]
    if errors:
        raise IOTableError(source=source.name, errors=errors)
    if frame.empty:  # else the refusal would be every tenant's code, the file unnamed
        raise IOTableError(source=source.name, file_error=ImportFileError(EMPTY_CONCORDANCE))
    return [
        (str(c).strip(), str(s).strip(), w)
        for c, s, w in zip(frame["code"], frame["sector"], shares, strict=True)
    ]


def read_additionality(path: str | Path | None = None) -> dict[str, Any]:
    """Read additionality assumptions (defaults and ranges); the shipped file when None."""
    source = (
        Path(str(resources.files("microparks.io") / "data" / "impact" / "additionality.yaml"))
        if path is None
        else Path(path)
    )
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise IOTableError(f"{source}: expected a mapping")
    data["source"] = str(source)
    return data


def write_multipliers(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a multiplier table as CSV (or Excel when the name ends in .xlsx)."""
    out = Path(path)
    if out.suffix.lower() == ".xlsx":
        frame.to_excel(out, index=False)
    else:
        frame.to_csv(out, index=False, float_format="%.9g")
