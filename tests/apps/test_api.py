"""The JSON API: for every endpoint anonymous, wrong role, other region and right role;
writes validated with ``full_clean`` (422 naming the field, nothing saved) and kept in scope;
the OpenAPI schema and the offline docs page."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from django.test import Client

from microparks.apps.enterprises.models import Enterprise
from microparks.apps.sites.models import Site
from tests.conftest import POLYGON

pytestmark = pytest.mark.django_db

# 华为技术有限公司, a real published code (not used by the fixtures).
NEW_CODE = "914403001922038216"
BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[110.0, 25.0], [110.002, 25.002], [110.002, 25.0], [110.0, 25.002], [110.0, 25.0]]
    ],
}


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    # "*": these tests overwrite on purpose (stale If-Match is tested in test_revisions.py)
    body = json.dumps(data)
    return client.patch(url, data=body, content_type="application/json", headers={"If-Match": "*"})


def site_payload(region_code: str, **changes: Any) -> dict[str, Any]:
    data = {
        "code": "new-S9",
        "name": "old grain depot",
        "kind": "vacant_factory",
        "region": region_code,
        "geometry": copy.deepcopy(POLYGON),
        "land_area_m2": 12000,
        "floor_area_m2": 5000,
        "condition": "fair",
        "asking_price_cny": "1234567.50",
    }
    data.update(changes)
    return data


def enterprise_payload(region_code: str, **changes: Any) -> dict[str, Any]:
    data = {
        "credit_code": NEW_CODE,
        "name": "new firm",
        "industry": "13",
        "region": region_code,
        "size": "small",
    }
    data.update(changes)
    return data


# --- anonymous: every endpoint answers 401 ------------------------------------------------


def all_reads(c: Any) -> list[str]:
    return [
        "/api/summary",
        "/api/parks",
        f"/api/parks/{c.park.pk}",
        f"/api/parks/{c.park.pk}/sites.geojson",
        "/api/sites",
        f"/api/sites/{c.site.pk}",
        "/api/sites.geojson",
        "/api/enterprises",
        f"/api/enterprises/{c.enterprise.pk}",
    ]


def test_anonymous_gets_401_everywhere(client, home):
    for url in all_reads(home):
        response = client.get(url)
        assert response.status_code == 401, url
        assert "detail" in response.json()
    assert post(client, "/api/sites", site_payload(home.township.code)).status_code == 401
    assert patch(client, f"/api/sites/{home.site.pk}", {"name": "x"}).status_code == 401
    assert (
        post(client, "/api/enterprises", enterprise_payload(home.township.code)).status_code == 401
    )
    assert not Site.objects.filter(code="new-S9").exists()
    assert Site.objects.get(pk=home.site.pk).name == "home factory"


def test_csrf_is_enforced_on_writes(home):
    client = login(Client(enforce_csrf_checks=True), home.users["official"])
    assert post(client, "/api/sites", site_payload(home.township.code)).status_code == 403
    assert not Site.objects.filter(code="new-S9").exists()
    client.get("/api/docs")  # renders the CSRF token, which sets the cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/sites",
        data=json.dumps(site_payload(home.township.code)),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


# --- summary ------------------------------------------------------------------------------


def test_summary_counts_own_county_only(client, home, other):
    data = login(client, home.users["official"]).get("/api/summary").json()
    assert data["parks"] == 1
    assert data["tenants"] == 1
    assert data["year"] == 2024
    assert data["jobs"] == 80
    assert data["tax_cny"] == 400000.0
    assert data["land_in_use_m2"] == 6667
    assert data["land_in_use_mu"] == pytest.approx(10.0, abs=0.01)
    assert data["trend"] == [
        {
            "year": 2024,
            "tenants": 1,
            "jobs": 80,
            "local_jobs": 70,
            "rural_jobs": 50,
            "tax_cny": 400000.0,
            "output_cny": 10000000.0,
        }
    ]


def test_summary_of_admin_covers_both_counties(client, home, other):
    data = login(client, home.users["admin"]).get("/api/summary").json()
    assert data["parks"] == 2
    assert data["jobs"] == 160


def test_summary_wrong_role_sees_zeros(client, home, other):
    data = login(client, home.users["handler"]).get("/api/summary").json()
    assert (data["parks"], data["tenants"], data["jobs"], data["trend"]) == (0, 0, 0, [])


# --- parks --------------------------------------------------------------------------------


def test_parks_list_is_scoped(client, home, other):
    codes = [
        p["code"] for p in login(client, home.users["official"]).get("/api/parks").json()["items"]
    ]
    assert codes == ["home-P1"]
    codes = [
        p["code"]
        for p in login(client, other.users["park_manager"]).get("/api/parks").json()["items"]
    ]
    assert codes == ["other-P1"]
    codes = [
        p["code"] for p in login(client, home.users["admin"]).get("/api/parks").json()["items"]
    ]
    assert codes == ["home-P1", "other-P1"]


@pytest.mark.parametrize("role", ["handler", "enterprise"])
def test_parks_wrong_role(client, home, role):
    login(client, home.users[role])
    assert client.get("/api/parks").json() == {"items": [], "count": 0}
    assert client.get(f"/api/parks/{home.park.pk}").status_code == 404
    assert client.get(f"/api/parks/{home.park.pk}/sites.geojson").status_code == 404


def test_park_detail(client, home, other, industry):
    home.park.positioning.add(industry)
    data = login(client, home.users["official"]).get(f"/api/parks/{home.park.pk}").json()
    assert data["code"] == "home-P1"
    assert data["region"] == home.township.code
    assert data["site_ids"] == [home.site.pk]
    assert data["positioning"] == ["13"]
    assert data["tenants"] == 1
    assert data["public_investment_cny"] == 0


def test_park_detail_other_region_is_404(client, home, other):
    login(client, home.users["official"])
    response = client.get(f"/api/parks/{other.park.pk}")
    assert response.status_code == 404
    assert "other" not in response.content.decode()
    assert client.get(f"/api/parks/{other.park.pk}/sites.geojson").status_code == 404
    assert client.get("/api/parks/999999").status_code == 404


def test_park_sites_geojson(client, home, other):
    login(client, home.users["park_manager"])
    data = client.get(f"/api/parks/{home.park.pk}/sites.geojson").json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == POLYGON
    assert feature["properties"]["code"] == "home-S1"
    assert feature["properties"]["land_area_m2"] == 20000
    assert feature["properties"]["park"] == home.park.pk


# --- sites: reads -------------------------------------------------------------------------


@pytest.fixture
def more_sites(home):
    """Three more home sites: land of 1000, 5000 and 50000 m², one of them idle land."""
    made = []
    for i, (area, kind) in enumerate(
        [(1000, "idle_land"), (5000, "vacant_factory"), (50000, "vacant_factory")], start=2
    ):
        made.append(
            Site.objects.create(
                code=f"home-S{i}",
                name=f"home site {i}",
                kind=kind,
                region=home.township,
                geometry=POLYGON,
                land_area_m2=area,
                condition=Site.Condition.GOOD,
            )
        )
    return made


def codes_of(response: Any) -> list[str]:
    return [s["code"] for s in response.json()["items"]]


def test_sites_list_is_scoped(client, home, other):
    response = login(client, home.users["official"]).get("/api/sites")
    assert response.json()["count"] == 1
    assert codes_of(response) == ["home-S1"]
    item = response.json()["items"][0]
    assert item["region"] == home.township.code
    assert item["land_area_mu"] == pytest.approx(30.0)
    assert "geometry" not in item


@pytest.mark.parametrize("role", ["enterprise", "handler"])
def test_sites_wrong_role(client, home, role):
    login(client, home.users[role])
    assert client.get("/api/sites").json() == {"items": [], "count": 0}
    assert client.get(f"/api/sites/{home.site.pk}").status_code == 404
    assert client.get("/api/sites.geojson").json()["features"] == []


def test_sites_filters(client, home, other, more_sites):
    login(client, home.users["official"])
    assert codes_of(client.get("/api/sites?kind=idle_land")) == ["home-S2"]
    assert codes_of(client.get("/api/sites?status=in_park")) == ["home-S1"]
    assert codes_of(client.get(f"/api/sites?park={home.park.pk}")) == ["home-S1"]
    assert codes_of(client.get("/api/sites?min_land_area_m2=5000&max_land_area_m2=20000")) == [
        "home-S1",
        "home-S3",
    ]
    # A county code includes its townships; another county's code finds nothing of theirs.
    assert len(codes_of(client.get(f"/api/sites?region={home.county.code}"))) == 4
    assert codes_of(client.get(f"/api/sites?region={other.county.code}")) == []
    assert codes_of(client.get(f"/api/sites?park={other.park.pk}")) == []
    assert codes_of(client.get("/api/sites?region=000000")) == []


def test_sites_bad_filter_is_422(client, home):
    response = login(client, home.users["official"]).get("/api/sites?kind=castle")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]


def test_sites_pagination(client, home, more_sites):
    login(client, home.users["official"])
    first = client.get("/api/sites?limit=2").json()
    second = client.get("/api/sites?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 4
    codes = [s["code"] for s in first["items"] + second["items"]]
    assert codes == ["home-S1", "home-S2", "home-S3", "home-S4"]


def test_site_detail(client, home, other):
    login(client, home.users["park_manager"])
    data = client.get(f"/api/sites/{home.site.pk}").json()
    assert data["code"] == "home-S1"
    assert data["geometry"] == POLYGON
    assert data["park"] == home.park.pk
    assert data["land_area_m2"] == 20000
    assert data["floor_area_m2"] == 8000
    assert client.get(f"/api/sites/{other.site.pk}").status_code == 404


def test_site_detail_other_region_is_404(client, home, other):
    login(client, home.users["investment"])
    assert client.get(f"/api/sites/{home.site.pk}").status_code == 200
    assert client.get(f"/api/sites/{other.site.pk}").status_code == 404


def test_sites_geojson(client, home, other, more_sites):
    login(client, home.users["official"])
    data = client.get("/api/sites.geojson").json()
    assert data["type"] == "FeatureCollection"
    codes = [f["properties"]["code"] for f in data["features"]]
    assert codes == ["home-S1", "home-S2", "home-S3", "home-S4"]
    assert all(f["geometry"]["type"] == "Polygon" for f in data["features"])
    idle = client.get("/api/sites.geojson?kind=idle_land").json()
    assert [f["properties"]["code"] for f in idle["features"]] == ["home-S2"]


# --- sites: writes ------------------------------------------------------------------------


def test_official_creates_site_in_home_township(client, home):
    login(client, home.users["official"])
    response = post(client, "/api/sites", site_payload(home.township.code))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["code"] == "new-S9"
    assert data["asking_price_cny"] == 1234567.5
    site = Site.objects.get(code="new-S9")
    assert site.region == home.township
    assert site.pk == data["id"]
    assert client.get(f"/api/sites/{site.pk}").status_code == 200


def test_invalid_polygon_is_422_and_nothing_saved(client, home):
    login(client, home.users["official"])
    response = post(client, "/api/sites", site_payload(home.township.code, geometry=BOWTIE))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["geometry"]
    assert not Site.objects.filter(code="new-S9").exists()


def test_negative_land_area_is_422(client, home):
    login(client, home.users["official"])
    response = post(client, "/api/sites", site_payload(home.township.code, land_area_m2=-5))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["land_area_m2"]
    assert not Site.objects.filter(code="new-S9").exists()


def test_every_bad_field_is_named(client, home):
    login(client, home.users["official"])
    payload = site_payload("999999", geometry=BOWTIE, land_area_m2=-5, code=home.site.code)
    response = post(client, "/api/sites", payload)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"region", "geometry", "land_area_m2", "code"}
    assert Site.objects.count() == 1


def test_wrong_types_and_missing_fields_are_422(client, home):
    login(client, home.users["official"])
    payload = site_payload(home.township.code, land_area_m2="lots")
    del payload["condition"]
    response = post(client, "/api/sites", payload)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"land_area_m2", "condition"}
    assert not Site.objects.filter(code="new-S9").exists()


def test_site_in_other_county_is_rejected(client, home, other):
    login(client, home.users["official"])
    response = post(client, "/api/sites", site_payload(other.township.code))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["region"]
    assert not Site.objects.filter(code="new-S9").exists()


@pytest.mark.parametrize("role", ["investment", "enterprise", "handler"])
def test_roles_without_edit_cannot_create_sites(client, home, role):
    login(client, home.users[role])
    response = post(client, "/api/sites", site_payload(home.township.code))
    assert response.status_code == 403
    assert not Site.objects.filter(code="new-S9").exists()


def test_park_manager_creates_sites_only_in_own_park(client, home, other):
    login(client, home.users["park_manager"])
    response = post(client, "/api/sites", site_payload(home.township.code, park=other.park.pk))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["park"]
    # Without a park the site would be outside the manager's scope: rolled back.
    response = post(client, "/api/sites", site_payload(home.township.code))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["park"]
    assert not Site.objects.filter(code="new-S9").exists()
    response = post(client, "/api/sites", site_payload(home.township.code, park=home.park.pk))
    assert response.status_code == 201
    assert Site.objects.get(code="new-S9").park == home.park


def test_official_updates_site(client, home):
    login(client, home.users["official"])
    response = patch(client, f"/api/sites/{home.site.pk}", {"name": "renamed", "status": "leased"})
    assert response.status_code == 200
    assert response.json()["name"] == "renamed"
    site = Site.objects.get(pk=home.site.pk)
    assert (site.name, site.status, site.land_area_m2) == ("renamed", "leased", 20000)


def test_update_other_region_is_404(client, home, other):
    login(client, home.users["official"])
    assert patch(client, f"/api/sites/{other.site.pk}", {"name": "mine"}).status_code == 404
    assert Site.objects.get(pk=other.site.pk).name == "other factory"


def test_update_by_viewer_without_edit_role_is_403(client, home):
    login(client, home.users["investment"])
    assert patch(client, f"/api/sites/{home.site.pk}", {"name": "mine"}).status_code == 403
    login(client, home.users["enterprise"])
    assert patch(client, f"/api/sites/{home.site.pk}", {"name": "mine"}).status_code == 404
    assert Site.objects.get(pk=home.site.pk).name == "home factory"


def test_update_validates_and_saves_nothing(client, home, other):
    login(client, home.users["official"])
    url = f"/api/sites/{home.site.pk}"
    response = patch(client, url, {"name": "renamed", "floor_area_m2": -1})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["floor_area_m2"]
    response = patch(client, url, {"region": other.township.code})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["region"]
    response = patch(client, url, {"geometry": BOWTIE})
    assert list(response.json()["errors"]) == ["geometry"]
    response = patch(client, url, {"land_area_m2": None})
    assert list(response.json()["errors"]) == ["land_area_m2"]
    site = Site.objects.get(pk=home.site.pk)
    assert (site.name, site.floor_area_m2, site.region, site.geometry) == (
        "home factory",
        8000,
        home.township,
        POLYGON,
    )


def test_park_manager_cannot_move_site_out_of_scope(client, home):
    login(client, home.users["park_manager"])
    response = patch(client, f"/api/sites/{home.site.pk}", {"park": None})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["park"]
    assert Site.objects.get(pk=home.site.pk).park == home.park
    response = patch(client, f"/api/sites/{home.site.pk}", {"notes": "roof repaired"})
    assert response.status_code == 200
    assert Site.objects.get(pk=home.site.pk).notes == "roof repaired"


# --- enterprises --------------------------------------------------------------------------


def names_of(response: Any) -> list[str]:
    return [e["name"] for e in response.json()["items"]]


def test_enterprises_list_is_scoped(client, home, other):
    response = login(client, home.users["official"]).get("/api/enterprises")
    assert names_of(response) == ["home firm"]
    item = response.json()["items"][0]
    assert (item["credit_code"], item["industry"], item["region"]) == (
        home.enterprise.credit_code,
        "13",
        home.township.code,
    )
    login(client, other.users["enterprise"])
    assert names_of(client.get("/api/enterprises")) == ["other firm"]


def test_enterprises_wrong_role(client, home):
    login(client, home.users["handler"])
    assert client.get("/api/enterprises").json() == {"items": [], "count": 0}
    assert client.get(f"/api/enterprises/{home.enterprise.pk}").status_code == 404


def test_enterprises_search(client, home, other):
    login(client, home.users["admin"])
    assert names_of(client.get("/api/enterprises?q=HOME")) == ["home firm"]
    assert names_of(client.get("/api/enterprises?q=9144030071526")) == ["other firm"]
    assert client.get("/api/enterprises?limit=1").json()["count"] == 2
    login(client, home.users["official"])
    assert names_of(client.get("/api/enterprises?q=9144030071526")) == []


def test_enterprise_detail_with_records(client, home, other):
    login(client, home.users["enterprise"])
    data = client.get(f"/api/enterprises/{home.enterprise.pk}").json()
    assert data["credit_code"] == home.enterprise.credit_code
    [record] = data["annual_records"]
    assert record["year"] == 2024
    assert record["tax_cny"] == 400000.0
    assert record["jobs"] == 80
    assert record["energy_tce"] == 61.5
    assert client.get(f"/api/enterprises/{other.enterprise.pk}").status_code == 404


def test_enterprise_detail_other_region_is_404(client, home, other):
    login(client, home.users["investment"])
    assert client.get(f"/api/enterprises/{home.enterprise.pk}").status_code == 200
    assert client.get(f"/api/enterprises/{other.enterprise.pk}").status_code == 404


def test_investment_officer_creates_enterprise(client, home):
    login(client, home.users["investment"])
    response = post(client, "/api/enterprises", enterprise_payload(home.county.code))
    assert response.status_code == 201, response.content
    assert response.json()["annual_records"] == []
    firm = Enterprise.objects.get(credit_code=NEW_CODE)
    assert (firm.region, firm.industry.code) == (home.county, "13")


def test_enterprise_bad_check_character_is_422(client, home):
    login(client, home.users["official"])
    bad = NEW_CODE[:17] + "7"
    response = post(
        client, "/api/enterprises", enterprise_payload(home.county.code, credit_code=bad)
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["credit_code"]
    assert not Enterprise.objects.filter(name="new firm").exists()


def test_enterprise_duplicate_credit_code_is_422(client, home, other):
    login(client, home.users["official"])
    payload = enterprise_payload(home.county.code, credit_code=other.enterprise.credit_code)
    response = post(client, "/api/enterprises", payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["credit_code"]
    assert Enterprise.objects.count() == 2


def test_enterprise_unknown_industry_and_foreign_region_are_422(client, home, other):
    login(client, home.users["official"])
    payload = enterprise_payload(other.county.code, industry="9999")
    response = post(client, "/api/enterprises", payload)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"industry", "region"}
    assert not Enterprise.objects.filter(name="new firm").exists()


@pytest.mark.parametrize("role", ["park_manager", "enterprise", "handler"])
def test_roles_without_edit_cannot_create_enterprises(client, home, role):
    login(client, home.users[role])
    response = post(client, "/api/enterprises", enterprise_payload(home.county.code))
    assert response.status_code == 403
    assert not Enterprise.objects.filter(name="new firm").exists()


# --- schema and docs ----------------------------------------------------------------------


def test_openapi_schema_lists_the_paths(client):
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/summary",
        "/api/parks",
        "/api/parks/{park_id}",
        "/api/parks/{park_id}/sites.geojson",
        "/api/sites",
        "/api/sites/{site_id}",
        "/api/sites.geojson",
        "/api/enterprises",
        "/api/enterprises/{enterprise_id}",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/sites"]) == {"get", "post"}
    assert "patch" in schema["paths"]["/api/sites/{site_id}"]
    assert "422" in schema["paths"]["/api/sites"]["post"]["responses"]
    props = schema["components"]["schemas"]["SiteOut"]["properties"]
    assert "land_area_m2" in props
    # Park and site statuses are different enums; neither may overwrite the other.
    park_status = schema["components"]["schemas"]["ParkOut"]["properties"]["status"]
    assert park_status["enum"] == ["planned", "building", "operating", "closed"]


def test_docs_page_is_offline(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"https?://", html)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(url.startswith("/static/") for url in assets), assets
    for url in assets:
        assert client.get(url).status_code == 200, url
    settings_json = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1)
    settings = json.loads(settings_json)
    assert settings["url"] == "/api/openapi.json"
    assert settings["validatorUrl"] is None
