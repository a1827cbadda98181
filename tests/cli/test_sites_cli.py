"""``microparks sites score`` end to end on files written in tmp_path."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from microparks.cli.main import app

runner = CliRunner()
SCHEME = """
name: small
version: "7"
method: wsm
criteria:
  - {name: area, source: attribute, field: land_area_mu, kind: benefit, lower: 0, upper: 100,
     weight: 0.5}
  - {name: road, source: nearest_distance, layer: roads, kind: cost, lower: 0, upper: 2000,
     weight: 0.5}
vetoes:
  - {name: farmland, layer: farmland, buffer_m: 0}
"""


@pytest.fixture
def files(tmp_path):
    # three parcels along 108.0E at 24.5N; the road runs north-south through the first one
    sites = gpd.GeoDataFrame(
        {"code": ["A", "B", "C"], "land_area_mu": [50.0, 80.0, 100.0]},
        geometry=[shapely.box(x, 24.5, x + 0.001, 24.501) for x in (108.0, 108.01, 108.02)],
        crs="EPSG:4326",
    )
    sites.to_crs(epsg=4545).to_file(tmp_path / "sites.gpkg", driver="GPKG")  # CGCS2000 GK 108E
    road = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(108.0005, 24.4), (108.0005, 24.6)])], crs="EPSG:4326"
    )
    road.to_file(tmp_path / "ctx.gpkg", layer="roads", driver="GPKG")
    farm = gpd.GeoDataFrame(geometry=[shapely.box(108.019, 24.49, 108.03, 24.51)], crs="EPSG:4490")
    farm.to_file(tmp_path / "ctx.gpkg", layer="farmland", driver="GPKG")
    (tmp_path / "scheme.yaml").write_text(SCHEME, encoding="utf-8")
    return tmp_path


def _score(files, out, *extra):
    return runner.invoke(
        app,
        [
            "sites",
            "score",
            "--sites",
            str(files / "sites.gpkg"),
            "--layers",
            f"roads={files / 'ctx.gpkg'}#roads",
            "--layers",
            f"farmland={files / 'ctx.gpkg'}#farmland",
            "--scheme",
            str(files / "scheme.yaml"),
            "--out",
            str(out),
            *extra,
        ],
    )


def test_score_writes_csv_and_prints_the_top(files):
    result = _score(files, files / "out.csv")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["scheme_version"] == "7"
    assert summary["vetoed"] == 1
    assert [t["code"] for t in summary["top"]] == ["A", "B"]
    table = pd.read_csv(files / "out.csv")
    assert list(table.columns)[-1] == "score"
    by_code = table.set_index("code")
    assert by_code.loc["A", "road_value"] == pytest.approx(0.0, abs=1e-6)
    # B lies ~0.0095 degrees east of the road at 24.5N: about 960 m
    assert by_code.loc["B", "road_value"] == pytest.approx(962, rel=0.01)
    assert by_code.loc["C", "vetoed"]
    assert by_code.loc["C", "vetoes"] == "farmland"
    assert by_code.loc["C", "rank"] == 0
    assert pd.isna(by_code.loc["C", "score"])
    a = 0.5 * 0.5 + 0.5 * 1.0
    assert by_code.loc["A", "score"] == pytest.approx(a)


def test_score_writes_geopackage(files):
    result = _score(files, files / "out.gpkg")
    assert result.exit_code == 0, result.output
    frame = gpd.read_file(files / "out.gpkg", layer="suitability")
    assert frame.crs.to_epsg() == 4326
    assert frame["rank"].tolist() == [1, 2, 0]


def test_missing_layer_and_bad_sites_are_refused(files):
    result = runner.invoke(
        app,
        [
            "sites",
            "score",
            "--sites",
            str(files / "sites.gpkg"),
            "--scheme",
            str(files / "scheme.yaml"),
            "--out",
            str(files / "o.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "needs the layers roads, farmland" in result.stderr
    (files / "bad.csv").write_text("code,wkt\nA,POINT (108 24)\nA,POINT (108 24)\n")
    result = runner.invoke(
        app,
        ["sites", "score", "--sites", str(files / "bad.csv"), "--out", str(files / "o.csv")],
    )
    assert result.exit_code == 1
    assert "row 3, field 'code': duplicate code (also on row 2)" in result.stderr
    result = _score(files, files / "out.txt")
    assert result.exit_code == 1
    assert "write .gpkg, .geojson or .csv" in result.stderr
    result = runner.invoke(
        app,
        [
            "sites",
            "score",
            "--sites",
            str(files / "sites.gpkg"),
            "--layers",
            "roads",
            "--out",
            str(files / "o.csv"),
        ],
    )
    assert "--layers takes name=FILE" in result.stderr


LEDGER = (
    "编号,地块名称,用地面积,wkt\n"
    'CL-1,东门闲置地,40000,"POLYGON ((108 24.5, 108.002 24.5, 108.002 24.502, 108 24.502, '
    '108 24.5))"\n'
    'CL-2,西山旧厂,-5,"POLYGON ((108.01 24.5, 108.012 24.5, 108.012 24.502, 108.01 24.502, '
    '108.01 24.5))"\n'
)
LEDGER_MAPPING = {"code": "编号", "fields": {"name": "地块名称", "land_area_m2": "用地面积"}}


def _import(*args):
    return runner.invoke(app, ["sites", "import", *map(str, args)])


@pytest.mark.django_db
def test_import_with_a_saved_template_by_name(tmp_path, home):
    from microparks.apps.sites.models import Site
    from microparks.apps.suitability.models import AssetImport, MappingTemplate

    MappingTemplate.objects.create(
        region=home.county, name="自然资源局 台账", mapping=LEDGER_MAPPING
    )
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER.replace("-5", "12000"), encoding="utf-8")
    result = _import(path, "--region", home.township.code, "--mapping", "自然资源局 台账")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["created"], summary["updated"], summary["region"]) == (2, 0, home.township.code)
    site = Site.objects.get(code="CL-2")
    assert (site.name, site.land_area_m2, site.region) == ("西山旧厂", 12000, home.township)
    assert AssetImport.objects.get().file_name == "ledger.csv"


@pytest.mark.django_db
def test_import_with_a_yaml_template_refuses_bad_rows_atomically(tmp_path, home):
    from microparks.apps.sites.models import Site

    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "code: 编号\nfields:\n  name: 地块名称\n  land_area_m2: 用地面积\n", encoding="utf-8"
    )
    mapping = tmp_path / "m.yaml"
    result = _import(path, "--region", home.county.code, "--mapping", mapping, "--lang", "en")
    assert result.exit_code == 1
    # the site mapping's range check applies to a file template too
    assert "row 3, field '用地面积': impossible value: must be > 0, ≤ 10,000,000 m² [-5]" in (
        result.stderr
    )
    assert "nothing was imported" in result.stderr
    assert not Site.objects.filter(code__startswith="CL-").exists()


@pytest.mark.django_db
def test_import_refuses_unknown_template_and_region(tmp_path, home, other):
    from microparks.apps.suitability.models import MappingTemplate

    # a template of another county does not serve this one
    MappingTemplate.objects.create(region=other.county, name="外县台账", mapping=LEDGER_MAPPING)
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    result = _import(path, "--region", home.county.code, "--mapping", "外县台账")
    assert result.exit_code == 2
    assert "no field-mapping file or template '外县台账' (templates: none saved)" in result.stderr
    assert _import(path, "--region", "999999").exit_code == 2


@pytest.mark.django_db
def test_import_prints_row_problems_in_chinese_by_default_and_english_on_request(
    tmp_path, home, other
):
    from microparks.apps.sites.models import Site

    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER.replace("CL-2", other.site.code).replace("-5", "12000"), "utf-8")
    before = list(Site.objects.values_list("code", "name", "region"))
    args = (path, "--region", home.county.code, "--mapping", tmp_path / "m.yaml")
    (tmp_path / "m.yaml").write_text("code: 编号\nfields:\n  name: 地块名称\n", encoding="utf-8")
    chinese = _import(*args)
    assert chinese.exit_code == 1
    where = f"ledger.csv: 第 3 行，字段“code”：代码已属于另一个行政区（{other.township}）"
    assert f"{where} [{other.site.code}]" in chinese.stderr
    assert "未导入任何内容：共 1 处行问题" in chinese.stderr
    english = _import(*args, "--lang", "en")
    assert english.exit_code == 1
    line = f"row 3, field 'code': the code belongs to another region ({other.township})"
    assert line in english.stderr
    assert "nothing was imported (row problems: 1)" in english.stderr
    assert list(Site.objects.values_list("code", "name", "region")) == before
