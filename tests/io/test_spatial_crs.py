"""read_layer and coordinate systems: refusals that name the CRS the numbers look like."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely
from pyproj import Transformer

from microparks.io.coordinates import Boundary
from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.spatial import read_layer

pytestmark = pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")

COUNTY = Boundary("青岚县", shapely.Point(107.86, 24.37).buffer(0.25))
LONLAT = [(107.90, 24.40), (107.80, 24.33)]


def _frame(epsg):
    to = Transformer.from_crs(4490, epsg, always_xy=True)
    points = [shapely.Point(to.transform(lon, lat)) for lon, lat in LONLAT]
    return gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=points, crs=f"EPSG:{epsg}")


def _problems(path, **kwargs):
    with pytest.raises(ImportValidationError) as info:
        read_layer(path, **kwargs)
    return [(e.row, e.field, e.text()) for e in info.value.errors]


@pytest.mark.parametrize(
    ("epsg", "within", "named"),
    [
        (4524, None, "look like EPSG:4524 (CGCS2000 / 3-degree Gauss-Kruger zone 36)"),
        (4497, None, "look like EPSG:4497 (CGCS2000 / Gauss-Kruger zone 19)"),  # 6° zone
        (4545, None, "give the CRS of the file's central meridian"),
        (4545, COUNTY, "the 3° zone of 青岚县 is EPSG:4545"),
        (4490, None, "look like longitude/latitude: give EPSG:4490"),
        (3857, None, "declares no CRS; give its CRS"),
    ],
)
def test_a_shapefile_without_prj_is_refused_with_what_it_looks_like(tmp_path, epsg, within, named):
    _frame(epsg).set_crs(None, allow_override=True).to_file(tmp_path / "a.shp", engine="pyogrio")
    with pytest.raises(ImportFileError, match="declares no CRS") as info:
        read_layer(tmp_path / "a.shp", within=within)
    assert named in str(info.value)
    assert read_layer(tmp_path / "a.shp", crs=epsg, within=COUNTY).frame.crs.to_epsg() == 4326


def test_eastings_of_another_zone_than_the_crs_given(tmp_path):
    table = _frame(4524)
    table["x"], table["y"] = table.geometry.x, table.geometry.y
    table.drop(columns="geometry").to_csv(tmp_path / "xy.csv", index=False)
    problems = _problems(tmp_path / "xy.csv", crs="EPSG:4527")
    assert [(row, field) for row, field, _ in problems] == [(2, "x/y"), (3, "x/y")]
    assert (
        "do not fit EPSG:4527: their eastings carry the zone number of EPSG:4524" in problems[0][2]
    )


def test_metres_of_no_gauss_kruger_crs(tmp_path):
    table = _frame(3857)  # Web Mercator: metres, but no Chinese survey CRS
    table["lon"], table["lat"] = table.geometry.x, table.geometry.y
    table.drop(columns="geometry").to_csv(tmp_path / "m.csv", index=False)
    problems = _problems(tmp_path / "m.csv")
    assert problems[0][:2] == (2, "lon/lat")
    assert "in a CRS not recognised: choose the file's CRS" in problems[0][2]
    assert len(read_layer(tmp_path / "m.csv", crs=3857, within=COUNTY).frame) == 2


def test_swapped_axes_in_a_geojson_are_refused_not_mended(tmp_path):
    features = [
        {"type": "Feature", "properties": {"code": code}, "geometry": geometry}
        for code, geometry in (
            ("A", {"type": "Point", "coordinates": [107.9, 24.4]}),
            ("B", {"type": "Point", "coordinates": [24.33, 107.8]}),
        )
    ]
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    assert _problems(path, within=COUNTY) == [
        (
            2,
            "geometry",
            "longitude and latitude look swapped (24.33 is a latitude, 107.8 a longitude): "
            "the longitude comes first",
        )
    ]
    assert len(_problems(path)) == 1  # without a county, China's extent tells


def test_a_table_given_no_crs_is_longitude_latitude(tmp_path):
    path = tmp_path / "ll.csv"
    path.write_text("code,经度,纬度\nA,107.9,24.4\n", encoding="utf-8")
    read = read_layer(path, within=COUNTY)
    assert read.provenance.source_crs == "EPSG:4326"
    assert read.frame.geometry.iloc[0].equals(shapely.Point(107.9, 24.4))
