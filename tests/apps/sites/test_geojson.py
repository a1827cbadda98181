"""Site GeoJSON written from the rows (apps/sites/geojson.py): the same features as the object
builders it replaced, a 304 on repeat, an ETag that follows every visible change and the
user's scope, never another county's site, and a query count that does not grow with the
number of sites."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from microparks.apps.sites.api import SiteFeatureCollection, feature_collection, visible_sites
from microparks.apps.sites.maps import sites_geojson
from microparks.apps.sites.models import Site
from tests.conftest import POLYGON

pytestmark = pytest.mark.django_db

MAP = reverse("web:site_map")
API = "/api/sites.geojson"
POINT = {"type": "Point", "coordinates": [110.004, 25.004]}
MULTI = {"type": "MultiPolygon", "coordinates": [POLYGON["coordinates"]]}


def add_sites(county: Any, n: int, start: int = 2) -> list[Site]:
    """``n`` more sites in ``county``'s township: points and outlines, each status, some in
    the park."""
    statuses = list(Site.Status)
    return Site.objects.bulk_create(
        Site(
            code=f"{county.county.code}-G{i:03d}",
            # quotes, a backslash and the text that ends each feature before its geometry
            name=f'闲置地 “{i}” \\ ,"geometry":null}} {county.county.name}',
            kind=Site.Kind.IDLE_LAND,
            region=county.township,
            park=county.park if i % 3 == 0 else None,
            geometry=[POINT, POLYGON, MULTI][i % 3],
            land_area_m2=1000.5 + i,
            floor_area_m2=i,
            condition=Site.Condition.VACANT_LAND,
            status=statuses[i % len(statuses)],
        )
        for i in range(start, start + n)
    )


@pytest.fixture
def world(home: Any, other: Any) -> tuple[Any, Any]:
    add_sites(home, 8)
    add_sites(other, 2)
    return home, other


def get(client: Any, url: str, user: Any, **headers: Any) -> Any:
    client.force_login(user)
    return client.get(url, **headers)


def test_api_geojson_equals_the_pydantic_answer(client: Any, world: Any) -> None:
    home, _other = world
    for user, url, sites in [
        (home.users["official"], API, Site.objects.all()),
        (home.users["park_manager"], f"/api/parks/{home.park.pk}/sites.geojson", None),
    ]:
        response = get(client, url, user)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        visible = visible_sites(user)
        visible = visible if sites is not None else visible.filter(park=home.park)
        old = SiteFeatureCollection.model_validate(feature_collection(visible))
        assert response.json() == old.model_dump(mode="json")
        assert len(response.json()["features"]) == visible.count() > 1


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_web_map_equals_the_old_builder(client: Any, world: Any, language: str) -> None:
    home, _other = world
    user = home.users["official"]
    response = get(client, MAP, user, HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    with translation.override(language):
        old = json.loads(json.dumps(sites_geojson(Site.objects.restrict(user))))
    assert json.loads(response.content) == old
    assert {f["properties"]["location"] for f in old["features"]} == {"point", "outline"}
    park = get(client, f"{MAP}?park={home.park.pk}", user, HTTP_ACCEPT_LANGUAGE=language)
    with translation.override(language):
        old = json.loads(json.dumps(sites_geojson(Site.objects.filter(park=home.park))))
    assert json.loads(park.content) == old


def test_repeat_is_304_until_something_visible_changes(client: Any, world: Any) -> None:
    home, _other = world
    official = home.users["official"]
    for url in (MAP, API, f"/api/parks/{home.park.pk}/sites.geojson"):
        first = get(client, url, official)
        assert first.status_code == 200
        assert first["Cache-Control"] == "private, no-cache"
        assert "Cookie" in first["Vary"]
        assert first["Last-Modified"]
        tag = first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=tag)
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", tag)
        assert client.get(url, HTTP_IF_NONE_MATCH=f'"x", W/{tag}').status_code == 304
        # a deletion does not move Last-Modified: a date alone is never enough for a 304
        date_only = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert date_only.status_code == 200

    def tag_now(url: str = MAP) -> str:
        response = client.get(url)
        assert response.status_code == 200
        return str(response["ETag"])

    tags = [tag_now()]
    site = Site.objects.get(code=f"{home.county.code}-G003")
    site.name = "renamed"
    site.save()
    tags.append(tag_now())
    # a queryset update leaves updated_at alone but counts the revision up
    Site.objects.filter(pk=site.pk).update(status=Site.Status.ASSESSING)
    tags.append(tag_now())
    add_sites(home, 1, start=50)
    tags.append(tag_now())
    Site.objects.filter(code=f"{home.county.code}-G004").delete()
    tags.append(tag_now())
    home.township.code = "450101199"  # the API shows it; the sites' rows do not change
    home.township.save()
    tags.append(tag_now(API))
    tags.append(tag_now(f"{MAP}?status=idle"))
    tags.append(get(client, MAP, official, HTTP_ACCEPT_LANGUAGE="en")["ETag"])
    tags.append(get(client, MAP, home.users["park_manager"])["ETag"])
    tags.append(get(client, MAP, world[1].users["official"])["ETag"])
    assert len(set(tags)) == len(tags), tags


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "admin"])
def test_another_countys_sites_never_appear(client: Any, world: Any, role: str) -> None:
    home, other = world
    others = set(Site.objects.filter(region__parent=other.county).values_list("code", flat=True))
    for url in (MAP, f"{MAP}?park={other.park.pk}", API, f"{API}?region={other.county.code}"):
        response = get(client, url, home.users[role])
        if role == "admin":
            assert response.status_code == 200  # the administrator sees every county
            continue
        codes = {f["properties"]["code"] for f in json.loads(response.content)["features"]}
        assert not codes & others, (url, codes & others)
    park = get(client, f"/api/parks/{other.park.pk}/sites.geojson", home.users["official"])
    assert park.status_code == 404


def test_query_count_does_not_grow_with_the_sites(client: Any, home: Any) -> None:
    user = home.users["official"]
    client.force_login(user)
    urls = [MAP, f"{MAP}?park={home.park.pk}", API, reverse("web:site_list"), "/api/sites"]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    add_sites(home, 3)
    client.get(MAP)  # the first request of a session does more (the session, the last visit)
    few = counts()
    add_sites(home, 27, start=10)
    assert counts() == few


def test_the_api_list_tells_the_location_without_reading_geometries(client: Any, home: Any) -> None:
    """The list defers the geometry (its type alone is read): the same ``location`` as the map."""
    add_sites(home, 6)
    user = home.users["official"]
    listed = get(client, "/api/sites?limit=100", user).json()["items"]
    mapped = get(client, API, user).json()["features"]
    expected = {f["properties"]["code"]: f["properties"]["location"] for f in mapped}
    assert {item["code"]: item["location"] for item in listed} == expected
    assert set(expected.values()) == {"point", "outline"}
