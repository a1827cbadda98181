"""The demo county's evaluation campaign: created on load, published, idempotent."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from microparks.apps.audit.models import AuditEntry
from microparks.apps.evaluation.models import Campaign, Result
from microparks.demo.evaluation import RETURNED, load_demo_evaluation
from microparks.demo.load import load_demo

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        yield load_demo().demo
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_demo_campaign_for_the_latest_year(demo):
    campaign = Campaign.objects.get(region__code=demo.county.code)
    assert campaign.year == demo.years[-1]
    assert campaign.scheme == "huangyan"
    assert campaign.status == Campaign.Status.PUBLISHED
    assert campaign.objection_deadline is not None
    results = Result.objects.filter(campaign=campaign)
    classes = set(results.values_list("evaluation_class", flat=True))
    assert {"A", "B", "C", "D"} <= classes
    assert results.count() + len(campaign.skipped) >= 40
    assert len({r.inputs_hash for r in results}) == 1


def test_reloading_writes_nothing(demo):
    before = AuditEntry.objects.count()
    stamps = list(Result.objects.order_by("pk").values_list("pk", "updated_at"))
    load_demo_evaluation(demo)
    assert AuditEntry.objects.count() == before
    assert list(Result.objects.order_by("pk").values_list("pk", "updated_at")) == stamps


def test_three_tenants_are_on_the_unfiled_list_one_reminded(demo, client):
    from django.urls import reverse

    from microparks.apps.accounts.models import User
    from microparks.apps.evaluation.models import Reminder, Submission
    from microparks.apps.evaluation.reminders import unfiled_firms

    campaign = Campaign.objects.get(region__code=demo.county.code)
    unfiled = unfiled_firms(campaign)
    assert len(unfiled) == 3
    assert {u.filing for u in unfiled} == {Submission.Status.RETURNED}
    assert sum(u.reminded_at is not None for u in unfiled) == 1
    assert Reminder.objects.filter(campaign=campaign).count() == 1
    # Their records stand: every tenant is still evaluated.
    evaluated = set(Result.objects.filter(campaign=campaign).values_list("enterprise", flat=True))
    assert {u.enterprise.pk for u in unfiled} <= evaluated
    client.force_login(User.objects.get(username="demo_official"))
    page = client.get(reverse("evaluation:unfiled", args=[campaign.pk]))
    assert page.status_code == 200
    assert all(u.enterprise.name in page.content.decode() for u in unfiled)
    comments = Submission.objects.filter(year=campaign.year).values_list("comment", flat=True)
    assert sorted(comments) == sorted(RETURNED)  # what the reviewer asked each to change
