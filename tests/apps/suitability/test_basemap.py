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


# One county per answer: the user's own, one named, or what reaches the map's view.


def _layers(response):
    return sorted(f["properties"]["layer"] for f in response.json()["features"])


def test_admin_gets_one_county_by_default_and_names_another(client, base, other):
    client.force_login(base.users["admin"])
    first = client.get(reverse(URL))
    assert _layers(first) == ["ecological_red_line", "roads", "roads", "townships"]  # home
    named = client.get(reverse(URL), {"county": other.county.code})
    assert _layers(named) == ["roads", "townships"]
    assert named["ETag"] != first["ETag"]


def test_another_county_by_name_is_404(client, base, other):
    client.force_login(base.users["official"])
    assert client.get(reverse(URL), {"county": other.county.code}).status_code == 404
    assert client.get(reverse(URL), {"county": "nonsense"}).status_code == 404


def test_labour_service_sees_its_county(client, base, other):
    client.force_login(base.users["labour_service"])
    assert _layers(client.get(reverse(URL))) == [
        "ecological_red_line",
        "roads",
        "roads",
        "townships",
    ]
    assert client.get(reverse(URL), {"county": other.county.code}).status_code == 404


def test_bbox_keeps_what_reaches_the_view(client, base, other):
    far = {"type": "LineString", "coordinates": [[120.0, 30.0], [120.1, 30.1]]}
    _layer(base.county, "rivers", far)
    client.force_login(base.users["admin"])
    near = client.get(reverse(URL), {"bbox": "109.9,24.9,110.2,25.2"})
    # both counties' townships and roads reach it; the far river does not
    assert _layers(near) == [
        "ecological_red_line",
        "roads",
        "roads",
        "roads",
        "townships",
        "townships",
    ]
    away = client.get(reverse(URL), {"bbox": "119.9,29.9,120.05,30.05"})
    assert _layers(away) == ["rivers"]
    assert [e["name"] for e in away.json()["layers"]] == ["rivers"]


def test_bbox_never_widens_an_officials_view(client, base, other):
    client.force_login(base.users["official"])
    data = client.get(reverse(URL), {"bbox": "109.9,24.9,110.2,25.2"})
    assert _layers(data) == ["ecological_red_line", "roads", "roads", "townships"]


def test_a_wide_view_draws_outlines_simplified():
    wiggly = [[110.0 + i * 0.0001, 25.0 + (i % 2) * 0.00001] for i in range(500)]
    line = {"type": "LineString", "coordinates": wiggly}
    drawn = basemap_view_fit((100.0, 20.0, 120.0, 30.0), line)
    assert drawn["type"] == "LineString"
    assert len(drawn["coordinates"]) == 2  # 0.01° tolerance: a straight line
    assert basemap_view_fit((100.0, 20.0, 100.5, 20.5), line) is None
    short = {"type": "LineString", "coordinates": [[110.0, 25.0], [110.001, 25.001]]}
    assert basemap_view_fit((100.0, 20.0, 120.0, 30.0), short) is None  # under a pixel
    assert basemap_view_fit((109.9, 24.9, 110.1, 25.1), short) == short


@pytest.mark.parametrize("bad", ["1,2,3", "a,b,c,d", "10,10,5,5", "nan,1,2,3", "0,-91,1,1"])
def test_a_bad_bbox_is_400(client, base, bad):
    client.force_login(base.users["official"])
    response = client.get(reverse(URL), {"bbox": bad})
    assert response.status_code == 400


def basemap_view_fit(bbox, geometry):
    from microparks.apps.suitability.basemap import _View

    return _View(bbox).fit(geometry)
