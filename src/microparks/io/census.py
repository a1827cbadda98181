"""China county census workbooks (2010 and 2020) → tidy employment by industry section.

The workbooks (compiled from the NBS census yearbooks by Dong, Du & Liu, *Mapping Evolving
Population Geography in China*, SSRN 4049338; GitHub ``leiii/census``) have one row per
administrative unit. Province rows (code ``xx0000``) and prefecture rows (``xxxx00``) are totals
of the county rows beneath them and are dropped; a prefecture-level city with no county rows of
its own (东莞, 中山, 儋州, 嘉峪关 …) is kept, since it is then the county-level unit. Rows without
a code (development zones, group headers) are dropped and counted.

Industry counts come from the ~10 % long-form sample: use them as shares or for LQ, not as
head-counts. The 2020 workbook uses GB/T 4754-2017 sections; the 2010 one GB/T 4754-2002
sections, in the same A–T positions but with three headers garbled (F, G and H are read by
position). :func:`read_section_mapping` gives the 2002 → 2017 section correspondence for
shift-share.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from microparks.io.county_tables import TableRefusal, read_plain_table, shipped_vocabulary
from microparks.io.errors import ImportFileError, RowError, gettext_noop
from microparks.io.ledger import read_ledger
from microparks.io.table_cells import blank_missing

SECTIONS = tuple("ABCDEFGHIJKLMNOPQRST")

# The known yearbook layouts, by their headers as read (line breaks in a header become spaces).
_COLUMNS_2020 = {
    "region": "区划代码",
    "name": "区县",
    "province": "省",
    "prefecture": "市",
    "population": "人口数_合计",
    "urban_population": "城镇人口",
    "rural_population": "乡村人口",
    "working_age_pct": "人口比重_15-64岁",
    "ageing_pct": "人口比重_65岁及以上",
    "schooling_years": "平均受教育年限_合计",
    "employed_total": "各种行业人口总计",
}
_COLUMNS_2010 = {
    "region": "区划代码",
    "name": "地区",
    "population": "合计",
    "urban_population": "城镇人口",
    "rural_population": "乡村人口",
    "working_age_pct": "15-64岁（%）",
    "ageing_pct": "65岁及以上（%）",
    "schooling_years": "平均受教育年限（年）-合计",
    "employed_total": "各种行业人口 总计",
}
ATTRIBUTES = (
    "region",
    "name",
    "province",
    "prefecture",
    "population",
    "urban_population",
    "rural_population",
    "urban_share",
    "working_age_share",
    "schooling_years",
    "employed_total",
)
NO_SECTIONS = gettext_noop(
    "no industry section columns (农林牧渔业, 制造业 … as GB/T 4754-2017 names them) and no "
    "known census layout"
)
NO_YEAR = gettext_noop(
    "the census year is not known: add a 年份 column, or put the year in the file name"
)
MANY_YEARS = gettext_noop("one census year per file; the 年份 column holds %(years)s")


class CensusFormatError(TableRefusal):
    """The file is not a census table: not readable, no known layout, or bad cells."""


@dataclass(frozen=True)
class CensusCounties:
    """Tidy county tables from one census workbook.

    Attributes
    ----------
    employment : pandas.DataFrame
        Long table ``region, name, industry, employment`` (industry = section letter A–T).
    attributes : pandas.DataFrame
        One row per county with the columns of ``ATTRIBUTES`` (and ``ageing_share`` where the
        table has the share aged 65 and over).
    year : int
        Census year (2010 or 2020).
    classification : str
        ``GB/T 4754-2017`` or ``GB/T 4754-2002``.
    dropped_rows : int
        Province, prefecture and code-less rows removed.
    invalid_cells : int
        Non-numeric or negative industry cells read as missing (0 in ``employment``); the 2010
        workbook has one of each. Only the yearbook layouts are read this way; in any other
        table such a cell refuses the file.
    source : str
        File name read.
    problems : tuple of RowError
        Every cell read as missing (row as the user sees it, column, value, reason), and the
        rows skipped as totals or blanks are in ``skipped``.
    skipped : tuple of (int, str)
        Rows left out as total, blank or note rows: (row, English reason).

    """

    employment: pd.DataFrame
    attributes: pd.DataFrame
    year: int
    classification: str
    dropped_rows: int
    invalid_cells: int
    source: str
    problems: tuple[RowError, ...] = ()
    skipped: tuple[tuple[int, str], ...] = ()


def _county_mask(codes: pd.Series) -> np.ndarray:
    """County rows plus prefecture rows that have no county rows of their own."""
    c = codes.to_numpy(dtype=np.float64)
    known = ~np.isnan(c)
    ci = np.where(known, c, 0).astype(np.int64)
    county = known & (ci % 100 != 0)
    prefecture = known & (ci % 100 == 0) & (ci % 10000 != 0)
    divided = set((ci[county] // 100).tolist())
    undivided = prefecture & ~np.isin(ci // 100, list(divided))
    return np.asarray(county | undivided)


def read_census_counties(path: str | Path) -> CensusCounties:
    """Read a county census table: the 2020 or 2010 yearbook layout, or a county's own.

    Parameters
    ----------
    path : str or pathlib.Path
        ``census_county_2020_v1.xlsx`` or ``census_county_2010_v1.xlsx``, or any workbook or
        CSV (UTF-8 or GBK) with a region-code column and industry-section columns named as in
        GB/T 4754-2017 (see the ``census`` vocabulary): title rows, 序号 columns, 合计 rows and
        units in the headers (从业人员（万人）) are handled. The year comes from the layout,
        a 年份 column or the file name.

    Returns
    -------
    CensusCounties
        Employment by county and section, county attributes and what was dropped.

    Raises
    ------
    CensusFormatError
        If the file is no workbook or CSV, its headers match no layout, or (outside the
        yearbook layouts) a cell is not a plausible count: each cell named.

    """
    path = Path(path)
    vocabulary = shipped_vocabulary("census")
    try:
        sheet = read_plain_table(path, vocabulary=vocabulary, refusal=CensusFormatError)
    except CensusFormatError as exc:
        raise CensusFormatError(
            f"{path.name}: not an Excel workbook that can be read ({exc})",
            source=path.name,
            file_error=exc.file_error,
        ) from None
    cols = [str(c) for c in sheet.frame.columns]
    try:
        year, mapping, classification = _layout(cols)
    except CensusFormatError as exc:
        raise CensusFormatError(f"{path.name}: {exc}", source=path.name) from None
    next_year = {"next_year": float(dt.date.today().year + 1)}
    cells = blank_missing(sheet.frame)  # 'NA', '—': no figure
    ledger = read_ledger(cells, vocabulary, mapping=mapping, context=next_year)
    table = ledger.frame
    problems = sorted(ledger.errors, key=lambda e: (e.row, e.field))
    sections = [s for s in SECTIONS if s in table.columns]
    if "region" not in table.columns or not sections:
        raise CensusFormatError(
            f"{path.name}: not a known county census layout",
            source=path.name,
            file_error=ImportFileError(NO_SECTIONS),
        )
    if mapping is None:
        if problems:
            raise CensusFormatError(source=path.name, errors=problems)
        year = _year_of(path, table)
    codes = pd.to_numeric(table["region"], errors="coerce")  # "NA", blank: no code
    keep = _county_mask(codes)
    names = _text(table, "name")
    if mapping is not None and "province" not in mapping:  # 2010: parents by code
        province, prefecture = _parents_by_code(codes.to_numpy(np.float64), names)
    else:
        province, prefecture = _text(table, "province"), _text(table, "prefecture")
    counties = table.loc[keep]
    region = pd.Series(
        [_region_code(str(c)) for c in counties["region"]], index=counties.index, dtype=object
    )
    invalid = [e for e in problems if e.field in {ledger.columns.get(s) for s in sections}]
    employment = _employment(counties[sections], region, names[keep])
    attrs = _attributes(counties, region, names[keep], province[keep], prefecture[keep])
    return CensusCounties(
        employment=employment,
        attributes=attrs,
        year=year,
        classification=classification,
        dropped_rows=int((~keep).sum()),
        invalid_cells=sum(1 for e in invalid if e.row in set(counties.index)),
        source=path.name,
        problems=tuple(problems),
        skipped=tuple((s.row, s.reason) for s in sheet.skipped),
    )


def _region_code(text: str) -> str:
    """A 6-digit code as the yearbooks write it (``110101``; ``110101.0`` from a float)."""
    number = pd.to_numeric(text, errors="coerce")
    return f"{int(number):06d}" if pd.notna(number) and float(number).is_integer() else text


def _text(table: pd.DataFrame, key: str) -> pd.Series:
    if key not in table.columns:
        return pd.Series("", index=table.index, dtype=object)
    return table[key].fillna("").astype(str).str.strip()


def _attributes(
    counties: pd.DataFrame,
    region: pd.Series,
    names: pd.Series,
    province: pd.Series,
    prefecture: pd.Series,
) -> pd.DataFrame:
    """One row per county: population, urban share, working-age share, schooling, jobs."""

    def number(key: str) -> pd.Series:
        if key not in counties.columns:
            return pd.Series(np.nan, index=counties.index)
        return pd.to_numeric(counties[key], errors="coerce").astype(np.float64)

    attrs = pd.DataFrame(
        {
            "region": region,
            "name": names,
            "province": province,
            "prefecture": prefecture,
            "population": number("population"),
            "urban_population": number("urban_population"),
            "rural_population": number("rural_population"),
            "working_age_share": number("working_age_pct") / 100.0,
            "schooling_years": number("schooling_years"),
            "employed_total": number("employed_total"),
        },
        index=counties.index,
    )
    attrs["urban_share"] = attrs["urban_population"] / attrs["population"]
    columns = list(ATTRIBUTES)
    if "ageing_pct" in counties.columns:
        attrs["ageing_share"] = number("ageing_pct") / 100.0
        columns.append("ageing_share")
    return attrs[columns].sort_values("region", ignore_index=True)


def _layout(cols: list[str]) -> tuple[int, dict[str, str] | None, str]:
    """The census year, the yearbook columns of each field, and the classification.

    A yearbook layout is told by its headers; its 20 section columns follow the employment
    total and end with 国际组织 (section T), read by position (the 2010 workbook garbles three
    headers, and names 2002 sections). Any other table: ``None``, its headers recognised by the
    ``census`` vocabulary and its sections taken as GB/T 4754-2017.
    """
    if "区县" in cols and "各种行业人口总计" in cols:
        year, spec, classification = 2020, _COLUMNS_2020, "GB/T 4754-2017"
    elif "地区" in cols and "各种行业人口 总计" in cols:
        year, spec, classification = 2010, _COLUMNS_2010, "GB/T 4754-2002"
    else:
        return 0, None, "GB/T 4754-2017"
    start = cols.index(spec["employed_total"]) + 1
    section_cols = cols[start : start + len(SECTIONS)]
    if len(section_cols) != len(SECTIONS) or "国际组织" not in str(section_cols[-1]):
        raise CensusFormatError("expected 20 industry columns ending in 国际组织")
    mapping = {k: v for k, v in spec.items() if v in cols}
    mapping.update(zip(SECTIONS, section_cols, strict=True))
    return year, mapping, classification


def _year_of(path: Path, table: pd.DataFrame) -> int:
    """The census year of a county's own table: its 年份 column, else its file name."""
    if "year" in table.columns:
        years = sorted({int(y) for y in table["year"].dropna()})
        if len(years) == 1:
            return years[0]
        if years:
            problem = ImportFileError(MANY_YEARS, {"years": ", ".join(map(str, years))})
            raise CensusFormatError(source=path.name, file_error=problem)
    found = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", path.stem)
    if found is None:
        raise CensusFormatError(source=path.name, file_error=ImportFileError(NO_YEAR))
    return int(found.group(1))


def _employment(sections: pd.DataFrame, region: pd.Series, names: pd.Series) -> pd.DataFrame:
    """The long employment table; a cell read as missing (yearbook layouts only) counts 0."""
    values = sections.apply(pd.to_numeric, errors="coerce").astype(np.float64)
    wide = values.fillna(0.0).assign(region=region, name=names)
    employment = wide.melt(id_vars=["region", "name"], var_name="industry", value_name="employment")
    tidy: pd.DataFrame = employment.sort_values(["region", "industry"], ignore_index=True)
    return tidy


def _parents_by_code(codes: np.ndarray, names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Province and prefecture names of each row from the total rows' codes (2010 layout)."""
    known = ~np.isnan(codes)
    ci = np.where(known, codes, 0).astype(np.int64)
    prov = {
        int(c) // 10000: n for c, n, k in zip(ci, names, known, strict=True) if k and c % 10000 == 0
    }
    pref = {
        int(c) // 100: n
        for c, n, k in zip(ci, names, known, strict=True)
        if k and c % 100 == 0 and c % 10000 != 0
    }
    province = pd.Series([prov.get(int(c) // 10000, "") for c in ci], index=names.index)
    prefecture = pd.Series([pref.get(int(c) // 100, "") for c in ci], index=names.index)
    return province, prefecture


def read_section_mapping() -> pd.DataFrame:
    """GB/T 4754-2002 → GB/T 4754-2017 section correspondence shipped with microparks.

    Returns
    -------
    pandas.DataFrame
        Columns ``source, target, weight`` (one-to-one at section level; class-level moves
        between sections, e.g. computer repair from G to O, are not apportioned).

    """
    ref = resources.files("microparks.io").joinpath("census_sections_2002_2017.csv")
    with resources.as_file(ref) as p:
        return pd.read_csv(p, dtype={"source": str, "target": str}, comment="#")
