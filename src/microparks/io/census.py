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

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError

SECTIONS = tuple("ABCDEFGHIJKLMNOPQRST")

_COLUMNS_2020 = {
    "code": "区划代码",
    "name": "区县",
    "province": "省",
    "prefecture": "市",
    "population": "人口数_合计",
    "urban_population": "城镇人口",
    "rural_population": "乡村人口",
    "working_age_pct": "人口比重_15-64岁",
    "schooling_years": "平均受教育年限_合计",
    "employed_total": "各种行业人口总计",
}
_COLUMNS_2010 = {
    "code": "区划代码",
    "name": "地区",
    "population": "合计",
    "urban_population": "城镇人口",
    "rural_population": "乡村人口",
    "working_age_pct": "15-64岁（%）",
    "schooling_years": "平均受教育年限（年）-合计",
    "employed_total": "各种行业人口\n总计",
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


class CensusFormatError(ValueError):
    """The workbook is not one of the known census layouts."""


@dataclass(frozen=True)
class CensusCounties:
    """Tidy county tables from one census workbook.

    Attributes
    ----------
    employment : pandas.DataFrame
        Long table ``region, name, industry, employment`` (industry = section letter A–T).
    attributes : pandas.DataFrame
        One row per county with the columns of ``ATTRIBUTES``.
    year : int
        Census year (2010 or 2020).
    classification : str
        ``GB/T 4754-2017`` or ``GB/T 4754-2002``.
    dropped_rows : int
        Province, prefecture and code-less rows removed.
    invalid_cells : int
        Non-numeric or negative industry cells read as missing (0 in ``employment``); the 2010
        workbook has one of each.
    source : str
        File name read.

    """

    employment: pd.DataFrame
    attributes: pd.DataFrame
    year: int
    classification: str
    dropped_rows: int
    invalid_cells: int
    source: str


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


def _numeric(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    out = frame.apply(pd.to_numeric, errors="coerce")
    coerced = int((out.isna() & frame.notna()).to_numpy().sum())
    return out, coerced


def read_census_counties(path: str | Path) -> CensusCounties:
    """Read a county census workbook (2020 or 2010 layout, detected from its headers).

    Parameters
    ----------
    path : str or pathlib.Path
        ``census_county_2020_v1.xlsx`` or ``census_county_2010_v1.xlsx``.

    Returns
    -------
    CensusCounties
        Employment by county and section, county attributes and what was dropped.

    Raises
    ------
    CensusFormatError
        If the file is no workbook, or its headers match neither layout.

    """
    path = Path(path)
    try:
        raw = pd.read_excel(path, sheet_name=0, engine="calamine")  # 6× faster than openpyxl
    except CalamineError as exc:
        raise CensusFormatError(
            f"{path.name}: not an Excel workbook that can be read ({exc})"
        ) from None
    year, spec, classification, section_cols = _layout(path, list(raw.columns))
    keep = _county_mask(raw[spec["code"]])
    codes = raw[spec["code"]].to_numpy(dtype=np.float64)
    names = raw[spec["name"]].astype(str).str.strip()
    if year == 2020:
        province = raw[spec["province"]].astype(str).str.strip()
        prefecture = raw[spec["prefecture"]].astype(str).str.strip()
    else:
        province, prefecture = _parents_by_code(codes, names)
    counties = raw.loc[keep]
    region = pd.Series(codes[keep].astype(np.int64), index=counties.index).map("{:06d}".format)
    employment, coerced = _employment(counties[section_cols], region, names[keep])
    fields = [f for f in spec if f not in ("code", "name", "province", "prefecture")]
    nums, _ = _numeric(counties[[spec[f] for f in fields]])
    nums.columns = fields
    attrs = nums.assign(
        region=region,
        name=names[keep],
        province=province[keep],
        prefecture=prefecture[keep],
        urban_share=nums["urban_population"] / nums["population"],
        working_age_share=nums["working_age_pct"] / 100.0,
    )
    attrs = attrs[list(ATTRIBUTES)].sort_values("region", ignore_index=True)
    return CensusCounties(
        employment=employment,
        attributes=attrs,
        year=year,
        classification=classification,
        dropped_rows=int((~keep).sum()),
        invalid_cells=coerced,
        source=path.name,
    )


def _layout(path: Path, cols: list[str]) -> tuple[int, dict[str, str], str, list[str]]:
    """The census year, column names, classification and industry columns of a workbook.

    The layout is told by its headers; the 20 section columns follow the employment total
    and end with 国际组织 (section T), which also checks that none is missing.
    """
    if "区县" in cols and "各种行业人口总计" in cols:
        year, spec, classification = 2020, _COLUMNS_2020, "GB/T 4754-2017"
    elif "地区" in cols and "各种行业人口\n总计" in cols:
        year, spec, classification = 2010, _COLUMNS_2010, "GB/T 4754-2002"
    else:
        raise CensusFormatError(f"{path.name}: not a known county census layout")
    start = cols.index(spec["employed_total"]) + 1
    section_cols = cols[start : start + len(SECTIONS)]
    if len(section_cols) != len(SECTIONS) or "国际组织" not in str(section_cols[-1]):
        raise CensusFormatError(f"{path.name}: expected 20 industry columns ending in 国际组织")
    return year, spec, classification, section_cols


def _employment(
    sections: pd.DataFrame, region: pd.Series, names: pd.Series
) -> tuple[pd.DataFrame, int]:
    """The long employment table (0 where a cell is invalid), and how many cells were invalid.

    Non-numeric and negative counts are invalid: read as missing, never as a value.
    """
    values, coerced = _numeric(sections)
    negative = values < 0
    coerced += int(negative.to_numpy().sum())
    values = values.mask(negative)
    values.columns = list(SECTIONS)
    wide = values.fillna(0.0).assign(region=region, name=names)
    employment = wide.melt(id_vars=["region", "name"], var_name="industry", value_name="employment")
    return employment.sort_values(["region", "industry"], ignore_index=True), coerced


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
