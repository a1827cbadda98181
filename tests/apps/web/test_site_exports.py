"""The idle-asset inventory downloads: same sites as the list page, same roles, same scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import geopandas as gpd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from microparks.apps.sites.models import Site

pytestmark = pytest.mark.django_db

XLSX, GPKG = "web:site_export_xlsx", "web:site_export_gpkg"


@pytest.fixture
def client(client):
    """English pages, so that headers do not depend on the .po (one test asks for zh-hans)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def idle(home):
    """A second, idle home site with the optional fields filled in."""
    return Site.objects.create(
        code="home-S2",
        name="=home plot",  # text that looks like a formula stays text
        kind=Site.Kind.IDLE_LAND,
        region=home.township,
        geometry=home.site.geometry,
        land_area_m2=10000,
        condition=Site.Condition.VACANT_LAND,
        building_year=1998,
        asking_rent_cny_per_m2_month=Decimal("8.50"),
        eia_sensitivity=Site.Sensitivity.BASIC_FARMLAND,
        source_date=dt.date(2024, 3, 1),
    )


def _rows(response):
    """Header and rows of the workbook's only sheet."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1
    values = list(book.active.iter_rows(values_only=True))
    return list(values[0]), [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def _layer(response, tmp_path):
    path = tmp_path / "assets.gpkg"
    path.write_bytes(response.content)
    return gpd.read_file(path, layer="idle_assets")


def test_anonymous_is_sent_to_login(client):
    for name in (XLSX, GPKG):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["handler", "enterprise"])
def test_roles_without_the_list_page_are_forbidden(client, home, role):
    client.force_login(home.users[role])
    for name in (XLSX, GPKG):
        assert client.get(reverse(name)).status_code == 403


def test_excel_has_every_listed_site_with_translated_headers(client, home, other, idle):
    client.force_login(home.users["official"])
    listed = client.get(reverse("web:site_list")).context["page"].paginator.count
    headers, rows = _rows(client.get(reverse(XLSX)))
    assert len(rows) == listed == 2
    assert headers[:4] == ["asset code", "name", "kind", "status"]
    for header in ("region code", "region", "park", "land area (m²)", "land area (mu)"):
        assert header in headers
    assert headers[-3:] == ["source file", "source date", "notes"]
    by_code = {row["asset code"]: row for row in rows}
    assert set(by_code) == {"home-S1", "home-S2"}  # never the other county's
    factory, plot = by_code["home-S1"], by_code["home-S2"]
    assert factory["kind"] == "Vacant factory"
    assert factory["status"] == "In a park"
    assert factory["region code"] == home.township.code
    assert factory["region"] == home.township.name
    assert factory["park"] == "home park"
    assert factory["land area (m²)"] == 20000
    assert factory["land area (mu)"] == pytest.approx(20000 / 666.67, rel=1e-5)
    assert factory["condition"] == "Fair, needs renovation"
    assert factory["year built"] is None
    assert plot["name"] == "=home plot"
    assert plot["year built"] == 1998
    assert plot["asking rent (CNY/m²/month)"] == 8.5
    assert plot["environmental sensitivity (EIA)"].startswith("Permanent basic farmland")
    assert plot["source date"].date() == dt.date(2024, 3, 1)


def test_excel_headers_follow_the_request_language(client, home):
    client.force_login(home.users["official"])
    response = client.get(reverse(XLSX), HTTP_ACCEPT_LANGUAGE="zh-hans")
    headers, rows = _rows(response)
    assert headers[0] == "资产编号"
    assert "用地面积（平方米）" in headers
    assert rows[0][headers[2]] == "闲置厂房"  # the kind's display text, translated


def test_geopackage_has_field_names_codes_and_wgs84(client, home, other, idle, tmp_path):
    client.force_login(home.users["official"])
    response = client.get(reverse(GPKG))
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    assert response["Content-Disposition"].endswith('.gpkg"')
    layer = _layer(response, tmp_path)
    assert layer.crs.to_epsg() == 4326
    assert list(layer.columns[:6]) == [
        "code",
        "name",
        "kind",
        "status",
        "region_code",
        "region_name",
    ]
    assert sorted(layer["code"]) == ["home-S1", "home-S2"]
    factory = layer.set_index("code").loc["home-S1"]
    assert factory["kind"] == "vacant_factory"
    assert factory["status"] == "in_park"
    assert factory["land_area_mu"] == pytest.approx(20000 / 666.67, rel=1e-5)
    assert factory.geometry.bounds == pytest.approx((110.0, 25.0, 110.002, 25.002))
    plot = layer.set_index("code").loc["home-S2"]
    assert plot["eia_sensitivity"] == "basic_farmland"
    assert plot["building_year"] == 1998
    assert plot["source_date"] == "2024-03-01"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "idle"}, {"home-S2"}),
        ({"kind": "vacant_factory"}, {"home-S1"}),
        ({"min_mu": "20"}, {"home-S1"}),
        ({"park": "PARK"}, {"home-S1"}),
        ({"min_mu": "-1"}, {"home-S1", "home-S2"}),  # invalid: filters nothing, as the page
    ],
)
def test_downloads_apply_the_list_filters(client, home, idle, tmp_path, query, expected):
    query = {k: home.park.pk if v == "PARK" else v for k, v in query.items()}
    client.force_login(home.users["official"])
    page = client.get(reverse("web:site_list"), query)
    assert {site.code for site in page.context["page"]} == expected
    _headers, rows = _rows(client.get(reverse(XLSX), query))
    assert {row["asset code"] for row in rows} == expected
    assert set(_layer(client.get(reverse(GPKG), query), tmp_path)["code"]) == expected


def test_other_countys_filters_do_not_widen_the_scope(client, home, other, tmp_path):
    """A user of the other county gets their own sites only, whatever the query names."""
    client.force_login(other.users["official"])
    query = {"park": home.park.pk, "township": home.township.pk}
    _headers, rows = _rows(client.get(reverse(XLSX), query))
    assert {row["asset code"] for row in rows} == {"other-S1"}
    layer = _layer(client.get(reverse(GPKG), {"status": "idle"}), tmp_path)
    assert len(layer) == 0
    assert layer.crs.to_epsg() == 4326


def test_park_manager_gets_only_their_parks_sites(client, home, idle):
    client.force_login(home.users["park_manager"])
    listed = {site.code for site in client.get(reverse("web:site_list")).context["page"]}
    _headers, rows = _rows(client.get(reverse(XLSX)))
    assert {row["asset code"] for row in rows} == listed


def test_list_page_links_carry_the_filters(client, home, idle):
    client.force_login(home.users["official"])
    body = client.get(reverse("web:site_list"), {"status": "idle", "page": "1"}).content.decode()
    assert f'href="{reverse(XLSX)}?status=idle"' in body
    assert f'href="{reverse(GPKG)}?status=idle"' in body
    partial = client.get(reverse("web:site_list"), {"kind": "idle_land"}, HTTP_HX_REQUEST="true")
    assert f"{reverse(XLSX)}?kind=idle_land" in partial.content.decode()  # swapped with the table
    plain = client.get(reverse("web:site_list")).content.decode()
    assert f'href="{reverse(XLSX)}"' in plain
