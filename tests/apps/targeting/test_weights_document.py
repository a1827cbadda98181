"""The targeting page's weights come from the rules document in effect for the county.

The page names the document; a new version applies at once (the cached panel does not hold
the weights); a positioning decision records the weights document it was made with.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry
from microparks.apps.industries.services import load_industries
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.apps.targeting import inputs
from microparks.io.rules import dump_yaml, load_yaml
from tests.apps.targeting.helpers import no_deployment_files, write_employment

pytestmark = pytest.mark.django_db

LABOUR_ONLY = {
    "density": 0,
    "cog": 0,
    "labour_fit": 1,
    "endowment_fit": 0,
    "chain_fit": 0,
    "national_growth": 0,
}


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    yield from no_deployment_files(settings, tmp_path)


@pytest.fixture
def full(db, home, other, settings):
    load_industries()
    write_employment(settings, [home.county.code, other.county.code])


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def county_weights(official, county, weights=None) -> RulesDocument:
    """The county's own targeting weights, drafted by ``official`` and made active."""
    data = load_yaml(rules.in_effect("targeting", region=county).content)
    data["weights"] = weights or LABOUR_ONLY
    draft = rules.Draft(
        kind="targeting",
        name="county",
        title="County targeting weights",
        content=dump_yaml(data),
        region=county,
    )
    latest = RulesDocument.objects.filter(kind="targeting", name="county", region=county).first()
    return rules.activate(official, rules.save_draft(official, draft, parent=latest))


def page_of(client):
    response = client.get(reverse("targeting:county"))
    assert response.status_code == 200
    return response


def test_the_page_uses_and_names_the_document_in_effect(client, home, full):
    shipped = rules.in_effect("targeting", region=home.county)
    client.force_login(home.users["investment"])
    response = page_of(client)
    page = response.context["page"]
    assert page.weights_document == shipped
    assert page.weights == rules.parse(shipped)
    assert shipped.label in response.content.decode()


def test_a_new_county_version_applies_to_the_county_at_once(client, home, other, full):
    client.force_login(home.users["official"])
    before = page_of(client).context["page"]
    assert inputs._panel.cache_info().currsize == 1  # the panel is cached …
    mine = county_weights(home.users["official"], home.county)
    response = page_of(client)
    page = response.context["page"]
    assert inputs._panel.cache_info().currsize == 1  # … and not recomputed for new weights
    assert page.weights_document == mine
    assert mine.label in response.content.decode()
    ranked = page.table[page.table["rank"].notna()]
    assert list(ranked["score"]) == pytest.approx(list(ranked["labour_fit"]))
    assert not page.table["score"].equals(before.table["score"])
    # a second version replaces the first
    newer = county_weights(
        home.users["official"], home.county, {**LABOUR_ONLY, "cog": 0.5, "labour_fit": 0.5}
    )
    assert newer.version == 2
    assert page_of(client).context["page"].weights_document == newer
    # the other county still uses the platform's weights
    client.force_login(other.users["official"])
    assert page_of(client).context["page"].weights_document.region is None


def _post(client, county, **data):
    url = reverse("targeting:add_positioning", args=[county.park.pk])
    return client.post(url, {"industry": "15", **data})


def _recorded(county):
    entry = AuditEntry.objects.get(
        model="parks.park", object_id=str(county.park.pk), changes__source="targeting"
    )
    return entry.changes["weights_document"]


def test_a_positioning_decision_records_the_weights_shown(client, home, full):
    client.force_login(home.users["official"])
    shown = page_of(client).context["page"].weights_document
    html = client.get(reverse("targeting:park", args=[home.park.pk])).content.decode()
    assert f'name="weights" value="{shown.pk}"' in html
    county_weights(home.users["official"], home.county)  # activated after the page was shown
    _post(client, home, weights=shown.pk)
    record = _recorded(home)
    assert (record["id"], record["version"], record["sha256"]) == (shown.pk, 1, shown.sha256)
    assert record["kind"] == "targeting"


def test_a_decision_without_a_valid_shown_document_records_the_one_in_effect(
    client, home, other, full
):
    theirs = county_weights(other.users["official"], other.county)
    draft = rules.save_draft(
        home.users["official"],
        rules.Draft(
            kind="targeting",
            name="trial",
            title="Trial",
            content=dump_yaml({"weights": LABOUR_ONLY}),
            region=home.county,
        ),
    )
    in_effect = rules.in_effect("targeting", region=home.county)
    client.force_login(home.users["official"])
    for bogus in (theirs.pk, draft.pk, "x", ""):
        AuditEntry.objects.filter(model="parks.park").delete()
        home.park.positioning.clear()
        _post(client, home, weights=bogus)
        assert _recorded(home)["id"] == in_effect.pk, bogus
