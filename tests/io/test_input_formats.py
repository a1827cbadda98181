"""Every documented input format reads through the readers with a plain install's packages.

docs/reference/file-formats.md lists: region tables as CSV, Excel or Parquet; region polygons as
GeoParquet, GeoPackage, GeoJSON or a zipped Shapefile; site layers as GeoPackage, (zipped)
Shapefile, GeoJSON, CSV or Excel. Each file here is written in that format and read back through
the reader a command uses, so a format whose engine is missing from the run-time dependencies
(pyarrow for Parquet, openpyxl for Excel, pyogrio for the GIS formats) fails here, not in a
county's hands.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.io.regions_data import read_region_geometry, read_regions
from microparks.io.spatial import read_layer
from tests.conftest import SHARED_DATA

CODES = ["450102", "450103"]


@pytest.fixture
def regions() -> gpd.GeoDataFrame:
    squares = [shapely.box(108.0, 22.0, 108.1, 22.1), shapely.box(108.2, 22.0, 108.3, 22.1)]
    return gpd.GeoDataFrame(
        {"region": CODES, "code": ["S1", "S2"], "name": ["甲", "乙"], "area_m2": [1.0e4, 2.0e4]},
        geometry=squares,
        crs=4326,
    )


def _zipped_shapefile(frame: gpd.GeoDataFrame, folder: Path) -> Path:
    shp = folder / "layer.shp"
    frame.to_file(shp, driver="ESRI Shapefile", encoding="utf-8")
    out = folder / "layer.zip"
    with zipfile.ZipFile(out, "w") as archive:
        for part in folder.glob("layer.*"):
            if part != out:
                archive.write(part, part.name)
    return out


def _written(frame: gpd.GeoDataFrame, folder: Path, suffix: str) -> Path:
    if suffix == ".zip":
        return _zipped_shapefile(frame, folder)
    path = folder / f"layer{suffix}"
    if suffix == ".parquet":
        frame.to_parquet(path)
    else:
        frame.to_file(path, driver={".gpkg": "GPKG", ".geojson": "GeoJSON"}[suffix])
    return path


@pytest.mark.parametrize("suffix", [".parquet", ".gpkg", ".geojson", ".zip"])
def test_region_polygons_in_every_documented_format(
    regions: gpd.GeoDataFrame, tmp_path: Path, suffix: str
) -> None:
    path = _written(regions, tmp_path, suffix)
    read = read_region_geometry(path)
    assert list(read.index) == CODES
    assert read.crs.to_epsg() == 4326
    same = read.loc["450103"].geometry.normalize()  # a Shapefile turns rings clockwise
    assert same.equals_exact(regions.geometry[1].normalize(), tolerance=1e-9)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_region_tables_in_every_documented_format(
    regions: gpd.GeoDataFrame, tmp_path: Path, suffix: str
) -> None:
    table = pd.DataFrame(regions.drop(columns="geometry"))
    path = tmp_path / f"regions{suffix}"
    {".csv": lambda: table.to_csv(path, index=False), ".xlsx": lambda: table.to_excel(path)}.get(
        suffix, lambda: table.to_parquet(path)
    )()
    read = read_regions(path)
    assert list(read.index) == CODES  # codes stay text: no leading zeros lost
    assert read.loc["450103", "name"] == "乙"
    assert read.loc["450103", "area_m2"] == pytest.approx(2.0e4)


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".zip", ".csv", ".xlsx"])
def test_site_layers_in_every_documented_format(
    regions: gpd.GeoDataFrame, tmp_path: Path, suffix: str
) -> None:
    if suffix in (".csv", ".xlsx"):
        points = pd.DataFrame(regions.drop(columns="geometry"))
        points = points.assign(lon=[108.05, 108.25], lat=[22.05, 22.05])
        path = tmp_path / f"sites{suffix}"
        if suffix == ".csv":
            points.to_csv(path, index=False)
        else:
            points.to_excel(path, index=False)
    else:
        path = _written(regions, tmp_path, suffix)
    read = read_layer(path)
    assert sorted(read.frame["code"]) == ["S1", "S2"]
    assert read.frame.crs.to_epsg() == 4326


@pytest.mark.shared_data
def test_the_real_county_geoparquet_through_the_command(tmp_path: Path) -> None:
    """The command of the issue: ``replicate indicators --geometry <cn_counties parquet>``."""
    out = tmp_path / "counties.geojson"
    args = ["replicate", "indicators", "--out", str(out)]
    args += ["--china-census", str(SHARED_DATA / "census_county_2020_v1.xlsx")]
    args += ["--geometry", str(SHARED_DATA / "cn_counties_2875_simplified.parquet")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    polygons = read_region_geometry(SHARED_DATA / "cn_counties_2875_simplified.parquet")
    assert len(polygons) == 2875
    assert "110101" in polygons.index  # 东城区, keyed by its six-digit adcode
