"""A result re-renders from the rules version it used, after a new version is put into effect."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from microparks.apps.evaluation.models import Result
from microparks.apps.evaluation.services import publish_campaign, run_evaluation
from microparks.apps.rules import services
from microparks.apps.rules.services import Draft
from tests.apps.evaluation.helpers import add_tenant, campaign

pytestmark = pytest.mark.django_db

HUAIAN_CHANGED = {"weight: 45}": "weight: 60}", "weight: 35}": "weight: 20}"}


def _table(html: str) -> str:
    """The sheet's table of indicators, weights and scores."""
    match = re.search(r"<table class=\"data\">.*?</table>", html, re.S)
    assert match is not None
    return match.group(0)


def _new_platform_version(admin, kind: str, name: str, changes: dict[str, str]):
    current = services.in_effect(kind, name=name)
    content = current.content
    for old, new in changes.items():
        assert old in content
        content = content.replace(old, new)
    draft = Draft(kind, name, current.title, content, source=current.source, note="test")
    newer = services.save_draft(admin, draft, parent=current)
    return services.activate(admin, newer)


def test_a_published_evaluation_sheet_never_changes_after_the_scheme_does(client, home):
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)
    published = campaign(home)
    run_evaluation(published, home.users["official"])
    publish_campaign(published, home.users["official"], dt.date.today())
    result = Result.objects.get(campaign=published, enterprise__name="tenant 2")
    url = reverse("evaluation:result_detail", args=[result.pk])
    client.force_login(home.users["official"])
    before = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">45<" in _table(before)

    newer = _new_platform_version(home.users["admin"], "evaluation", "huaian", HUAIAN_CHANGED)
    assert newer.version == 2

    after = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _table(after) == _table(before)
    published.refresh_from_db()
    assert published.rules.version == 1
    # Re-running a published campaign keeps the version it was published with.
    run_evaluation(published, home.users["official"])
    rerun = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _table(rerun) == _table(before)
    # A new campaign takes the version now in effect.
    assert campaign(home, year=2025).rules == newer


def test_a_draft_campaign_runs_with_the_version_in_effect(home):
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)
    draft = campaign(home)
    run_evaluation(draft, home.users["official"])
    newer = _new_platform_version(home.users["admin"], "evaluation", "huaian", HUAIAN_CHANGED)
    run_evaluation(draft, home.users["official"])
    draft.refresh_from_db()
    assert draft.rules == newer
    weights = Result.objects.filter(campaign=draft).first().weights
    assert weights[0] == {"indicator": "tax_per_mu", "weight": 60.0, "cap": None}


def _admission_section(html: str) -> str:
    match = re.search(r'<section class="card" id="admission">.*?</section>', html, re.S)
    assert match is not None
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", match.group(0))


def test_an_admission_decision_re_renders_after_new_rules(client, home):
    from microparks.apps.admission.services import run_admission
    from tests.apps.attraction.helpers import declare

    declare(home.prospect)
    decision = run_admission(home.prospect, home.users["investment"])
    # a signed prospect keeps its decision (new rules re-check only the prospects not yet signed)
    home.prospect.stage = "signed"
    home.prospect.save()
    url = reverse("attraction:prospect_detail", args=[home.prospect.pk])
    client.force_login(home.users["investment"])
    before = _admission_section(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())

    newer = _new_platform_version(
        home.users["admin"], "admission", "default", {"limit: 0.3": "limit: 0.001"}
    )
    after = _admission_section(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert after == before
    decision.refresh_from_db()
    assert decision.rules.version == 1
    again = run_admission(home.prospect, home.users["investment"])
    assert again.rules == newer
    assert again.outcome == "reject"
