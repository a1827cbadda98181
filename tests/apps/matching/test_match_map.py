"""Lines prospect → place on the matching maps, and prospects listed without a location."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from microparks.apps.attraction.models import point_of
from microparks.apps.matching import services
from microparks.apps.matching.maps import assigned_lines, match_geojson, without_location
from tests.apps.matching.test_matching_app import login


def features(page, map_id):
    html = page.content.decode()
    start = html.index(f'<script id="{map_id}" type="application/json">') + len(
        f'<script id="{map_id}" type="application/json">'
    )
    data = json.loads(html[start : html.index("</script>", start)])
    return data["features"]


def kinds(feats):
    return [f["properties"]["kind"] for f in feats]


@pytest.fixture
def located(home):
    home.prospect.location = point_of(107.9, 24.4)
    home.prospect.save()
    return home.prospect


def test_the_line_runs_from_the_prospect_to_its_place_with_the_cost(home, located):
    run = services.run_matching(home.users["official"], home.county)
    lines = assigned_lines(run)
    assert [(ln.prospect, ln.place.site, ln.assigned) for ln in lines] == [
        (located, home.site, True)
    ]
    data = match_geojson(run.places, lines)
    line = next(f for f in data["features"] if f["properties"]["kind"] == "line")
    start, end = line["geometry"]["coordinates"]
    assert start == [107.9, 24.4]
    assert end == list(services.centroid(home.site.geometry))
    cost = run.cost_of(located, run.place_of(located))
    assert line["properties"]["cost"] == pytest.approx(cost)
    assert located.name in line["properties"]["popup"]
    assert home.site.name in line["properties"]["popup"]
    assert f"{cost:.3f}" in line["properties"]["popup"]


def test_a_prospect_without_location_gets_no_line_and_is_listed(client, home):
    run = services.run_matching(home.users["official"], home.county)
    assert without_location(run.prospects) == [home.prospect]
    assert "line" not in kinds(match_geojson(run.places, assigned_lines(run))["features"])
    page = login(client, home.users["official"]).get(
        reverse("matching:index"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "No location:" in page.content.decode()
    assert kinds(features(page, f"match-map-{home.county.pk}")).count("line") == 0


@pytest.mark.parametrize(
    ("name", "args", "map_id"),
    [("matching:index", None, "county"), ("matching:park", "park", "match-map")],
)
def test_county_and_park_pages_draw_the_plans_line(client, home, located, name, args, map_id):
    url = reverse(name, args=[home.park.pk] if args else None)
    page = login(client, home.users["investment"]).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    map_id = f"match-map-{home.county.pk}" if map_id == "county" else map_id
    feats = features(page, map_id)
    assert kinds(feats).count("line") == 1
    assert kinds(feats).count("prospect") == 1
    assert "matching/map.js" in page.content.decode()


def test_prospect_page_draws_lines_to_its_recommended_places(client, home, located):
    from microparks.apps.parks.models import ParkUnit

    for code in ("U1", "U2", "U3"):
        ParkUnit.objects.create(park=home.park, site=home.site, code=code, floor_area_m2=1000)
    page = login(client, home.users["official"]).get(
        reverse("matching:prospect", args=[located.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    feats = features(page, "match-map")
    lines = [f["properties"] for f in feats if f["properties"]["kind"] == "line"]
    assert len(lines) == 3  # one per recommended unit, the plan's among them
    assert sum(line["assigned"] for line in lines) == 1
    assert {line["place"] for line in lines} == {f"{home.park.name} · U{i}" for i in (1, 2, 3)}


def test_other_regions_prospects_never_reach_the_map(client, home, other, located):
    other.prospect.location = point_of(100.0, 30.0)
    other.prospect.save()
    page = login(client, home.users["official"]).get(reverse("matching:index"))
    text = page.content.decode()
    assert other.prospect.name not in text
    assert "100.0, 30.0" not in text
