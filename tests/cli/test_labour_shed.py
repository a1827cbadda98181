"""``microparks labour shed`` end to end on the hand-computed network of tests/core/labour.

Roads in CGCS2000 Gauss–Krüger CM 114E (EPSG:4547) with Chinese road classes (村道 20 km/h,
国道 60 km/h, 县道 40 km/h), villages with 在家可就业人数, sites as a CSV of WKT in metres with
``--crs``. Expected sheds (access distance ignored, ``--access-speed 0``), worked by hand in
tests/core/labour/test_shed.py: from A 60 / 560 / 760 within 15 / 30 / 45 minutes, from F
700 / 750 / 760.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point
from typer.testing import CliRunner

from microparks.cli.main import app

pytestmark = pytest.mark.engine_neutral  # files in, a file out: no database

X0, Y0 = 500_000.0, 2_500_000.0
GK = "EPSG:4547"


def gk(x, y):
    return (X0 + x, Y0 + y)


A, B, C, D = gk(0, 0), gk(10_000, 0), gk(0, 3_000), gk(10_000, 3_000)
E, F, V = gk(10_000, -9_200), gk(10_000, -9_400), gk(10_300, 3_400)


@pytest.fixture
def files(tmp_path):
    roads = tmp_path / "roads.gpkg"
    gpd.GeoDataFrame(
        {
            "道路等级": ["村道", "国道", "县道"],
            "geometry": [
                LineString([A, B]),
                LineString([A, C, D, B]),
                LineString([gk(10_000, 0.4), E, F]),
            ],
        },
        crs=GK,
    ).to_file(roads, engine="pyogrio")
    pool = tmp_path / "villages.geojson"
    gpd.GeoDataFrame(
        {
            "村": ["A", "B", "E", "F", "V"],
            "在家可就业人数": [10, 400, 100, 200, 50],
            "geometry": [Point(p) for p in (A, B, E, F, V)],
        },
        crs=GK,
    ).to_file(pool, engine="pyogrio")
    sites = tmp_path / "sites.csv"
    sites.write_text(
        f"编号,wkt\n闲置-A,POINT ({A[0]} {A[1]})\n闲置-F,POINT ({F[0]} {F[1]})\n", encoding="utf-8"
    )
    return {"roads": roads, "pool": pool, "sites": sites, "out": tmp_path / "shed.csv"}


def args(files, *extra):
    return [
        "labour",
        "shed",
        "--roads",
        str(files["roads"]),
        "--pool",
        str(files["pool"]),
        "--sites",
        str(files["sites"]),
        "--out",
        str(files["out"]),
        "--crs",
        GK,
        *extra,
    ]


def read_out(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_shed_by_hand(files):
    result = CliRunner().invoke(app, args(files, "--access-speed", "0", "--lang", "en"))
    assert result.exit_code == 0, result.output
    assert read_out(files["out"]) == [
        ["site_code", "minutes", "labour"],
        ["闲置-A", "15", "60"],
        ["闲置-A", "30", "560"],
        ["闲置-A", "45", "760"],
        ["闲置-F", "15", "700"],
        ["闲置-F", "30", "750"],
        ["闲置-F", "45", "760"],
    ]
    assert "2 sites × 3 thresholds (15, 30, 45 minutes)" in result.stdout
    assert "6 nodes and 6 edges" in result.stdout


def test_minutes_repeatable_and_access_counted_by_default(files):
    # with the default 15 km/h, V (500 m off D) is 13 + 2 = 15 min from A: in at 15, out at 14.9
    result = CliRunner().invoke(app, args(files, "--minutes", "15", "--minutes", "14.9"))
    assert result.exit_code == 0, result.output
    assert read_out(files["out"])[1:3] == [["闲置-A", "14.9", "10"], ["闲置-A", "15", "60"]]
    assert "已写入" in result.stdout  # Chinese by default


def test_far_site_and_village_get_a_note_and_their_access_time(files):
    far = gk(-5_000, 0)  # 5 km west of A, the nearest vertex: 20 min at 15 km/h
    files["sites"].write_text(f"编号,wkt\n远-1,POINT ({far[0]} {far[1]})\n", encoding="utf-8")
    frame = gpd.read_file(files["pool"])
    frame.loc[len(frame)] = {
        "村": "远村",
        "在家可就业人数": 7,
        "geometry": Point(gk(10_000, 12_000)),
    }
    frame.to_file(files["pool"], engine="pyogrio")
    result = CliRunner().invoke(app, args(files, "--lang", "en"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "note: villages.geojson: 1 of 6 points lie more than 2,000 m from the nearest road vertex "
        "(farthest: row 6, 9,000 m); check the CRS and the road layer's extent",
        "note: sites.csv: 1 of 1 sites lie more than 2,000 m from the nearest road vertex "
        "(farthest: 远-1, 5,000 m); check the CRS and the road layer's extent",
    ]
    # A at 20 min, V at 20 + 13 + 2 = 35, B at 36, E at 49.8; the far village (36 min away
    # from D on foot at 15 km/h) never
    assert [row[2] for row in read_out(files["out"])[1:]] == ["0", "10", "460"]


def test_unknown_road_class_is_one_line_naming_file_row_and_field(files):
    frame = gpd.read_file(files["roads"])
    frame.loc[1, "道路等级"] = "马路"
    frame.to_file(files["roads"], engine="pyogrio")
    result = CliRunner().invoke(app, args(files, "--lang", "en"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: roads.gpkg: row 2, field '道路等级': unknown road class 马路: give speed_kmh, "
        "or one of the classes with a default speed (e.g. 高速公路、高速、国道、省道、县道、乡道、"
        "村道, motorway …) [马路]"
    ]
    assert not files["out"].exists()  # nothing written


def test_bad_labour_row_in_chinese(files):
    frame = gpd.read_file(files["pool"])
    frame.loc[2, "在家可就业人数"] = -5
    frame.to_file(files["pool"], engine="pyogrio")
    result = CliRunner().invoke(app, args(files))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: villages.geojson: 第 3 行，字段“在家可就业人数”：劳动力人数须为不小于 0 的数字 [-5]"
    ]
    assert not files["out"].exists()


def test_missing_file_is_input_error(files):
    files["sites"].unlink()
    result = CliRunner().invoke(app, args(files, "--lang", "en"))
    assert result.exit_code == 1
    assert "sites.csv" in result.stderr


@pytest.mark.parametrize(
    "extra",
    [["--minutes", "0"], ["--minutes", "abc"], ["--access-speed", "-1"], ["--bogus"]],
)
def test_usage_errors_exit_2(files, extra):
    result = CliRunner().invoke(app, args(files, *extra))
    assert result.exit_code == 2
    assert not files["out"].exists()


def test_missing_option_and_wrong_out_exit_2(files):
    assert (
        CliRunner().invoke(app, ["labour", "shed", "--roads", str(files["roads"])]).exit_code == 2
    )
    files["out"] = files["out"].with_suffix(".xlsx")
    result = CliRunner().invoke(app, args(files, "--lang", "en"))
    assert result.exit_code == 2
    assert "--out must be a .csv file" in result.stderr


CORPUS = Path(__file__).resolve().parents[1] / "data" / "malformed"
SPOILED = sorted(
    p for sub in ("sites_score_geojson", "sites_score_shapefile") for p in (CORPUS / sub).iterdir()
)


@pytest.mark.parametrize(
    ("role", "spoiled"),
    [(("roads", "pool", "sites")[i % 3], p) for i, p in enumerate(SPOILED)],
    ids=lambda v: v if isinstance(v, str) else f"{v.parent.name}/{v.name}",
)
def test_spoiled_layers_are_refused_by_name_never_a_traceback(files, role, spoiled):
    """The GIS files of the malformed corpus, each as one of the three inputs (in turn)."""
    files[role] = spoiled
    result = CliRunner().invoke(app, args(files, "--lang", "en"))
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        errors = result.stderr.splitlines()
        assert errors
        assert all(line.startswith(f"error: {spoiled.name}") for line in errors), errors
