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


def test_a_large_plan_pages_its_rows_and_its_map(client, home, located):
    """Past one page the county plan shows 50 prospects, and the map their lines and places."""
    from microparks.apps.attraction.models import Prospect
    from microparks.apps.common.pagination import PAGE_SIZE
    from microparks.apps.parks.models import ParkUnit

    Prospect.objects.bulk_create(
        Prospect(
            name=f"extra {i:03d}",
            company_name=f"extra co {i}",
            industry=located.industry,
            region=located.region,
            target_park=located.target_park,
            source=located.source,
            stage=located.stage,
            location=located.location,
        )
        for i in range(PAGE_SIZE + 5)
    )
    ParkUnit.objects.bulk_create(
        ParkUnit(park=home.park, site=home.site, code=f"U{i}", floor_area_m2=1000)
        for i in range(PAGE_SIZE + 10)
    )
    user = home.users["official"]
    seeking = len(services.run_matching(user, home.county).prospects)
    assert seeking == PAGE_SIZE + 6
    client = login(client, user)
    map_id = f"match-map-{home.county.pk}"
    param = f"plan{home.county.pk}"
    first = client.get(reverse("matching:index"), HTTP_ACCEPT_LANGUAGE="en")
    plan = first.context["plans"][0]
    assert (len(plan["rows"]), plan["page"].paginator.count) == (PAGE_SIZE, seeking)
    assert f'href="?{param}=2"' in first.content.decode()
    last = client.get(reverse("matching:index"), {param: 2}, HTTP_ACCEPT_LANGUAGE="en")
    rows = last.context["plans"][0]["rows"]
    assert len(rows) == 6
    assert all(place is not None for _p, place, _why in rows)  # enough units for every prospect
    feats = features(last, map_id)
    assert kinds(feats).count("prospect") == kinds(feats).count("line") == 6
    # the sites drawn are those of the page's places, not every open place
    assert kinds(feats).count("site") == len({place.site.pk for _p, place, _w in rows if place})
