"""Reading real files written in tmp_path: every format, reprojection, and refused bad inputs."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from openpyxl import Workbook

from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.spatial import (
    SITE_MAPPING,
    FieldMapping,
    list_layers,
    read_columns,
    read_field_mapping,
    read_layer,
)

pytestmark = [  # writing the Shapefile fixtures: GDAL truncates long names, as expected
    pytest.mark.filterwarnings("ignore:Column names longer than 10:UserWarning"),
    pytest.mark.filterwarnings("ignore:Normalized/laundered field name:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning"),
]

# three parcels near 114.3E 30.6N (Wuhan), inside CGCS2000 3-degree Gauss-Kruger zone 38
BOXES = [shapely.box(114.30, 30.60, 114.302, 30.602), shapely.box(114.31, 30.61, 114.3015, 30.6115)]
SITES = gpd.GeoDataFrame(
    {
        "code": ["S1", "S2", "S3"],
        "name": ["东厂", "西地", "南仓"],
        "land_area_m2": [40000.0, 12000.5, 3000.0],
    },
    geometry=[
        shapely.box(114.30, 30.60, 114.302, 30.602),
        shapely.box(114.31, 30.61, 114.3115, 30.6115),
        shapely.box(114.32, 30.59, 114.3205, 30.5905),
    ],
    crs="EPSG:4326",
)

# Shapefile field names stop at 10 characters: a mapping template restores ours
SHP_MAPPING = FieldMapping(
    fields={"land_area_m2": "land_area_"},
    numeric=SITE_MAPPING.numeric,
    geometry_types=SITE_MAPPING.geometry_types,
)


def assert_same_sites(read):
    frame = read.frame
    assert frame.crs.to_epsg() == 4326
    assert frame["code"].tolist() == ["S1", "S2", "S3"]
    assert frame["name"].tolist() == ["东厂", "西地", "南仓"]
    np.testing.assert_allclose(pd.to_numeric(frame["land_area_m2"]), SITES["land_area_m2"])
    for got, want in zip(frame.geometry, SITES.geometry, strict=True):
        assert shapely.hausdorff_distance(got, want) < 1e-7  # degrees: about 1 cm


@pytest.mark.parametrize(
    "epsg",
    [
        4326,
        4490,  # CGCS2000 geographic
        4547,  # CGCS2000 / 3-degree Gauss-Kruger CM 114E
        4526,  # CGCS2000 / 3-degree Gauss-Kruger zone 38 (false easting with zone prefix)
    ],
)
def test_geopackage_in_any_crs_comes_back_in_wgs84(tmp_path, epsg):
    path = tmp_path / "sites.gpkg"
    SITES.to_crs(epsg=epsg).to_file(path, layer="idle", driver="GPKG")
    read = read_layer(path, layer="idle", mapping=SITE_MAPPING)
    assert_same_sites(read)
    assert str(epsg) in read.provenance.source_crs
    assert len(read.provenance.sha256) == 64
    assert read.provenance.layer == "idle"


def test_geopackage_layers_are_listed_and_chosen(tmp_path):
    path = tmp_path / "county.gpkg"
    SITES.to_file(path, layer="idle", driver="GPKG")
    roads = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(114.3, 30.6), (114.4, 30.7)])], crs="EPSG:4326"
    )
    roads.to_file(path, layer="roads", driver="GPKG")
    assert set(list_layers(path)) == {"idle", "roads"}
    road = read_layer(path, layer="roads", require_code=False)
    assert road.frame.geometry.iloc[0].geom_type == "LineString"


def test_zipped_shapefile(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    SITES.to_crs(epsg=4547).to_file(folder / "sites.shp", engine="pyogrio")
    path = tmp_path / "sites.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    assert_same_sites(read_layer(path, mapping=SHP_MAPPING))


def test_geojson(tmp_path):
    path = tmp_path / "sites.geojson"
    SITES.to_file(path, driver="GeoJSON")
    assert_same_sites(read_layer(path, mapping=SITE_MAPPING))


def test_csv_with_wkt_and_excel(tmp_path):
    table = pd.DataFrame(SITES.drop(columns="geometry"))
    table["WKT"] = SITES.geometry.to_wkt()
    table.to_csv(tmp_path / "sites.csv", index=False)
    assert_same_sites(read_layer(tmp_path / "sites.csv", mapping=SITE_MAPPING))
    table.to_excel(tmp_path / "sites.xlsx", index=False)
    assert_same_sites(read_layer(tmp_path / "sites.xlsx", mapping=SITE_MAPPING))


def test_csv_with_projected_wkt_and_declared_crs(tmp_path):
    table = pd.DataFrame(SITES.drop(columns="geometry"))
    table["wkt"] = SITES.to_crs(epsg=4526).geometry.to_wkt()
    table.to_csv(tmp_path / "gk.csv", index=False)
    assert_same_sites(read_layer(tmp_path / "gk.csv", mapping=SITE_MAPPING, crs="EPSG:4526"))


def test_csv_with_lon_lat_points_and_field_mapping(tmp_path):
    path = tmp_path / "villages.csv"
    path.write_text(
        "编号,村名,经度,纬度,劳动力\nV1,张村,114.3,30.6,820\nV2,李村,114.35,30.62,1300\n",
        encoding="utf-8",
    )
    mapping = FieldMapping(
        code="编号",
        fields={"name": "村名", "working_age_population": "劳动力"},
        numeric={"working_age_population": (0, None)},
        geometry_types=("Point",),
    )
    frame = read_layer(path, mapping=mapping).frame
    assert frame["code"].tolist() == ["V1", "V2"]
    assert frame["working_age_population"].tolist() == [820, 1300]
    assert frame.geometry.iloc[1].equals(shapely.Point(114.35, 30.62))
    template = tmp_path / "mapping.json"
    template.write_text(json.dumps(mapping.as_dict(), ensure_ascii=False), encoding="utf-8")
    assert read_field_mapping(template) == mapping


# --- bad inputs: every one refused with the row and the reason -------------------------------


def _errors(path, **kwargs):
    with pytest.raises(ImportValidationError) as info:
        read_layer(path, **kwargs)
    return [(e.row, e.field, e.text()) for e in info.value.errors]


def test_bad_rows_are_all_reported_with_row_field_reason(tmp_path):
    bowtie = shapely.Polygon([(114.3, 30.6), (114.31, 30.61), (114.31, 30.6), (114.3, 30.61)])
    bad = gpd.GeoDataFrame(
        {
            "code": ["S1", "S1", None, "S4", "S5", "S6"],
            "land_area_m2": [100.0, 200.0, 300.0, -5.0, 100.0, 100.0],
        },
        geometry=[
            *[BOXES[0]] * 4,
            bowtie,
            shapely.LineString([(114.3, 30.6), (114.31, 30.61)]),  # a point would do, a line not
        ],
        crs="EPSG:4326",
    )
    path = tmp_path / "bad.gpkg"
    bad.to_file(path, driver="GPKG")
    errors = _errors(path, mapping=SITE_MAPPING)
    assert (2, "code", "duplicate code (also on row 1)") in errors
    assert (3, "code", "missing code") in errors
    assert (4, "land_area_m2", "impossible value: must be ≥ 0") in errors
    assert any(r == 5 and f == "geometry" and "Self-intersection" in m for r, f, m in errors)
    assert (6, "geometry", "expected Point / Polygon / MultiPolygon, got LineString") in errors
    assert len(errors) == 5


def test_empty_geometry_and_wrong_types_in_csv(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,land_area_m2,wkt\n"
        'S1,lots,"POLYGON ((114.3 30.6, 114.31 30.6, 114.31 30.61, 114.3 30.6))"\n'
        "S2,10,\n"
        "S3,10,POLYGON EMPTY\n"
        "S4,10,NOT WKT\n",
        encoding="utf-8",
    )
    errors = _errors(path, mapping=SITE_MAPPING)
    assert (2, "land_area_m2", "not a number") in errors
    assert (3, "wkt", "no location: give 经度/纬度, X/Y or an outline") in errors
    assert (4, "geometry", "empty geometry") in errors
    assert (5, "wkt", "not valid WKT") in errors


def test_wrong_crs_is_caught_by_the_coordinates(tmp_path):
    # Gauss-Kruger metres in a table that claims (by default) longitude/latitude
    table = pd.DataFrame(SITES.drop(columns="geometry"))
    table["wkt"] = SITES.to_crs(epsg=4547).geometry.to_wkt()
    table.to_csv(tmp_path / "gk.csv", index=False)
    errors = _errors(tmp_path / "gk.csv", mapping=SITE_MAPPING)
    assert len(errors) == 3
    # no zone number in the eastings: the family is named, the zone cannot be
    assert all("not longitude/latitude" in reason for _, _, reason in errors)
    assert all("EPSG:4534–4554" in reason for _, _, reason in errors)


def test_lon_lat_with_missing_coordinate(tmp_path):
    path = tmp_path / "pts.csv"
    path.write_text("code,lon,lat\nA,114.3,30.6\nB,,30.6\n", encoding="utf-8")
    assert _errors(path) == [(3, "lon", "missing or non-numeric coordinate")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", "", "empty"),
        ("header.csv", "code,wkt\n", "no rows"),
        ("nogeom.csv", "code,area\nS1,3\n", "no geometry"),
        ("sites.txt", "x", "unsupported file type .txt"),
        ("broken.gpkg", "not a geopackage", "cannot read the layer"),
        ("nocode.csv", "name,wkt\nA,POINT (114 30)\n", "no column 'code'"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        read_layer(path)


def test_excel_with_merged_header_cells_names_the_unnamed_column_by_its_letter(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["asset", None, "wkt"])
    sheet.merge_cells("A1:B1")
    sheet.append(["S1", "name", "POINT (114 30)"])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    with pytest.raises(
        ImportFileError, match=r"no column 'code'; the columns are 'asset', '\(B\)'"
    ):
        read_layer(path, crs="EPSG:4326")


def test_shapefile_without_crs_needs_one(tmp_path):
    frame = SITES.to_crs(epsg=4547).set_crs(None, allow_override=True)
    frame.to_file(tmp_path / "nocrs.shp", engine="pyogrio")
    with pytest.raises(ImportFileError, match="declares no CRS"):
        read_layer(tmp_path / "nocrs.shp")
    assert_same_sites(read_layer(tmp_path / "nocrs.shp", crs=4547, mapping=SHP_MAPPING))


def test_missing_mapped_column_and_bad_template(tmp_path):
    SITES.to_file(tmp_path / "s.geojson", driver="GeoJSON")
    with pytest.raises(ImportFileError, match="no column '面积'"):
        read_layer(tmp_path / "s.geojson", mapping=FieldMapping(fields={"land_area_m2": "面积"}))
    (tmp_path / "m.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a field-mapping template"):
        read_field_mapping(tmp_path / "m.json")
    with pytest.raises(ImportFileError, match="unknown CRS"):
        read_layer(tmp_path / "s.geojson", crs="EPSG:999999")
    assert pyogrio  # the writer used above


def test_columns_are_listed_without_geometry(tmp_path):
    SITES.to_file(tmp_path / "s.gpkg", layer="sites", driver="GPKG")
    assert read_columns(tmp_path / "s.gpkg", layer="sites") == ["code", "name", "land_area_m2"]
    (tmp_path / "t.csv").write_text("编号, 名称 ,WKT\nA,a,POINT (1 2)\n", encoding="utf-8")
    assert read_columns(tmp_path / "t.csv") == ["编号", "名称"]
    with pytest.raises(ImportFileError, match="unsupported"):
        read_columns(tmp_path / "t.txt")


def test_yaml_template_is_read_like_json(tmp_path):
    (tmp_path / "m.yaml").write_text(
        "code: 编号\nfields:\n  name: 地块名称\n  land_area_m2: 面积\n"
        "numeric:\n  land_area_m2: [0, null]\n",
        encoding="utf-8",
    )
    mapping = read_field_mapping(tmp_path / "m.yaml")
    assert mapping == FieldMapping(
        code="编号",
        fields={"name": "地块名称", "land_area_m2": "面积"},
        numeric={"land_area_m2": (0.0, None)},
    )
    assert read_field_mapping(tmp_path / "m.yaml") == FieldMapping.from_dict(mapping.as_dict())
    (tmp_path / "bad.yml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a field-mapping template"):
        read_field_mapping(tmp_path / "bad.yml")
