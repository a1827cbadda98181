"""The demo's employment services: invented job seekers (encrypted, masked) and the designation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse

from microparks.apps.accounts.models import User
from microparks.apps.audit.models import AuditEntry
from microparks.apps.labour.jobseekers_models import JobSeeker
from microparks.apps.labour.workshop_models import WorkshopRun
from microparks.apps.regions.models import Region
from microparks.core.labour.personal import valid_id_number
from microparks.demo.labour_services import SEEKERS, load_demo_labour_services
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


def test_the_demo_registers_its_invented_job_seekers_encrypted(loaded: Any) -> None:
    county = Region.objects.get(code=loaded.demo.county.code)
    seekers = list(JobSeeker.objects.filter(region=county))
    assert sorted(s.name for s in seekers) == sorted(row[0] for row in SEEKERS)
    assert all(s.consent_by.username == "demo_labour" for s in seekers)
    assert all(valid_id_number(s.id_number) for s in seekers if s.id_number)
    assert sum(1 for s in seekers if s.id_number) == sum(1 for row in SEEKERS if row[3])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone, id_number FROM {JobSeeker._meta.db_table}")
        stored = " ".join(" ".join(row) for row in cursor.fetchall())
    assert all(row[1] not in stored for row in SEEKERS)  # no phone in clear text


def test_the_designation_is_run_for_each_year_with_records(loaded: Any) -> None:
    county = Region.objects.get(code=loaded.demo.county.code)
    runs = WorkshopRun.objects.filter(region=county).order_by("year")
    assert [(r.year, r.number) for r in runs] == [(2024, 1), (2025, 1)]
    assert all(r.firms > 0 and r.designated > 0 and r.total_cny > 0 for r in runs)


def test_a_reload_writes_nothing(loaded: Any) -> None:
    audit = AuditEntry.objects.count()
    assert load_demo_labour_services(loaded.demo) == 0
    assert AuditEntry.objects.count() == audit


def test_the_demo_officer_sees_the_register_masked(loaded: Any, client: Any) -> None:
    client.force_login(User.objects.get(username="demo_labour"))
    page = client.get(reverse("labour:seeker_list"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    text = page.content.decode()
    assert "139****0101" in text
    assert "13907730101" not in text
