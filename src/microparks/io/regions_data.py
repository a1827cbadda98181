"""Region indicator tables for readiness and peers, readiness schemes and region geometry.

Sources: the China 2020 county census, the USDA Rural Atlas, or any region table.

China: :func:`microparks.io.census.read_census_counties` gives population, rural population,
working-age share, schooling and employment in the 20 GB/T 4754 sections; this module adds the
one census column that reader does not offer (``人口比重_65岁及以上``, the share aged 65+) with
a small reader of its own, and derives the location quotients of manufacturing (C) and
agriculture (A) from the section shares (long-form sample: shares, not head-counts).

US: USDA ERS, *Atlas of Rural and Small-Town America* (2018 release), files ``People.csv``,
``Jobs.csv`` and ``County Classifications.csv``, keyed by FIPS (5 digits).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import yaml

from microparks.core.replicability import (
    ReadinessScheme,
    SchemeError,
    calc_hosted_relatedness,
    calc_nearest_distance_km,
    check_scheme,
)
from microparks.core.targeting.specialisation import calc_lq
from microparks.io.census import read_census_counties
from microparks.io.errors import ImportFileError
from microparks.io.region_tables import RegionsError, read_regions

__all__ = [
    "RegionsError",
    "add_distance_to_hubs",
    "read_checked_scheme",
    "read_china_county_indicators",
    "read_market_hubs",
    "read_readiness_scheme",
    "read_region_geometry",
    "read_regions",
    "read_us_county_indicators",
    "shipped_scheme",
    "write_regions",
]


def shipped_scheme(name: str) -> Path:
    """Path of a scheme shipped with the package (``china_county`` or ``us_county``)."""
    return Path(
        str(
            resources.files("microparks.io") / "data" / "replicability" / "schemes" / f"{name}.yaml"
        )
    )


def read_readiness_scheme(path: str | Path) -> dict[str, Any]:
    """Read a readiness scheme YAML (a shipped name such as ``china_county`` also works).

    Parameters
    ----------
    path : str or pathlib.Path
        A YAML file, or the name of a shipped scheme.

    Returns
    -------
    dict
        The parsed mapping, with ``source`` set to the file read.

    """
    source = Path(path)
    if not source.exists() and source.suffix == "":
        source = shipped_scheme(str(path))
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        reason = " ".join(str(exc).split())[:200] or "nested too deeply"
        raise RegionsError(f"{source}: not a readable YAML scheme ({reason})") from None
    if not isinstance(data, dict):
        raise RegionsError(f"{source}: a scheme must be a mapping")
    data["source"] = str(source)
    return data


def read_checked_scheme(path: str | Path) -> ReadinessScheme:
    """A readiness scheme read (:func:`read_readiness_scheme`) and checked, or refused by name.

    Raises
    ------
    RegionsError
        Unreadable YAML or a scheme the core refuses (bad weight, direction …), the file named.

    """
    data = read_readiness_scheme(path)
    try:
        return check_scheme(data)
    except SchemeError as exc:  # the core's message, told in the user's language by the shell
        problem = ImportFileError(exc.message.template, exc.message.params)
        raise RegionsError(source=Path(data["source"]).name, file_error=problem) from None


def read_china_county_indicators(
    path: str | Path, hosted: Sequence[str] | None = None
) -> pd.DataFrame:
    """County indicators from the 2020 census workbook.

    Parameters
    ----------
    path : str or pathlib.Path
        ``census_county_2020_v1.xlsx``.
    hosted : sequence of str, optional
        GB/T 4754 codes of the industries micro-parks host (default: the shipped list, see
        :func:`microparks.io.region_extras.read_hosted_industries`); mapped to the census's
        sections for ``relatedness_hosted``.

    Returns
    -------
    pandas.DataFrame
        Index ``region`` (6-digit code); columns ``name, province, prefecture, population,
        rural_population, rural_share, working_age_share, rural_working_age, ageing_share,
        schooling_years, lq_manufacturing, lq_agriculture, relatedness_hosted``.
        ``rural_working_age`` is the rural population times the county's working-age share
        (the census gives no rural age split at county level). ``relatedness_hosted`` is the
        counties' mean density around the hosted industries' sections
        (:func:`microparks.core.replicability.calc_hosted_relatedness`). Counties without any
        industry count get NaN location quotients and relatedness.

    """
    census = read_census_counties(path)
    if census.year != 2020:
        raise RegionsError(f"{path}: the indicators need the 2020 census workbook")
    attrs = census.attributes.set_index("region")
    counts, cols = _section_counts(census.employment, attrs.index)
    has_jobs = counts.sum(axis=1) > 0
    lq = np.full(counts.shape, np.nan)
    lq[has_jobs] = calc_lq(counts[has_jobs])
    out = pd.DataFrame(index=attrs.index)
    out["name"] = attrs["name"]
    out["province"] = attrs["province"]
    out["prefecture"] = attrs["prefecture"]
    out["population"] = attrs["population"]
    out["rural_population"] = attrs["rural_population"]
    out["rural_share"] = attrs["rural_population"] / attrs["population"]
    out["working_age_share"] = attrs["working_age_share"]
    out["rural_working_age"] = attrs["rural_population"] * attrs["working_age_share"]
    out["ageing_share"] = attrs.get("ageing_share", np.nan)
    out["schooling_years"] = attrs["schooling_years"]
    out["lq_manufacturing"] = lq[:, cols.index("C")]
    out["lq_agriculture"] = lq[:, cols.index("A")]
    from microparks.io.region_extras import map_to_panel, read_hosted_industries

    codes = list(hosted) if hosted is not None else read_hosted_industries()[0]
    out["relatedness_hosted"] = calc_hosted_relatedness(
        np.where(has_jobs[:, None], counts, np.nan), cols, map_to_panel(codes, cols)
    )
    out.index.name = "region"
    return out


def _section_counts(
    employment: pd.DataFrame, regions: pd.Index
) -> tuple[npt.NDArray[np.float64], list[str]]:
    """Employment by county (rows, in ``regions`` order) and section (columns, 0 if none)."""
    wide = employment.pivot_table(
        index="region", columns="industry", values="employment", aggfunc="sum"
    ).reindex(regions)
    return wide.fillna(0.0).to_numpy(np.float64), list(wide.columns)


def _atlas(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig", low_memory=False)
    except UnicodeDecodeError:  # County Classifications.csv is Latin-1
        frame = pd.read_csv(path, encoding="latin-1", low_memory=False)
    key = "FIPS" if "FIPS" in frame.columns else "FIPStxt"
    if key not in frame.columns:
        raise RegionsError(f"{path}: no FIPS column")
    fips = pd.to_numeric(frame[key], errors="coerce")
    frame = frame[fips.notna()].copy()
    frame.index = fips[fips.notna()].astype(np.int64).map("{:05d}".format)
    return frame[~frame.index.duplicated()]


def read_us_county_indicators(folder: str | Path) -> pd.DataFrame:
    """County indicators from the USDA Rural Atlas folder (state and nation rows dropped).

    Parameters
    ----------
    folder : str or pathlib.Path
        The folder holding ``People.csv``, ``Jobs.csv`` and ``County Classifications.csv``.

    Returns
    -------
    pandas.DataFrame
        Index ``region`` (5-digit FIPS); columns ``name, state, population, rural_code,
        ageing_share, college_share, manufacturing_share, agriculture_share,
        unemployment_rate`` (shares as fractions).

    """
    base = Path(folder)
    people = _atlas(base, "People.csv")
    jobs = _atlas(base, "Jobs.csv")
    classes = _atlas(base, "County Classifications.csv")
    counties = classes.index[~classes.index.str.endswith("000")]

    def num(frame: pd.DataFrame, column: str) -> pd.Series:
        return pd.to_numeric(frame[column], errors="coerce").reindex(counties)

    out = pd.DataFrame(index=counties)
    out["name"] = classes["County"].reindex(counties)
    out["state"] = classes["State"].reindex(counties)
    out["population"] = num(people, "TotalPopEst2017")
    out["rural_code"] = num(classes, "RuralUrbanContinuumCode2013")
    out["ageing_share"] = num(people, "Age65AndOlderPct2010") / 100.0
    out["college_share"] = num(people, "Ed5CollegePlusPct") / 100.0
    out["manufacturing_share"] = num(jobs, "PctEmpManufacturing") / 100.0
    out["agriculture_share"] = num(jobs, "PctEmpAgriculture") / 100.0
    out["unemployment_rate"] = num(jobs, "UnempRate2017") / 100.0
    out.index.name = "region"
    return out


def read_region_geometry(path: str | Path, key: str | None = None) -> Any:
    """Region polygons (GeoParquet or any file pyogrio reads) keyed by region code.

    Parameters
    ----------
    path : str or pathlib.Path
        Geometry file.
    key : str, optional
        The code column; ``region``, ``adcode``, ``FIPS`` or ``GEOID`` when omitted.

    Returns
    -------
    geopandas.GeoDataFrame
        Index = region code (text), in EPSG:4326.

    """
    import geopandas as gpd

    p = Path(path)
    gdf = gpd.read_parquet(p) if p.suffix.lower() == ".parquet" else gpd.read_file(p)
    candidates = [key] if key else ["region", "adcode", "FIPS", "GEOID"]
    found = next((c for c in candidates if c and c in gdf.columns), None)
    if found is None:
        raise RegionsError(f"{p}: no region code column among {candidates}")
    gdf = gdf.assign(region=gdf[found].astype(str).str.strip()).set_index("region")
    if gdf.crs is not None:
        gdf = gdf.to_crs(4326)
    return gdf


def write_regions(frame: pd.DataFrame, path: str | Path, geometry: Any | None = None) -> int:
    """Write a region table; joined to polygons when ``geometry`` is given.

    Parameters
    ----------
    frame : pandas.DataFrame
        Index = region code.
    path : str or pathlib.Path
        ``.csv``, ``.xlsx``; with geometry also ``.geojson``, ``.gpkg`` or ``.parquet``.
    geometry : geopandas.GeoDataFrame, optional
        From :func:`read_region_geometry`.

    Returns
    -------
    int
        Number of rows written with a geometry (0 without geometry).

    """
    p = Path(path)
    suffix = p.suffix.lower()
    table = frame.reset_index()
    if geometry is None or suffix in (".csv", ".xlsx"):
        if suffix == ".xlsx":
            table.to_excel(p, index=False)
        else:
            table.to_csv(p, index=False, float_format="%.6g")
        if geometry is None:
            return 0
        return int(frame.index.isin(geometry.index).sum())
    import geopandas as gpd

    geo = gpd.GeoDataFrame(
        table.merge(geometry[["geometry"]], left_on="region", right_index=True, how="inner"),
        geometry="geometry",
        crs=geometry.crs,
    )
    if suffix == ".parquet":
        geo.to_parquet(p)
    elif suffix == ".gpkg":
        geo.to_file(p, driver="GPKG")
    elif suffix in (".geojson", ".json"):
        geo.to_file(p, driver="GeoJSON")
    else:
        raise RegionsError(f"{p}: unknown output format {suffix!r}")
    return len(geo)


def read_market_hubs(path: str | Path | None = None) -> pd.DataFrame:
    """Market hubs (``name, lon, lat``); the shipped eastern hubs when ``path`` is None.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A YAML file with ``hubs: [{name, lon, lat}, …]``.

    Returns
    -------
    pandas.DataFrame

    """
    source = (
        Path(
            str(
                resources.files("microparks.io") / "data" / "replicability" / "eastern_markets.yaml"
            )
        )
        if path is None
        else Path(path)
    )
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    hubs = pd.DataFrame(data.get("hubs", []) if isinstance(data, dict) else [])
    if hubs.empty or not {"name", "lon", "lat"} <= set(hubs.columns):
        raise RegionsError(f"{source}: expected hubs with name, lon and lat")
    return hubs


def add_distance_to_hubs(
    regions: pd.DataFrame, geometry: Any, hubs: pd.DataFrame, column: str = "distance_to_east_km"
) -> pd.DataFrame:
    """Add the great-circle distance from each region's interior point to the nearest hub.

    Parameters
    ----------
    regions : pandas.DataFrame
        Index = region code.
    geometry : geopandas.GeoDataFrame
        From :func:`read_region_geometry` (EPSG:4326).
    hubs : pandas.DataFrame
        From :func:`read_market_hubs`.
    column : str
        Name of the new column; regions without a polygon get NaN (reported as missing).

    Returns
    -------
    pandas.DataFrame
        A copy of ``regions`` with ``column`` and ``<column>_hub`` (the nearest hub's name).

    """
    points = geometry.geometry.representative_point()
    lon = pd.Series(points.x.to_numpy(), index=geometry.index).reindex(regions.index)
    lat = pd.Series(points.y.to_numpy(), index=geometry.index).reindex(regions.index)
    dist, nearest = calc_nearest_distance_km(lon, lat, hubs["lon"], hubs["lat"])
    out = regions.copy()
    out[column] = dist
    names = hubs["name"].astype(str).to_numpy()[nearest]
    out[f"{column}_hub"] = [None if np.isnan(d) else n for d, n in zip(dist, names, strict=True)]
    return out
