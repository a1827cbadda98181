"""Saved matchings: stored as computed, with the matching document used; re-rendered from it.

After a new version of the matching costs is activated (and the data changes), a saved run's
page shows the same plan, costs and recommendations; the live pages use the new version.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from microparks.apps.attraction.models import Prospect
from microparks.apps.matching import services
from microparks.apps.matching.models import MatchingRun
from microparks.apps.matching.runs import save_run
from microparks.apps.parks.models import ParkUnit
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument, Status
from microparks.io.rules import dump_yaml, load_yaml

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def world(home):
    """Two units of different size and rent, and two prospects seeking a place."""
    for code, floor, rent in (("U1", 1000, 12), ("U2", 3000, 20)):
        ParkUnit.objects.create(
            park=home.park,
            site=home.site,
            code=code,
            floor_area_m2=floor,
            land_area_m2=2 * floor,
            power_capacity_kva=400,
            rent_cny_per_m2_month=rent,
        )
    home.prospect.floor_area_min_m2 = 800
    home.prospect.max_rent_cny_per_m2_month = 25
    home.prospect.save()
    Prospect.objects.create(
        name="home second project",
        company_name="second newco",
        industry=home.prospect.industry,
        region=home.county,
        floor_area_min_m2=2500,
        source=Prospect.Source.RELOCATION,
    )
    return home


def new_costs(user, doc: RulesDocument, region=None) -> RulesDocument:
    """A new version of ``doc`` (or a region's own document) with other weights, activated."""
    data = load_yaml(doc.content)
    data["weights"] = {
        "area_mismatch": 0.6,
        "supplier_distance": 0.05,
        "leader_distance": 0.05,
        "labour": 0.1,
        "rent": 0.1,
        "suitability": 0.1,
    }
    draft = rules.Draft(
        kind="matching",
        name=doc.name,
        title=doc.title if region is None else "County matching costs",
        content=dump_yaml(data),
        region=region,
    )
    parent = doc if region is None else None
    return rules.activate(user, rules.save_draft(user, draft, parent=parent))


def fragments(content: bytes) -> dict[str, str]:
    text = content.decode()
    out = {}
    for name in ("run-plan", "run-recommendations", "run-places", "run-facts"):
        match = re.search(rf'<(table|section) [^>]*id="{name}".*?</\1>', text, re.S)
        assert match is not None, name
        out[name] = match.group(0)
    return out


def save(client, county, **extra):
    return client.post(reverse("matching:save"), {"county": county.pk, **extra})


def test_a_saved_run_re_renders_identically_after_new_costs(client, world):
    home = world
    client.force_login(home.users["official"])
    old_doc = rules.in_effect("matching", region=home.county)
    response = save(client, home.county)
    saved = MatchingRun.objects.get()
    assert response["Location"] == reverse("matching:run", args=[saved.pk])
    assert saved.rules == old_doc
    assert saved.created_by == home.users["official"]
    page = client.get(response["Location"])
    before, plan = fragments(page.content), page.context["plan"]
    assert old_doc.label in before["run-facts"]
    assert [r["place"]["label"] for r in plan.rows if r["place"]]  # someone is placed
    assert all(r["cost"] is None or r["cost"] > 0 for r in plan.rows)

    newer = new_costs(home.users["admin"], old_doc)
    assert rules.in_effect("matching", region=home.county) == newer
    # the data changes too: a unit is let, a prospect signs elsewhere
    ParkUnit.objects.filter(code="U1").update(status=ParkUnit.Status.LEASED)
    Prospect.objects.filter(name="home second project").update(stage=Prospect.Stage.SIGNED)

    again = client.get(reverse("matching:run", args=[saved.pk]))
    assert fragments(again.content) == before
    assert again.context["plan"] == plan

    # the live pages compute with the new version
    index = client.get(reverse("matching:index"))
    live = index.context["plans"][0]["run"]
    assert live.rules == newer
    assert newer.label in index.content.decode()
    prospect_page = client.get(reverse("matching:prospect", args=[home.prospect.pk]))
    assert newer.label in prospect_page.content.decode()
    # and a run saved now records the new version and its costs
    save(client, home.county)
    latest = MatchingRun.objects.order_by("-pk").first()
    assert latest.rules == newer
    assert latest.total_cost != saved.total_cost


def test_the_saved_run_keeps_the_park_pages_what_if(client, world):
    home = world
    client.force_login(home.users["investment"])
    u2 = ParkUnit.objects.get(code="U2")
    lock = f"{home.prospect.pk}:unit-{u2.pk}"
    page = client.get(reverse("matching:park", args=[home.park.pk]), {"lock": lock})
    assert page.context["run"].fixed == {home.prospect.pk: f"unit-{u2.pk}"}
    assert 'name="lock"' in page.content.decode()
    save(client, home.county, park=home.park.pk, lock=lock)
    saved = MatchingRun.objects.get()
    assert (saved.park, saved.fixed) == (home.park, {str(home.prospect.pk): f"unit-{u2.pk}"})
    shown = client.get(reverse("matching:run", args=[saved.pk]))
    mine = next(r for r in shown.context["plan"].rows if r["prospect"]["id"] == home.prospect.pk)
    assert mine["place"]["key"] == f"unit-{u2.pk}"
    assert shown.context["plan"].locks == [(home.prospect.name, mine["place"]["label"])]


def test_a_county_document_applies_to_its_county_only(client, world, other):
    home = world
    platform = rules.in_effect("matching", region=home.county)
    county_doc = new_costs(home.users["official"], platform, region=home.county)
    assert county_doc.status == Status.ACTIVE
    assert services.run_matching(home.users["official"], home.county).rules == county_doc
    assert services.run_matching(other.users["official"], other.county).rules == platform


def test_a_saved_run_never_changes_and_keeps_its_document(world):
    home = world
    run = services.run_matching(home.users["official"], home.county)
    saved = save_run(home.users["official"], home.county, run)
    saved.total_cost = 0
    with pytest.raises(ValidationError):
        saved.save()
    assert saved.rules.is_used()
    with pytest.raises((ValidationError, ProtectedError)):
        saved.rules.delete()


# --- permissions ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, world):
    run = services.run_matching(world.users["official"], world.county)
    saved = save_run(None, world.county, run)
    for response in (
        client.get(reverse("matching:run", args=[saved.pk])),
        save(client, world.county),
    ):
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assert MatchingRun.objects.count() == 1


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
def test_wrong_roles_may_not_save_nor_open_saved_runs(client, world, role):
    saved = save_run(None, world.county, services.run_matching(world.users["admin"], world.county))
    client.force_login(world.users[role])
    assert save(client, world.county).status_code == 403
    assert client.get(reverse("matching:run", args=[saved.pk])).status_code == 403
    assert MatchingRun.objects.count() == 1


@pytest.mark.parametrize("role", ["official", "investment"])
def test_other_county_may_not_save_nor_open(client, world, other, role):
    saved = save_run(None, world.county, services.run_matching(world.users["admin"], world.county))
    client.force_login(other.users[role])
    assert save(client, world.county).status_code == 404
    assert save(client, other.county, park=world.park.pk).status_code == 404
    assert client.get(reverse("matching:run", args=[saved.pk])).status_code == 404
    index = client.get(reverse("matching:index"))
    assert saved not in list(index.context["page"])
    assert MatchingRun.objects.count() == 1


@pytest.mark.parametrize("role", ["official", "investment", "admin"])
def test_right_roles_save_and_open(client, world, role):
    client.force_login(world.users[role])
    index = client.get(reverse("matching:index")).content.decode()
    assert "Save this matching" in index
    response = save(client, world.county)
    saved = MatchingRun.objects.get()
    assert saved.region == world.county
    assert client.get(response["Location"]).status_code == 200
    listed = client.get(reverse("matching:index"))
    assert saved in list(listed.context["page"])


def test_park_managers_see_the_live_plan_without_saving(client, world):
    client.force_login(world.users["park_manager"])
    page = client.get(reverse("matching:park", args=[world.park.pk])).content.decode()
    assert "Save this matching" not in page
    assert rules.in_effect("matching", region=world.county).label in page
