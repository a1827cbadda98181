"""Numbers with reasons on the matching pages: why no place, how a cost is made, dropped locks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microparks.apps.attraction.models import Prospect
from microparks.apps.matching import services
from microparks.apps.parks.models import ParkUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(home):
    return ParkUnit.objects.create(
        park=home.park, site=home.site, code="U1", floor_area_m2=1000, land_area_m2=2000,
        ceiling_height_m=8, power_capacity_kva=400,
    )  # fmt: skip


def test_an_unplaced_prospect_says_which_conditions_fail(client, home, unit):
    home.prospect.floor_area_min_m2 = 5000
    home.prospect.power_kva = 900
    home.prospect.save()
    run = services.run_matching(home.users["official"], home.county)
    why = run.unplaced()[home.prospect.pk]
    assert why.kind == "none_feasible"
    assert why.failures == {"floor_area": 1, "power": 1}
    client.force_login(home.users["official"])
    for url in (reverse("matching:index"), reverse("matching:prospect", args=[home.prospect.pk])):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "1 处可用场地均不满足该项目的要求" in page
        assert "1 处厂房面积不足" in page
        assert "1 处电力容量不足" in page


def test_an_unplaced_prospect_whose_place_went_to_another(home, unit):
    rival = Prospect.objects.get(pk=home.prospect.pk)
    rival.pk = None
    rival.name = "Rival"
    rival.save()
    run = services.run_matching(home.users["official"], home.county)
    [(pk, why)] = run.unplaced().items()
    assert why.kind == "all_taken"
    placed = next(p for p in run.prospects if p.pk != pk)
    assert [(run.places[j].key, run.prospects[i]) for j, i in why.taken_by] == [
        (f"unit-{unit.pk}", placed)
    ]


def test_the_pages_explain_the_cost_terms_with_their_weights(client, home, unit):
    client.force_login(home.users["investment"])
    page = client.get(reverse("matching:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "成本如何计算" in page
    assert "成本是无量纲的分值，不是金额" in page
    assert "场地面积与需求面积之差" in page  # the area term, with its weight row
    park = client.get(reverse("matching:park", args=[home.park.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "How the costs are made" in park.content.decode()


def test_a_lock_that_cannot_be_kept_is_reported_not_dropped_silently(client, home, unit):
    home.prospect.power_kva = 900
    home.prospect.save()
    run = services.run_matching(
        home.users["official"], home.county,
        fixed={home.prospect.pk: f"unit-{unit.pk}", 999_999: f"unit-{unit.pk}"},
    )  # fmt: skip
    reasons = {(lock.prospect_id, lock.reason, lock.conditions) for lock in run.ignored_locks}
    assert reasons == {(home.prospect.pk, "infeasible", ("power",)), (999_999, "prospect", ())}
    client.force_login(home.users["official"])
    url = reverse("matching:park", args=[home.park.pk])
    page = client.get(
        url, {"lock": f"{home.prospect.pk}:unit-{unit.pk}"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "These locks could not be kept" in text
    assert "the place does not fit: not enough power" in text


def test_a_dropped_lock_does_not_name_a_prospect_out_of_scope(client, home, other, unit):
    client.force_login(home.users["official"])
    url = reverse("matching:park", args=[home.park.pk])
    page = client.get(
        url, {"lock": f"{other.prospect.pk}:unit-{unit.pk}"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "These locks could not be kept" in text
    assert other.prospect.name not in text
    assert f"#{other.prospect.pk}" in text
