"""The demo county's evaluation campaign: created on load, published, idempotent."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from microparks.apps.audit.models import AuditEntry
from microparks.apps.evaluation.models import Campaign, Result
from microparks.demo.evaluation import load_demo_evaluation
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
