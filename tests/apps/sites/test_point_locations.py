"""Sites located by a ledger's point: import rules, outlines added later, and every use.

A ledger row with 经度/纬度 and an area is imported as a point; a point without an area and a
row with no location are refused by row and column; a GIS layer with codes and outlines adds
the outlines and keeps everything else; maps, API, exports, the site page, matching and the
admission gate all work with points.
"""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pytest
import shapely
from django.urls import reverse
from openpyxl import load_workbook

from microparks.apps.admission import services as admission
from microparks.apps.common.display import field_rows
from microparks.apps.matching import services as matching
from microparks.apps.matching.maps import assigned_lines, match_geojson
from microparks.apps.sites.maps import sites_geojson
from microparks.apps.sites.models import Site
from microparks.apps.suitability import site_import
from microparks.core.units import M2_PER_MU
from microparks.io.errors import ImportValidationError
from tests.apps.attraction.helpers import declare

pytestmark = pytest.mark.django_db

POINT = {"type": "Point", "coordinates": [110.001, 25.001]}
LEDGER = (
    "code,name,kind,condition,land_area_m2,经度,纬度\n"
    "L-1,北山村闲置地,idle_land,vacant_land,6666.7,110.0010,25.0010\n"
    "L-2,旧粮站,vacant_factory,fair,12000,110.0200,25.0100\n"
)
OUTLINE = shapely.box(110.0005, 25.0005, 110.0015, 25.0015)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _outlines(tmp_path, rows, name="outlines.gpkg"):
    frame = gpd.GeoDataFrame(
        [{k: v for k, v in r.items() if k != "geometry"} for r in rows],
        geometry=[r["geometry"] for r in rows],
        crs="EPSG:4326",
    )
    path = tmp_path / name
    frame.to_file(path, driver="GPKG")
    return path


def _import(path, home):
    return site_import.import_sites(path, home.township, home.users["official"])


@pytest.fixture
def ledger(tmp_path, home):
    _import(_write(tmp_path, "台账.csv", LEDGER), home)
    return Site.objects.get(code="L-1")


def _point_site(home, **changes):
    values = {
        "code": "home-P1",
        "name": "ledger plot",
        "kind": Site.Kind.IDLE_LAND,
        "region": home.township,
        "geometry": POINT,
        "land_area_m2": 10 * M2_PER_MU,
        "condition": Site.Condition.VACANT_LAND,
    }
    return Site.objects.create(**(values | changes))


# --- import ------------------------------------------------------------------------------


def test_a_point_with_an_area_is_imported_as_a_point_with_the_ledgers_area(ledger):
    assert ledger.geometry == {"type": "Point", "coordinates": [110.001, 25.001]}
    assert ledger.location_kind == "point"
    assert ledger.land_area_m2 == pytest.approx(6666.7)
    assert Site.objects.get(code="L-2").kind == "vacant_factory"


def test_a_point_without_an_area_and_a_row_without_location_are_refused(tmp_path, home):
    text = (
        "code,name,land_area_m2,经度,纬度\n"
        "L-1,有面积,5000,110.001,25.001\n"
        "L-2,无面积,,110.002,25.002\n"
        "L-3,无位置,3000,,\n"
        "L-4,缺纬度,3000,110.003,\n"
    )
    with pytest.raises(ImportValidationError) as info:
        _import(_write(tmp_path, "bad.csv", text), home)
    found = {(e.row, e.field, e.text()) for e in info.value.errors}
    assert (4, "经度/纬度", "no location: give 经度/纬度, X/Y or an outline") in found
    assert (5, "纬度", "missing or non-numeric coordinate") in found
    assert not Site.objects.filter(code__startswith="L-").exists()  # nothing of the file
    # the reader accepts the point without an area; the import refuses it by its column
    with pytest.raises(ImportValidationError) as info:
        _import(_write(tmp_path, "no-area.csv", "\n".join(text.splitlines()[:3]) + "\n"), home)
    [error] = info.value.errors
    assert (error.row, error.field) == (3, "land_area_m2")
    assert "a point needs the land area from the ledger" in error.text()
    assert not Site.objects.filter(code__startswith="L-").exists()


def test_xy_columns_are_a_point_too(tmp_path, home):
    text = "code,land_area_m2,X坐标,Y坐标\nL-9,2000,110.004,25.004\n"
    _import(_write(tmp_path, "xy.csv", text), home)
    assert Site.objects.get(code="L-9").geometry["coordinates"] == [110.004, 25.004]


def test_an_outline_file_with_codes_only_updates_the_geometry_and_keeps_the_rest(
    tmp_path, home, ledger
):
    before = {f: getattr(ledger, f) for f in ("name", "kind", "condition", "land_area_m2")}
    record = _import(_outlines(tmp_path, [{"code": "L-1", "geometry": OUTLINE}]), home)
    assert (record.created_count, record.updated_count) == (0, 1)
    site = Site.objects.get(code="L-1")
    assert site.location_kind == "outline"
    assert shapely.geometry.shape(site.geometry).equals(OUTLINE)
    # the ledger's area stays: the outline (about 11,200 m²) does not replace it
    assert {f: getattr(site, f) for f in before} == before
    assert Site.objects.get(code="L-2").location_kind == "point"  # not in the file: untouched


def test_an_outline_file_with_an_area_sets_the_area(tmp_path, home, ledger):
    rows = [{"code": "L-1", "land_area_m2": 7000.0, "geometry": OUTLINE}]
    _import(_outlines(tmp_path, rows), home)
    assert Site.objects.get(code="L-1").land_area_m2 == 7000.0


def test_a_new_outline_without_an_area_is_measured(tmp_path, home):
    _import(_outlines(tmp_path, [{"code": "G-1", "geometry": OUTLINE}]), home)
    assert Site.objects.get(code="G-1").land_area_m2 == pytest.approx(100 * 111, rel=0.05)


def test_the_ledger_again_keeps_the_outline_but_takes_its_other_values(tmp_path, home, ledger):
    _import(_outlines(tmp_path, [{"code": "L-1", "geometry": OUTLINE}]), home)
    corrected = LEDGER.replace("北山村闲置地", "北山村闲置地（更正）")
    _import(_write(tmp_path, "台账2.csv", corrected), home)
    site = Site.objects.get(code="L-1")
    assert site.location_kind == "outline"
    assert site.name == "北山村闲置地（更正）"


# --- model, API, maps, page, exports ---------------------------------------------------------


def test_the_model_takes_a_point_and_refuses_a_line_or_a_point_off_the_globe(home):
    site = _point_site(home)
    site.full_clean()
    for bad, reason in (
        ({"type": "LineString", "coordinates": [[110, 25], [110.1, 25.1]]}, "expected Point"),
        ({"type": "Point", "coordinates": [500000, 2700000]}, "not longitude/latitude"),
        ({"type": "Point", "coordinates": ["a", 25]}, "not numbers"),
    ):
        site.geometry = bad
        with pytest.raises(Exception, match=reason):
            site.full_clean()


def test_api_and_geojson_return_points(client, home):
    client.force_login(home.users["official"])
    payload = {
        "code": "api-P1",
        "name": "ledger plot",
        "kind": "idle_land",
        "region": home.township.code,
        "geometry": POINT,
        "land_area_m2": 5000,
        "condition": "vacant_land",
    }
    response = client.post("/api/sites", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["geometry"] == POINT
    assert response.json()["location"] == "point"
    data = client.get("/api/sites.geojson").json()
    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert by_code["api-P1"]["geometry"] == POINT
    assert by_code["api-P1"]["properties"]["location"] == "point"
    assert by_code[home.site.code]["properties"]["location"] == "outline"
    bad = payload | {"code": "api-P2", "geometry": {"type": "Point", "coordinates": [1e6, 1e6]}}
    response = client.post("/api/sites", json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["geometry"]


def test_the_sites_map_gets_the_point_and_its_area(home):
    site = _point_site(home)
    [feature] = sites_geojson([site])["features"]
    assert feature["geometry"] == POINT
    assert feature["properties"]["location"] == "point"
    assert feature["properties"]["land_area_m2"] == pytest.approx(10 * M2_PER_MU)


@pytest.mark.parametrize(
    ("language", "point_text", "outline_text"),
    [("en", "Point from the ledger", "Outline"), ("zh-hans", "台账坐标点", "地块边界")],
)
def test_the_site_page_says_point_or_outline(client, home, language, point_text, outline_text):
    site = _point_site(home)
    client.force_login(home.users["official"])
    page = client.get(reverse("web:site_detail", args=[site.pk]), HTTP_ACCEPT_LANGUAGE=language)
    facts = dict(page.context["facts"])
    location = facts["location" if language == "en" else "位置"]
    assert point_text in location
    assert "110.001000, 25.001000" in location
    other = client.get(
        reverse("web:site_detail", args=[home.site.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert outline_text in dict(other.context["facts"])["location" if language == "en" else "位置"]
    assert len(field_rows(site)) == len(field_rows(home.site))


def test_exports_keep_points_and_say_where_each_site_is(client, home, tmp_path):
    _point_site(home)
    client.force_login(home.users["official"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("web:site_export_gpkg"))
    path = tmp_path / "assets.gpkg"
    path.write_bytes(response.content)
    layer = gpd.read_file(path, layer="idle_assets").set_index("code")
    assert layer.loc["home-P1"].geometry.equals(shapely.Point(110.001, 25.001))
    assert layer.loc["home-S1"].geometry.geom_type == "Polygon"
    assert layer.loc["home-P1", "location"] == "point"
    assert (layer.loc["home-P1", "longitude"], layer.loc["home-P1", "latitude"]) == (
        110.001,
        25.001,
    )
    book = load_workbook(io.BytesIO(client.get(reverse("web:site_export_xlsx")).content))
    rows = list(book.active.iter_rows(values_only=True))
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    point = next(r for r in table if r["asset code"] == "home-P1")
    assert (point["location"], point["longitude"], point["latitude"]) == (
        "point",
        110.001,
        25.001,
    )
    outline = next(r for r in table if r["asset code"] == "home-S1")
    assert (outline["location"], outline["longitude"]) == ("outline", pytest.approx(110.001))


# --- analyses ----------------------------------------------------------------------------


def test_matching_places_a_prospect_on_a_point_site(home):
    from microparks.apps.attraction.models import point_of

    home.site.geometry = POINT
    home.site.save()
    home.prospect.location = point_of(110.0, 25.0)
    home.prospect.save()
    run = matching.run_matching(home.users["official"], home.county)
    assert run.place_of(home.prospect).site == home.site
    frame = run.place_frame
    assert frame[["x_m", "y_m"]].notna().all().all()
    line = next(
        f
        for f in match_geojson(run.places, assigned_lines(run))["features"]
        if f["properties"]["kind"] == "line"
    )
    assert line["geometry"]["coordinates"][1] == [110.001, 25.001]  # to the point itself


def test_the_admission_gate_reads_a_point_sites_sensitivity(home):
    declare(home.prospect, site_sensitivity="general")
    home.site.geometry = POINT
    home.site.eia_sensitivity = "drinking_water"
    home.site.save()
    home.prospect.target_site = home.site
    home.prospect.full_clean()  # the chosen site lies in the target park: a point does too
    home.prospect.save()
    decision = admission.decide(home.prospect)
    assert decision.result["site_sensitivity"] == "drinking_water"


def test_readiness_counts_a_point_sites_ledger_area(home):
    from microparks.apps.impact.readiness import idle_stock

    before = idle_stock().loc[home.county.code, "idle_land_m2"]
    site = _point_site(home, status=Site.Status.IDLE)
    after = idle_stock().loc[home.county.code, "idle_land_m2"]
    assert after - before == pytest.approx(site.land_area_m2)
