"""Extra readiness inputs: the industries micro-parks host, and region values known somewhere.

* Hosted industries: a YAML list of GB/T 4754 codes (shipped:
  ``io/data/replicability/hosted_industries.yaml``), mapped up the classification to the
  level of the region panel (the county census has only the 20 sections).
* Region values: a CSV/Excel table ``region, <column>…`` for indicators known only for some
  regions — idle land and vacant floor area of a deployment's inventory, general public budget
  revenue. Regions absent from the file get NaN: *not known*, never zero. The table may be a
  county's own (地区代码, 闲置土地面积（亩）, 一般公共预算收入（万元）, title rows, 合计, GBK):
  it is read by the shipped ``region_values`` vocabulary into m² and 元; every other column of
  numbers is read as plain numbers ≥ 0, and a bad cell (negative, inf, 1e400, text) is refused
  with its row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from microparks.core.vocabulary import Bounds, FieldWords, Vocabulary, match_headers, parse_number
from microparks.io.county_tables import read_county_table, shipped_vocabulary
from microparks.io.errors import ImportFileError, RowError, gettext_noop
from microparks.io.ledger import CSV_SUFFIXES, SPREADSHEET_SUFFIXES, read_sheet
from microparks.io.regions_data import RegionsError, read_regions
from microparks.io.tables import read_classification

__all__ = [
    "FISCAL_COLUMN",
    "add_fiscal_capacity",
    "add_region_values",
    "map_to_panel",
    "read_hosted_industries",
    "read_region_values",
]

FISCAL_COLUMN = "fiscal_revenue_per_capita_cny"


def read_hosted_industries(path: str | Path | None = None) -> tuple[list[str], str]:
    """The GB/T 4754 codes of the industries micro-parks host, and the list's version.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        YAML with ``industries: [{code, name}, …]`` (or a plain list of codes), or a CSV with
        a ``code`` column (e.g. the industries of a deployment's tenants); the shipped list
        when omitted.

    Returns
    -------
    (list of str, str)

    """
    source = (
        Path(
            str(
                resources.files("microparks.io")
                / "data"
                / "replicability"
                / "hosted_industries.yaml"
            )
        )
        if path is None
        else Path(path)
    )
    if source.suffix.lower() == ".csv":
        table = pd.read_csv(source, dtype=str, keep_default_na=False)
        if "code" not in table.columns:
            raise RegionsError(f"{source}: a hosted-industry CSV needs a 'code' column")
        codes = [c.strip() for c in table["code"] if c.strip()]
        version = source.name
    else:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        items = data.get("industries", []) if isinstance(data, dict) else data
        codes = [str(i["code"] if isinstance(i, dict) else i).strip() for i in items or []]
        version = str(data.get("version", "")) if isinstance(data, dict) else source.name
    if not codes:
        raise RegionsError(f"{source}: no hosted industries listed")
    return codes, version


def map_to_panel(codes: Iterable[str], panel: Sequence[str]) -> list[str]:
    """Each code, or its nearest ancestor in GB/T 4754, that is a column of the panel.

    Parameters
    ----------
    codes : iterable of str
        GB/T 4754 codes (section letters, divisions, groups, classes).
    panel : sequence of str
        The panel's industry codes.

    Returns
    -------
    list of str
        The distinct panel codes reached, in first-seen order.

    Raises
    ------
    RegionsError
        When a code is not in the classification or reaches no panel code.

    """
    classification = read_classification()
    parent = dict(zip(classification["code"], classification["parent"], strict=True))
    wanted = set(panel)
    out: list[str] = []
    for code in codes:
        node = code
        while node and node not in wanted:
            if node not in parent:
                raise RegionsError(f"industry code {code!r} is not in GB/T 4754-2017")
            node = parent[node]
        if not node:
            raise RegionsError(f"industry code {code!r} has no ancestor in the panel")
        if node not in out:
            out.append(node)
    return out


def add_region_values(
    regions: pd.DataFrame, path: str | Path, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Join numeric columns of a region table; regions absent from it get NaN (not known).

    Parameters
    ----------
    regions : pandas.DataFrame
        Index = region code.
    path : str or pathlib.Path
        CSV/Excel/Parquet with a ``region`` column.
    columns : sequence of str, optional
        Columns to take (default: every numeric column of the file).

    Returns
    -------
    pandas.DataFrame
        A copy of ``regions`` with the columns (replacing same-named ones).

    Raises
    ------
    RegionsError
        A column missing from the file, or a value that is not a number ≥ 0 (with its row).

    """
    table = read_region_values(path)
    names = list(columns) if columns is not None else list(table.select_dtypes("number").columns)
    absent = [c for c in names if c not in table.columns]
    if absent or not names:
        raise RegionsError(f"{path}: missing column(s): {', '.join(absent) or 'numeric values'}")
    out = regions.drop(columns=[c for c in names if c in regions.columns])
    for name in names:
        values = pd.to_numeric(table[name], errors="coerce")
        out[name] = values.reindex(out.index)
    return out


SAME_REGION = gettext_noop("the same region is already on row %(first)s")


def read_region_values(path: str | Path, *, vocabulary: Vocabulary | None = None) -> pd.DataFrame:
    """A table of values known for some regions, index = region code (text).

    Parameters
    ----------
    path : str or pathlib.Path
        CSV (UTF-8 or GBK) or a workbook with a region-code column (``region``, 地区代码,
        行政区划代码 …), read as a county keeps it; Parquet is read by
        :func:`~microparks.io.regions_data.read_regions`.
    vocabulary : Vocabulary, optional
        Default: the shipped ``region_values`` document (idle land, vacant floor area, budget
        revenue, with their units).

    Returns
    -------
    pandas.DataFrame
        Recognised columns under our keys (``idle_land_m2`` in m², ``general_budget_revenue_cny``
        in 元); other columns of numbers under their own names; NaN where blank.

    Raises
    ------
    RegionsError
        Unreadable file, no region column, a region twice, or bad cells (each named).

    """
    p = Path(path)
    if p.suffix.lower() not in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        return read_regions(p)
    words = vocabulary or shipped_vocabulary("region_values")
    try:
        words = _with_number_columns(words, p)
        table = read_county_table(p, p.name, words, required=("region",))
    except ImportFileError as exc:
        raise RegionsError(source=p.name, file_error=exc) from None
    frame = table.ledger.frame
    errors = list(table.errors)
    if "region" in frame.columns:
        column = table.ledger.columns["region"]
        first: dict[str, int] = {}
        for row, code in zip(frame.index, frame["region"], strict=True):
            if code is not None and str(code) in first:
                errors.append(
                    RowError(int(row), column, SAME_REGION, str(code), {"first": first[str(code)]})
                )
            first.setdefault(str(code), int(row))
    if errors:
        raise RegionsError(source=p.name, errors=sorted(errors, key=lambda e: e.row))
    numbers = [k for k, w in words.fields.items() if w.kind != "text" and k in frame.columns]
    out = pd.DataFrame(
        {k: pd.to_numeric(frame[k], errors="coerce") for k in numbers}, index=frame.index
    )
    out.index = pd.Index([str(c) for c in frame["region"]], name="region")
    return out


def _with_number_columns(vocabulary: Vocabulary, path: Path) -> Vocabulary:
    """The vocabulary with a plain number field (≥ 0) for each other column holding numbers."""
    sheet = read_sheet(path, path.name, vocabulary=vocabulary)
    named = match_headers([str(c) for c in sheet.frame.columns], vocabulary).columns.values()
    extra = {
        str(column): FieldWords(str(column), (), "number", bounds=Bounds(low=0), label=str(column))
        for column in sheet.frame.columns
        if column not in named and any(_plain_number(str(cell)) for cell in sheet.frame[column])
    }
    return replace(vocabulary, fields={**vocabulary.fields, **extra}) if extra else vocabulary


def add_fiscal_capacity(regions: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    """Add ``fiscal_revenue_per_capita_cny`` from a file of budget revenue (known somewhere).

    The file has ``region`` and either ``fiscal_revenue_per_capita_cny`` or
    ``general_budget_revenue_cny`` (一般公共预算收入, divided by the region's ``population``).

    Parameters
    ----------
    regions : pandas.DataFrame
        Index = region code; ``population`` needed for total revenue.
    path : str or pathlib.Path
        The revenue table.

    Returns
    -------
    pandas.DataFrame

    """
    table = read_region_values(path)
    if FISCAL_COLUMN in table.columns:
        return add_region_values(regions, path, [FISCAL_COLUMN])
    if "general_budget_revenue_cny" not in table.columns:
        raise RegionsError(
            f"{path}: needs {FISCAL_COLUMN!r} or 'general_budget_revenue_cny' per region"
        )
    if "population" not in regions.columns:
        raise RegionsError("total budget revenue needs the regions' population")
    out = add_region_values(regions, path, ["general_budget_revenue_cny"])
    population = pd.to_numeric(out["population"], errors="coerce")
    out[FISCAL_COLUMN] = out["general_budget_revenue_cny"] / population.where(population > 0)
    return out


def _plain_number(text: str) -> bool:
    """Whether a cell is a number alone (``2023年数据`` is text, not 2023)."""
    parsed = parse_number(text)
    return parsed is not None and not parsed[1]
