"""The demo county's labour market: records, vacancies, events; idempotent; on the dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry
from microparks.apps.labour.events_models import EventHire, LabourEvent
from microparks.apps.labour.models import EmploymentRecord, Vacancy
from microparks.apps.regions.models import Region
from microparks.demo.labour_market import RURAL_INCOME_CNY, load_demo_labour_market
from microparks.demo.load import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        report = load_demo()
        yield report
        transaction.set_rollback(True)


def test_the_demo_has_records_vacancies_events_and_income(loaded: Any) -> None:
    demo = loaded.demo
    county = Region.objects.get(code=demo.county.code)
    assert (county.rural_income_cny, county.rural_income_year) == (RURAL_INCOME_CNY, 2025)
    records = EmploymentRecord.objects.filter(park__region__parent=county)
    firms = {r.credit_code for r in demo.records if r.year in (2024, 2025)}
    assert records.values("enterprise").distinct().count() == len(firms)
    assert set(records.values_list("year", "quarter")) == {
        (y, q) for y in (2024, 2025) for q in (1, 2, 3, 4)
    }
    for record in records:
        assert record.local <= record.headcount
        assert 2000 < record.wage_cny < 9000
    vacancies = Vacancy.objects.filter(park__region__parent=county, status="open")
    assert vacancies.count() == 2 * len(demo.parks)
    events = LabourEvent.objects.filter(region=county)
    assert set(events.values_list("kind", flat=True)) == {"job_fair", "training"}
    assert EventHire.objects.filter(event__region=county).count() >= 10


def test_a_reload_writes_nothing(loaded: Any) -> None:
    audit = AuditEntry.objects.count()
    assert load_demo_labour_market(loaded.demo) == 0
    assert AuditEntry.objects.count() == audit


def test_the_official_sees_the_dashboard_filled(loaded: Any, client: Any) -> None:
    official = next(a for a in loaded.accounts if a.role == "official")
    client.login(username=official.username, password=official.password)
    response = client.get(reverse("labour:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    board = response.context["board"]
    assert len(board.parks) == len(loaded.demo.parks)
    assert len(board.quarters) == 8
    assert board.totals[-1].headcount > 1000
    assert any(t.hires_from_events for t in board.totals)
    ratios = [line.wage.ratio for line in board.parks if line.wage]
    assert ratios
    assert all(2 < r < 6 for r in ratios)  # ~4,000 元/月 × 12 against 14,630 元/年
    assert response.context["stale_posts"] > 0  # some vacancies are open over 30 days
    assert all(line.shed[0] is not None for line in board.parks)  # the demo's shed
