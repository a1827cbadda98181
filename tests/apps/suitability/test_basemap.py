"""The base of the site maps: townships and the county's roads, rivers and red lines.

Anonymous, wrong role, other region and right role; the layers drawn and their legend; a
repeat request answered 304.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from microparks.apps.suitability.basemap import basemap_collection, visible_counties
from microparks.apps.suitability.models import ContextLayer

pytestmark = pytest.mark.django_db

URL = "suitability:basemap"
CORNERS = [[110.0, 25.0], [110.05, 25.0], [110.05, 25.05], [110.0, 25.05], [110.0, 25.0]]
OUTLINE = {"type": "Polygon", "coordinates": [CORNERS]}
ROAD = {"type": "LineString", "coordinates": [[110.0, 25.0], [110.05, 25.05]]}


def _layer(region, name, *geometries):
    features = [{"type": "Feature", "geometry": g, "properties": {"secret": 1}} for g in geometries]
    return ContextLayer.objects.create(
        region=region,
        name=name,
        features={"type": "FeatureCollection", "features": features},
        feature_count=len(features),
    )


@pytest.fixture
def base(home, other):
    home.township.geometry = OUTLINE
    home.township.save()
    other.township.geometry = OUTLINE
    other.township.save()
    _layer(home.county, "roads", ROAD, ROAD)
    _layer(home.county, "ecological_red_line", OUTLINE)
    _layer(home.county, "substations", {"type": "Point", "coordinates": [110.01, 25.01]})
    _layer(other.county, "roads", ROAD)
    return home


def test_anonymous_is_sent_to_login(client, base):
    assert client.get(reverse(URL)).status_code == 302


def test_a_tenant_may_not_have_it(client, base):
    client.force_login(base.users["enterprise"])
    assert client.get(reverse(URL)).status_code == 403


@pytest.mark.parametrize("role", ["official", "investment", "park_manager"])
def test_staff_see_their_county_only(client, base, other, role):
    client.force_login(base.users[role])
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    layers = [f["properties"]["layer"] for f in data["features"]]
    # Two roads and the red line of the home county, then its township; not the other's road,
    # nor a layer that is not part of the base (substations).
    assert sorted(layers) == ["ecological_red_line", "roads", "roads", "townships"]
    township = next(f for f in data["features"] if f["properties"]["layer"] == "townships")
    assert township["properties"]["name"] == "home town"
    west, south = township["properties"]["label_at"]
    assert 110.0 < west < 110.05
    assert 25.0 < south < 25.05
    assert all("secret" not in f["properties"] for f in data["features"])
    assert [entry["name"] for entry in data["layers"]] == [
        "ecological_red_line",
        "roads",
        "townships",
    ]


def test_legend_speaks_chinese(client, base):
    client.force_login(base.users["official"])
    data = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert [entry["label"] for entry in data["layers"]] == ["生态保护红线", "道路", "乡镇界线"]


def test_repeat_request_is_not_modified(client, base):
    client.force_login(base.users["official"])
    first = client.get(reverse(URL))
    again = client.get(reverse(URL), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    _layer(base.county, "rivers", ROAD)  # a new layer: a new answer
    assert client.get(reverse(URL), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_admin_sees_every_county(base, other):
    names = [c.name for c in visible_counties(base.users["admin"])]
    assert names == ["home county", "other county"]


def test_nothing_loaded_is_an_empty_base(home):
    assert basemap_collection([home.county]) == {
        "type": "FeatureCollection",
        "features": [],
        "layers": [],
    }
