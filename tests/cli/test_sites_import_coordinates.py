"""``microparks sites import`` checks coordinates against the region's polygon, in Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microparks.cli.main import app

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "data" / "ledgers"


@pytest.fixture
def qinglan(tmp_path):
    """The demo county with its polygon; the folder of the corpus files' field mappings."""
    from microparks.apps.regions.models import Region
    from microparks.demo.generate import generate_demo

    demo = generate_demo().county
    county = Region.objects.create(
        code=demo.code, name=demo.name, level="county", geometry=demo.geometry
    )
    for suffix, name in (("100", "青岚镇"), ("101", "长洲镇"), ("102", "六圩镇")):
        Region.objects.create(code=demo.code + suffix, name=name, level="township", parent=county)
    for kind, name in (("points", "名称"), ("parcels", "地块名称")):
        (tmp_path / f"{kind}.yaml").write_text(
            f"code: 宗地编号\nfields:\n  name: {name}\n", "utf-8"
        )
    return tmp_path


def _import(name, mappings, *extra):
    mapping = mappings / ("parcels.yaml" if name.endswith(".gpkg") else "points.yaml")
    args = ["sites", "import", str(CORPUS / name), "--region", "452999", "--mapping", mapping]
    return runner.invoke(app, [*map(str, args), *extra])


@pytest.mark.django_db
def test_a_point_outside_the_county_is_refused_by_row(qinglan):
    chinese = _import("points_outside_county.csv", qinglan)
    assert chinese.exit_code == 1
    assert "第 3 行" in chinese.stderr
    assert "在青岚县范围之外（超出边界 1 公里以上） [108.69825, 24.38806]" in chinese.stderr
    english = _import("points_outside_county.csv", qinglan, "--lang", "en")
    assert "outside 青岚县 (more than 1 km beyond its boundary)" in english.stderr


@pytest.mark.django_db
def test_metres_without_a_crs_are_refused_then_imported_with_the_suggested_one(qinglan):
    refused = _import("points_gk_no_crs.csv", qinglan, "--lang", "en")
    assert refused.exit_code == 1
    assert "they look like EPSG:4524" in refused.stderr
    # the CRS the message names; the parcels of the GeoPackage carry it themselves
    assert _import("parcels_gk36.gpkg", qinglan).exit_code == 0
    summary = json.loads(_import("parcels_gk36.gpkg", qinglan).stdout)
    assert (summary["updated"], summary["source_crs"]) == (6, "EPSG:4524")
