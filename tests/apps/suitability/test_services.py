"""Import of idle assets (atomic upsert with provenance) and scoring jobs on the database."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from microparks.apps.rules import services as rules
from microparks.apps.sites.models import Site
from microparks.apps.suitability import services, site_import
from microparks.apps.suitability.models import AssetImport, ContextLayer, ScoringJob
from microparks.demo.suitability import load_demo_layers
from microparks.io.errors import ImportValidationError
from microparks.io.rules import load_yaml

pytestmark = pytest.mark.django_db


def _sites(tmp_path, rows, name="sites.gpkg", epsg=4326):
    frame = gpd.GeoDataFrame(
        [{k: v for k, v in r.items() if k != "geometry"} for r in rows],
        geometry=[r["geometry"] for r in rows],
        crs="EPSG:4326",
    ).to_crs(epsg=epsg)
    path = tmp_path / name
    frame.to_file(path, driver="GPKG")
    return path


BOX = shapely.box(108.0, 24.5, 108.002, 24.502)


def test_import_creates_then_updates_by_code_with_provenance(tmp_path, home):
    rows = [
        {
            "code": "N-1",
            "name": "新厂",
            "kind": "vacant_factory",
            "condition": "fair",
            "planning_designation": "industrial",
            "geometry": BOX,
        },
        {"code": "N-2", "geometry": shapely.box(108.01, 24.5, 108.012, 24.502)},
    ]
    path = _sites(tmp_path, rows, epsg=4545)  # CGCS2000 / 3-degree GK CM 108E
    record = site_import.import_sites(path, home.township, home.users["official"])
    assert (record.created_count, record.updated_count) == (2, 0)
    assert record.source_crs.endswith("4545")
    assert len(record.sha256) == 64
    assert record.imported_by == home.users["official"]
    new = Site.objects.get(code="N-1")
    assert new.region == home.township
    assert new.kind == "vacant_factory"
    assert new.source_file == "sites.gpkg"
    assert new.land_area_m2 == pytest.approx(200 * 222, rel=0.05)  # from the geometry
    second = Site.objects.get(code="N-2")
    assert (second.name, second.kind, second.condition) == ("N-2", "idle_land", "vacant_land")
    rows[0]["name"] = "新厂二期"
    path = _sites(tmp_path, rows[:1], name="again.gpkg")
    record = site_import.import_sites(path, home.township, home.users["official"])
    assert (record.created_count, record.updated_count) == (0, 1)
    assert Site.objects.get(code="N-1").name == "新厂二期"
    assert AssetImport.objects.count() == 2


def test_a_bad_row_leaves_the_database_unchanged(tmp_path, home, other):
    before = list(Site.objects.values_list("code", "name", "geometry"))
    rows = [
        {"code": "N-1", "geometry": BOX},
        {"code": "N-2", "kind": "castle", "geometry": BOX},
        {"code": other.site.code, "geometry": BOX},  # belongs to the other county
        {"code": home.site.code, "name": "renamed", "geometry": BOX},
    ]
    with pytest.raises(ImportValidationError) as info:
        site_import.import_sites(_sites(tmp_path, rows), home.county, home.users["official"])
    # the reader's problems (a value no vocabulary word means) come first, alone
    assert {(e.row, e.field) for e in info.value.errors} == {(2, "kind")}
    rows[1]["kind"] = "闲置厂房"
    with pytest.raises(ImportValidationError) as info:
        site_import.import_sites(_sites(tmp_path, rows), home.county, home.users["official"])
    assert {(e.row, e.field) for e in info.value.errors} == {(3, "code")}
    assert list(Site.objects.values_list("code", "name", "geometry")) == before
    assert not AssetImport.objects.exists()


def test_demo_layers_and_scoring_job(home):
    layers = load_demo_layers(home.county, home.users["official"])
    assert {"roads", "villages", "ecological_red_line"} <= {c.name for c in layers}
    load_demo_layers(home.county)  # idempotent
    assert ContextLayer.objects.filter(region=home.county).count() == len(layers)
    job = services.run_scoring(home.county, home.users["official"])
    assert job.status == ScoringJob.Status.DONE, job.message
    shipped = rules.in_effect("suitability", region=home.county)
    assert (job.rules, job.scheme_name, job.scheme_version) == (shipped, "default", "v1")
    assert job.scheme == {k: v for k, v in load_yaml(shipped.content).items() if k != "kind"}
    score = job.scores.get(site=home.site)
    assert set(score.values) >= {"area", "road", "labour"}
    if not score.vetoed:
        assert score.rank == 1
        assert score.score == pytest.approx(sum(score.contributions.values()))


def test_scoring_without_layers_fails_with_the_reason(home):
    job = services.run_scoring(home.county, None)
    assert job.status == ScoringJob.Status.FAILED
    assert "context layer" in job.message
    assert not job.scores.exists()


def test_demo_county_vetoed_assets_never_rank(settings):
    from microparks.apps.regions.models import Region
    from microparks.demo import generate_demo
    from microparks.demo.load import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    demo = generate_demo()
    county = Region.objects.get(code=demo.county.code)
    load_demo_layers(county)
    job = services.run_scoring(county, None)
    assert job.status == ScoringJob.Status.DONE, job.message
    kinds = {z.code: z.kind for z in demo.veto_zones}
    scores = {s.site.code: s for s in job.scores.select_related("site")}
    assert len(scores) == Site.objects.filter(region__in=county.descendant_ids()).count()
    for site in demo.sites:
        if site.veto_zone_code:
            row = scores[site.code]
            assert row.vetoed
            assert row.rank == 0
            assert row.score is None
            assert kinds[site.veto_zone_code] in row.vetoes
    ranked = sorted(s.rank for s in scores.values() if not s.vetoed)
    assert ranked == list(range(1, len(ranked) + 1))
    best = min((s for s in scores.values() if not s.vetoed), key=lambda s: s.rank)
    assert best.score == max(s.score for s in scores.values() if not s.vetoed)
