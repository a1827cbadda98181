"""Reading the labour shed's files: roads by class or speed, labour points, sites; the table.

The layers are written here in CGCS2000 / 3-degree Gauss–Krüger CM 114E (EPSG:4547, metres,
no zone number in the easting) with Chinese headers, as a county's natural-resources bureau
keeps them, and in longitude/latitude.
"""

from __future__ import annotations

import csv
import itertools

import geopandas as gpd
import numpy as np
import pytest
from pyproj import CRS, Geod
from shapely.geometry import LineString, MultiLineString, Point, Polygon

from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.labour_layers import read_pool, read_roads, read_sites, write_shed

GK = "EPSG:4547"
X0, Y0 = 500_000.0, 2_500_000.0  # easting, northing near 114°E, 22.6°N


def gk(x, y):
    return (X0 + x, Y0 + y)


def write(tmp_path, name, rows, crs=GK):
    path = tmp_path / name
    gpd.GeoDataFrame(rows, crs=crs).to_file(path, engine="pyogrio")
    return path


def roads_file(tmp_path, classes=("村道", "国道", "县道"), speeds=None, name="roads.gpkg"):
    rows = {
        "道路名称": ["A-B", "A-C-D-B", "B-E-F"],
        "道路等级": list(classes),
        "geometry": [
            LineString([gk(0, 0), gk(10_000, 0)]),
            LineString([gk(0, 0), gk(0, 3_000), gk(10_000, 3_000), gk(10_000, 0)]),
            MultiLineString([[gk(10_000, 0), gk(10_000, -9_200)], [gk(0, 0), gk(-100, 0)]]),
        ],
    }
    if speeds is not None:
        rows["speed_kmh"] = speeds
    return write(tmp_path, name, rows)


def test_roads_in_gauss_kruger_keep_their_crs_and_take_class_speeds(tmp_path):
    roads = read_roads(roads_file(tmp_path))
    assert roads.crs == CRS.from_epsg(4547)
    # the MultiLineString is two lines: four lines in all
    assert roads.offsets.tolist() == [0, 2, 6, 8, 10]
    assert roads.speed_kmh.tolist() == [20.0, 60.0, 40.0, 40.0]  # 村道, 国道, 县道 (twice)
    np.testing.assert_allclose(
        roads.xy[2:6] - [X0, Y0], [[0, 0], [0, 3_000], [10_000, 3_000], [10_000, 0]], atol=1e-6
    )
    assert roads.provenance.file == "roads.gpkg"


def test_a_rows_speed_wins_over_its_class(tmp_path):
    roads = read_roads(roads_file(tmp_path, speeds=[None, 80.0, None]))
    assert roads.speed_kmh.tolist() == [20.0, 80.0, 40.0, 40.0]


def test_english_and_osm_classes(tmp_path):
    roads = read_roads(roads_file(tmp_path, classes=("village road", "Trunk", "county")))
    assert roads.speed_kmh.tolist() == [20.0, 60.0, 40.0, 40.0]


def test_unknown_class_names_row_and_field(tmp_path):
    path = roads_file(tmp_path, classes=("村道", "马路", "县道"))
    with pytest.raises(ImportValidationError) as caught:
        read_roads(path)
    (error,) = caught.value.errors
    assert (caught.value.source, error.row, error.field, error.value) == (
        "roads.gpkg",
        2,
        "道路等级",
        "马路",
    )
    assert "unknown road class 马路" in error.text()


def test_bad_speeds_and_missing_class_are_each_named(tmp_path):
    path = roads_file(tmp_path, classes=("村道", None, None), speeds=[0.0, None, -5.0])
    with pytest.raises(ImportValidationError) as caught:
        read_roads(path)
    found = [(e.row, e.field, e.value) for e in caught.value.errors]
    assert found == [(1, "speed_kmh", "0"), (3, "speed_kmh", "-5"), (2, "道路等级", "")]


def test_roads_without_speed_or_class_are_refused(tmp_path):
    path = write(
        tmp_path, "roads.geojson", {"name": ["x"], "geometry": [LineString([gk(0, 0), gk(1, 1)])]}
    )
    with pytest.raises(ImportFileError, match=r"roads\.geojson: no speed column"):
        read_roads(path)


def test_points_are_not_roads(tmp_path):
    path = write(tmp_path, "roads.gpkg", {"速度": [30.0], "geometry": [Point(gk(0, 0))]})
    with pytest.raises(ImportValidationError) as caught:
        read_roads(path)
    assert [(e.row, e.field) for e in caught.value.errors] == [(1, "geometry")]


def test_lonlat_roads_are_measured_in_their_utm_zone(tmp_path):
    line = LineString([(114.0, 22.6), (114.1, 22.6)])
    path = write(
        tmp_path, "roads.geojson", {"speed_kmh": [60.0], "geometry": [line]}, crs="EPSG:4326"
    )
    roads = read_roads(path)
    assert roads.crs.to_epsg() == 32650  # UTM zone 50N
    length = float(np.hypot(*(roads.xy[1] - roads.xy[0])))
    geodesic = Geod(ellps="WGS84").line_length([114.0, 114.1], [22.6, 22.6])
    assert length == pytest.approx(geodesic, rel=1e-3)  # UTM scale error under 0.1 %


def test_pool_of_township_polygons_with_chinese_header(tmp_path):
    square = Polygon([gk(0, 0), gk(2_000, 0), gk(2_000, 2_000), gk(0, 2_000)])
    ring = Polygon(
        [gk(0, 0), gk(3_000, 0), gk(3_000, 3_000), gk(0, 3_000)],
        [[gk(500, 500), gk(2_500, 500), gk(2_500, 2_500), gk(500, 2_500)]],
    )
    rows = {
        "乡镇": ["城关镇", "石桥乡"],
        "在家可就业人数": [1_200, 350],
        "geometry": [square, ring],
    }
    pool = read_pool(write(tmp_path, "pool.gpkg", rows), CRS.from_epsg(4547))
    assert pool.labour.tolist() == [1_200.0, 350.0]
    assert pool.rows == (1, 2)
    for xy, shape in zip(pool.xy, (square, ring), strict=True):
        assert shape.contains(Point(xy))  # a point inside, even for the ring (not its centroid)


def test_pool_csv_with_lonlat_and_labour(tmp_path):
    path = tmp_path / "villages.csv"
    path.write_text(
        "村,经度,纬度,labour\n甲村,114.0,22.6,80\n乙村,114.01,22.6,20\n", encoding="utf-8"
    )
    pool = read_pool(path, CRS.from_epsg(4547))
    assert pool.labour.tolist() == [80.0, 20.0]
    assert pool.xy[0] == pytest.approx([500_000.0, 2_500_000.0], abs=3e5)  # near 114°E
    assert pool.rows == (2, 3)  # lines of the CSV


def test_pool_bad_labour_named_by_row_and_field(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_text(
        "乡镇,经度,纬度,在家可就业人数\n城关镇,114.0,22.6,100\n石桥乡,114.1,22.6,-3\n"
        "河口乡,114.2,22.6,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportValidationError) as caught:
        read_pool(path, CRS.from_epsg(4547))
    found = [(e.row, e.field, e.value) for e in caught.value.errors]
    assert found == [(3, "在家可就业人数", "-3"), (4, "在家可就业人数", "")]


def test_pool_without_labour_column(tmp_path):
    path = tmp_path / "pool.csv"
    path.write_text("乡镇,经度,纬度,人口\n城关镇,114.0,22.6,100\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"pool\.csv: no column with the available labour"):
        read_pool(path, CRS.from_epsg(4547))


def test_sites_with_bianhao_points_and_polygons(tmp_path):
    outline = Polygon([gk(100, 100), gk(300, 100), gk(300, 300), gk(100, 300)])
    rows = {"编号": ["XZ-01", "XZ-02"], "geometry": [Point(gk(0, 0)), outline]}
    sites = read_sites(write(tmp_path, "sites.gpkg", rows), CRS.from_epsg(4547))
    assert sites.codes == ("XZ-01", "XZ-02")
    assert sites.xy[0] == pytest.approx([X0, Y0])
    assert outline.contains(Point(sites.xy[1]))


def test_sites_csv_in_gauss_kruger_with_crs_given(tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text(f"code,wkt\nS1,POINT ({X0 + 10} {Y0 + 20})\n", encoding="utf-8")
    sites = read_sites(path, CRS.from_epsg(4547), crs=GK)
    assert sites.xy[0] == pytest.approx([X0 + 10, Y0 + 20], abs=1e-6)


def test_duplicate_site_code_is_named(tmp_path):
    rows = {"编号": ["XZ-01", "XZ-01"], "geometry": [Point(gk(0, 0)), Point(gk(5, 5))]}
    with pytest.raises(ImportValidationError) as caught:
        read_sites(write(tmp_path, "sites.gpkg", rows), CRS.from_epsg(4547))
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "code")]


def test_sites_without_code_column(tmp_path):
    rows = {"名称": ["甲"], "geometry": [Point(gk(0, 0))]}
    with pytest.raises(ImportFileError, match=r"sites\.gpkg: no column with the site code"):
        read_sites(write(tmp_path, "sites.gpkg", rows), CRS.from_epsg(4547))


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_shapefile_without_prj_is_refused_naming_file_and_the_crs_it_looks_like(tmp_path):
    rows = {"speed_kmh": [30.0], "geometry": [LineString([gk(0, 0), gk(10, 0)])]}
    path = write(tmp_path, "roads.shp", rows, crs=None)
    with pytest.raises(ImportFileError, match=r"roads\.shp: the layer declares no CRS.*Gauss"):
        read_roads(path)
    assert read_roads(path, crs=GK).crs == CRS.from_epsg(4547)


def test_write_shed_columns_and_numbers(tmp_path):
    out = tmp_path / "shed.csv"
    write_shed(
        out, ["XZ-01", "S2"], (15.0, 30.0, 45.5), np.array([[60, 560, 760.0], [700, 750, 12.25]])
    )
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["site_code", "minutes", "labour"],
        ["XZ-01", "15", "60"],
        ["XZ-01", "30", "560"],
        ["XZ-01", "45.5", "760"],
        ["S2", "15", "700"],
        ["S2", "30", "750"],
        ["S2", "45.5", "12.25"],
    ]


def test_real_osm_roads_against_networkx(tmp_path):
    """pyrosm's bundled OSM extract (real driving network, OSM highway classes) end to end.

    Our reader and shed against networkx on the same projected segments, whose ways share
    their junction coordinates exactly, with the same class speeds and cut-off.
    """
    pyrosm = pytest.importorskip("pyrosm")
    nx = pytest.importorskip("networkx")
    from microparks.core.labour.graph import build_road_graph
    from microparks.core.labour.shed import calc_labour_shed
    from microparks.core.labour.speeds import speed_of_class

    network = pyrosm.OSM(pyrosm.get_data("test_pbf")).get_network(network_type="driving")
    path = tmp_path / "osm.gpkg"
    network[["highway", "geometry"]].to_file(path, engine="pyogrio")
    roads = read_roads(path)
    assert roads.crs.to_epsg() == 32635  # UTM 35N (the extract is in Finland)
    graph = build_road_graph(roads.xy, roads.offsets, roads.speed_kmh)
    rng = np.random.default_rng(5)
    sites = roads.xy[rng.choice(len(roads.xy), 8, replace=False)]
    pool = roads.xy[rng.choice(len(roads.xy), 40, replace=False)]
    labour = rng.integers(1, 100, 40).astype(float)
    ours = calc_labour_shed(graph, sites, pool, labour, (1.0, 3.0), access_speed_kmh=None)

    projected = network.to_crs(roads.crs)
    nxg = nx.Graph()
    for line, kind in zip(projected.geometry, projected["highway"], strict=True):
        for part in getattr(line, "geoms", [line]):
            xy = np.asarray(part.coords)
            for p, q in itertools.pairwise(xy):
                w = float(np.hypot(*(q - p))) / (speed_of_class(kind) * 1000 / 60)
                u, v = tuple(np.round(p, 3)), tuple(np.round(q, 3))
                if u != v and (not nxg.has_edge(u, v) or nxg[u][v]["weight"] > w):
                    nxg.add_edge(u, v, weight=w)
    expected = np.zeros((len(sites), 2))
    for i, s in enumerate(sites):
        reach = nx.single_source_dijkstra_path_length(nxg, tuple(np.round(s, 3)), cutoff=3.0)
        for p, w in zip(pool, labour, strict=True):
            t = reach.get(tuple(np.round(p, 3)), np.inf)
            expected[i] += w * (np.array([1.0, 3.0]) >= t - 1e-9)
    assert ours.labour[:, 1].sum() > ours.labour[:, 0].sum() > 0
    np.testing.assert_array_equal(ours.labour, expected)


def test_gbk_shapefile_without_cpg_in_gauss_kruger(tmp_path):
    """A 交通局 Shapefile as counties keep it: GBK attribute text, no .cpg, a .prj of EPSG:4547."""
    rows = {
        "道路等级": ["县道", "村道"],
        "geometry": [
            LineString([gk(0, 0), gk(4_000, 0)]),
            LineString([gk(4_000, 0), gk(4_000, 900)]),
        ],
    }
    path = tmp_path / "道路.shp"
    gpd.GeoDataFrame(rows, crs=GK).to_file(path, engine="pyogrio", encoding="GBK")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    roads = read_roads(path)
    assert roads.speed_kmh.tolist() == [40.0, 20.0]  # 县道, 村道 read as Chinese, not mojibake
    assert roads.crs == CRS.from_epsg(4547)
