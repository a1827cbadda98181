"""The matching service on the database, and its pages for every role and region."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microparks.apps.attraction.models import Prospect
from microparks.apps.matching import services
from microparks.apps.parks.models import ParkUnit

PASSWORD = "pw-Test-12345"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def unit(home):
    return ParkUnit.objects.create(
        park=home.park,
        site=home.site,
        code="U1",
        floor_area_m2=1000,
        land_area_m2=2000,
        ceiling_height_m=8,
        power_capacity_kva=400,
    )


def test_the_prospect_takes_the_whole_site_when_it_has_no_units(home, other):
    run = services.run_matching(home.users["official"], home.county)
    assert run.prospects == [home.prospect]  # the other county's prospect is not seen
    assert [p.key for p in run.places] == [f"site-{home.site.pk}"]
    assert run.place_of(home.prospect).site == home.site
    assert run.result.proven_optimal


def test_units_are_the_places_and_requirements_name_failures(home, unit):
    home.prospect.floor_area_min_m2 = 5000
    home.prospect.save()
    run = services.run_matching(home.users["official"], home.county)
    assert [p.key for p in run.places] == [f"unit-{unit.pk}"]
    assert run.place_of(home.prospect) is None
    table = run.recommendations(home.prospect)
    assert table.kind.tolist() == ["excluded"]
    assert table.failed_conditions.tolist() == ["floor_area"]


def test_positioning_admits_by_section_and_division(home, unit, industry):
    home.park.positioning.add(industry.parent)  # section C admits division 13
    run = services.run_matching(home.users["official"], home.county)
    assert run.place_of(home.prospect).unit == unit
    assert services.full_code(industry) == "C13"


def test_what_if_reserve_and_lock(home, unit):
    second = ParkUnit.objects.create(park=home.park, site=home.site, code="U2", floor_area_m2=1000)
    user = home.users["investment"]
    base = services.run_matching(user, home.county)
    taken = base.place_of(home.prospect).key
    other_key = f"unit-{second.pk}" if taken == f"unit-{unit.pk}" else f"unit-{unit.pk}"
    reserved = services.run_matching(user, home.county, reserved=[taken])
    assert reserved.place_of(home.prospect).key == other_key
    locked = services.run_matching(user, home.county, fixed={home.prospect.pk: other_key})
    assert locked.place_of(home.prospect).key == other_key
    assert locked.fixed == {home.prospect.pk: other_key}
    # locks on unknown places are ignored, not errors
    assert services.run_matching(user, home.county, fixed={home.prospect.pk: "unit-0"}).fixed == {}


def test_signed_prospects_do_not_seek_a_site(home):
    home.prospect.stage = Prospect.Stage.SIGNED
    home.prospect.save()
    assert services.run_matching(home.users["official"], home.county).prospects == []


def urls(county):
    return [
        reverse("matching:index"),
        reverse("matching:park", args=[county.park.pk]),
        reverse("matching:prospect", args=[county.prospect.pk]),
    ]


def test_anonymous_is_sent_to_login(client, home):
    for url in urls(home):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["handler", "enterprise"])
def test_wrong_roles_are_refused(client, home, role):
    login(client, home.users[role])
    for url in urls(home):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["official", "investment", "park_manager"])
def test_other_region_is_not_found(client, home, other, role):
    login(client, other.users[role])
    for url in urls(home)[1:]:
        assert client.get(url).status_code == 404
    page = client.get(reverse("matching:index")).content.decode()
    assert home.prospect.name not in page
    assert other.prospect.name in page


@pytest.mark.parametrize("role", ["official", "investment", "park_manager", "admin"])
def test_right_roles_see_the_plan(client, home, unit, role):
    login(client, home.users[role])
    index = client.get(reverse("matching:index"))
    assert index.status_code == 200
    assert home.prospect.name in index.content.decode()
    park = client.get(reverse("matching:park", args=[home.park.pk]))
    assert park.status_code == 200
    assert "U1" in park.content.decode()
    page = client.get(reverse("matching:prospect", args=[home.prospect.pk]))
    assert page.status_code == 200
    assert "U1" in page.content.decode()


def test_prospect_page_names_the_failed_condition_in_english(client, home, unit):
    home.prospect.power_kva = 900
    home.prospect.save()
    login(client, home.users["official"])
    url = reverse("matching:prospect", args=[home.prospect.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not enough power" in page


def test_park_page_what_if_reserve_shows_the_change(client, home, unit):
    login(client, home.users["official"])
    url = reverse("matching:park", args=[home.park.pk])
    response = client.get(url, {"reserve": f"unit-{unit.pk}"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reserved" in page
    assert f"{home.prospect.name}: {home.park.name} · U1 → no place" in page
    locked = client.get(url, {"lock": f"{home.prospect.pk}:unit-{unit.pk}"})
    assert locked.status_code == 200
    # the form picks the prospect (among those the page shows) and the place apart
    form = locked.content.decode().split('name="lock_prospect"')[1].split("</select>")[0]
    assert f'value="{home.prospect.pk}"' in form
    picked = client.get(url, {"lock_prospect": home.prospect.pk, "lock_place": f"unit-{unit.pk}"})
    [(prospect, place)] = picked.context["locks"]
    assert (prospect, place.key) == (home.prospect, f"unit-{unit.pk}")
    assert picked.context["locks"] == locked.context["locks"]


def test_pages_take_the_same_queries_for_more_prospects_and_units(client, home, industry):
    """Industry codes are resolved from ancestors fetched with each industry (no query per
    level, per prospect or per park), so the page costs the same for 2 or 8 prospects."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from microparks.apps.industries.models import Industry

    group = Industry.objects.create(code="131", name="谷物磨制", level="group", parent=industry)
    leaf = Industry.objects.create(code="1311", name="稻谷加工", level="class", parent=group)
    home.park.positioning.add(leaf, industry)
    login(client, home.users["official"])

    def queries(n: int) -> int:
        for i in range(Prospect.objects.filter(region=home.county).count(), n):
            Prospect.objects.create(
                name=f"rice mill {i}",
                company_name=f"rice {i}",
                industry=leaf,
                region=home.county,
                target_park=home.park,
                source=Prospect.Source.RELOCATION,
            )
            ParkUnit.objects.create(park=home.park, site=home.site, code=f"R{i}", floor_area_m2=500)
        url = reverse("matching:park", args=[home.park.pk])
        client.get(url)  # the session is written on the first request
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(2) == queries(8)
