"""The rule-set admin: official of the park's county edits versions; validation on save."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microparks.apps.admission.models import RuleSet
from microparks.io.admission import DEFAULT_RULE_SET

pytestmark = pytest.mark.django_db
TEXT = DEFAULT_RULE_SET.read_text(encoding="utf-8")


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def add_url():
    return reverse("admin:admission_ruleset_add")


def test_add_form_starts_from_the_default_rules(client, home):
    client.force_login(home.users["official"])
    page = client.get(add_url())
    assert page.status_code == 200
    assert page.context["adminform"].form.initial["text"] == TEXT


def test_official_saves_a_version_for_their_park(client, home):
    client.force_login(home.users["official"])
    response = client.post(add_url(), {"park": home.park.pk, "text": TEXT, "notes": ""})
    assert response.status_code == 302
    saved = RuleSet.objects.get()
    assert (saved.version, saved.created_by, saved.active) == (
        "2026.2",
        home.users["official"],
        False,
    )


def test_malformed_rules_are_refused_in_the_form(client, home):
    client.force_login(home.users["official"])
    response = client.post(add_url(), {"park": home.park.pk, "text": "name: x\nversion: ["})
    assert response.status_code == 200
    assert "not valid YAML" in str(response.context["adminform"].form.errors["text"])
    assert not RuleSet.objects.exists()


def test_official_cannot_pick_another_countys_park(client, home, other):
    client.force_login(home.users["official"])
    response = client.post(add_url(), {"park": other.park.pk, "text": TEXT})
    assert response.status_code == 200
    assert "park" in response.context["adminform"].form.errors


def test_activate_action(client, home):
    rules = RuleSet(park=home.park, text=TEXT)
    rules.full_clean()
    rules.save()
    client.force_login(home.users["official"])
    response = client.post(
        reverse("admin:admission_ruleset_changelist"),
        {"action": "activate", "_selected_action": [rules.pk]},
    )
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.active


def test_other_county_official_does_not_see_the_rules(client, home, other):
    rules = RuleSet(park=home.park, text=TEXT)
    rules.full_clean()
    rules.save()
    client.force_login(other.users["official"])
    page = client.get(reverse("admin:admission_ruleset_changelist"))
    assert list(page.context["cl"].result_list) == []
    change = client.get(reverse("admin:admission_ruleset_change", args=[rules.pk]))
    assert change.status_code == 302


def test_decisions_are_read_only_in_the_admin(client, home):
    client.force_login(home.users["admin"])
    assert client.get(reverse("admin:admission_decision_add")).status_code == 403
    assert client.get(reverse("admin:admission_decision_changelist")).status_code == 200
