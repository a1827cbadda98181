"""Activating admission rules re-checks the open prospects: in the request when few, else as a
background job with progress whose page lists the changed decisions (issue 18, task C item 3).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from microparks.apps.admission import gate
from microparks.apps.admission.services import latest_decision
from microparks.apps.attraction import rechecks
from microparks.apps.attraction.models import Prospect
from microparks.apps.jobs.models import Job
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.apps.rules.services import Draft, in_effect_changed
from tests.apps.attraction.helpers import declare, to_stage

pytestmark = pytest.mark.django_db
S = Prospect.Stage
STRICT = {"limit: 0.3": "limit: 0.001"}  # the rule that admits with conditions now rejects


def _two_open(home) -> list[Prospect]:
    """The county's prospect and a copy, both negotiating, admitted with conditions."""
    first = to_stage(home.prospect, S.NEGOTIATING)
    second = Prospect.objects.get(pk=first.pk)
    second.pk = None
    second.name = "second project"
    second.save()
    for p in (first, second):
        declare(p)
        assert gate.recheck(p).outcome == "admit_with_conditions"
    return [first, second]


def _strict_draft(home) -> RulesDocument:
    platform = rules.in_effect("admission")
    text = platform.content
    for old, new in STRICT.items():
        text = text.replace(old, new)
    official = home.users["official"]
    draft = Draft("admission", "county", "County rules", text, region=home.county)
    return rules.save_draft(official, draft, parent=platform)


def test_few_prospects_are_rechecked_in_the_request(home):
    [first, second] = _two_open(home)
    with translation.override("zh-hans"):
        _doc, lines = rules.activate_reporting(home.users["official"], _strict_draft(home))
    assert not Job.objects.filter(kind=rechecks.JOB).exists()
    assert f"{first.name}：有条件准入 → 不予准入" in lines
    assert latest_decision(second).outcome == "reject"


def test_many_prospects_are_rechecked_by_one_job_listing_the_changes(home, monkeypatch):
    monkeypatch.setattr(rechecks, "IN_REQUEST", 1)
    [first, second] = _two_open(home)
    official = home.users["official"]
    draft = _strict_draft(home)
    client = Client()  # zh-hans
    client.force_login(official)
    page = client.post(f"/rules/{draft.pk}/status/", {"action": "activate"}, follow=True)
    body = page.content.decode()
    [job] = Job.objects.filter(kind=rechecks.JOB)
    assert f"#{job.pk}" in body  # said on the rules page, which links to the job
    assert f'href="/jobs/{job.pk}/"' in body
    # the job ran (at once in tests) and changed both decisions
    assert (job.status, job.progress) == (Job.Status.DONE, 100)
    assert (job.result["checked"], job.result["changed"]) == (2, 2)
    assert latest_decision(first).outcome == latest_decision(second).outcome == "reject"
    # its page lists them, old → new, in the reader's language, with links
    shown = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "已复核 2 个未签约项目；2 个结论有变化。" in shown
    assert f"{first.name}：有条件准入 → 不予准入" in shown
    assert f'href="/pipeline/{second.pk}/"' in shown
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(official)
    assert "Admit with conditions → Reject" in english.get(f"/jobs/{job.pk}/").content.decode()
    # the signal heard again for the same activation queues no second job
    draft.refresh_from_db()
    in_effect_changed.send(sender=RulesDocument, document=draft, user=official)
    assert Job.objects.filter(kind=rechecks.JOB).count() == 1


def test_no_job_without_the_activation(home, monkeypatch):
    monkeypatch.setattr(rechecks, "IN_REQUEST", 1)
    monkeypatch.setattr("microparks.apps.jobs.runner.jobs_mode", lambda: "worker")  # queued
    _two_open(home)
    draft = _strict_draft(home)

    def activate_then_fail() -> None:
        with transaction.atomic():
            rules.activate_reporting(home.users["official"], draft)
            assert Job.objects.filter(kind=rechecks.JOB, status=Job.Status.QUEUED).count() == 1
            raise RuntimeError("the activation fails after the receivers ran")

    with pytest.raises(RuntimeError):
        activate_then_fail()
    assert not Job.objects.filter(kind=rechecks.JOB).exists()  # atomic: neither was saved
    draft.refresh_from_db()
    assert draft.status == "draft"
