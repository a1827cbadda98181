"""The demo county's spending history: deterministic, idempotent, and on the impact page."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry
from microparks.apps.impact.models import Spending
from microparks.apps.impact.readiness import idle_stock
from microparks.demo.generate import generate_demo
from microparks.demo.load import load_demo
from microparks.demo.spending import demo_spending, load_demo_spending

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        report = load_demo()
        yield report
        transaction.set_rollback(True)


def test_history_is_deterministic_and_plausible(loaded):
    demo = loaded.demo
    rows = demo_spending(demo)
    assert rows == demo_spending(generate_demo())
    total = sum(rows.values())
    invest = sum(p.public_investment_cny for p in demo.parks)
    assert invest < total < 2 * invest  # building the parks dominates, running costs follow
    first_open = min(p.opened_date.year for p in demo.parks)
    assert min(year for _park, year, _c in rows) == first_open - 1
    assert {c for _p, _y, c in rows} == set(Spending.Category.values)
    assert Spending.objects.filter(region__code=demo.county.code).count() == len(rows)


def test_reload_writes_nothing(loaded):
    audit = AuditEntry.objects.count()
    assert load_demo_spending(loaded.demo) == 0
    assert AuditEntry.objects.count() == audit


def test_official_sees_cost_benefit(loaded, client):
    official = next(a for a in loaded.accounts if a.role == "official")
    client.login(username=official.username, password=official.password)
    response = client.get(reverse("impact:county"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    p = response.context["programme"]
    assert p is not None
    assert p.gross.total_cost == pytest.approx(float(sum(demo_spending(loaded.demo).values())))
    assert p.gross.cost_per_job > 0
    assert any("count no tax" in n for n in p.notes)  # years before the records start
    assert "Programme cost–benefit" in response.content.decode()
    zh = client.get(reverse("impact:county"))
    assert zh.status_code == 200


def test_idle_stock_of_the_deployment(loaded):
    stock = idle_stock()
    code = loaded.demo.county.code
    assert list(stock.index) == [code]  # only counties with an inventory: others not known
    available = [s for s in loaded.demo.sites if s.status in ("idle", "assessing", "planned")]
    assert stock.loc[code, "idle_land_m2"] == pytest.approx(sum(s.land_area_m2 for s in available))
    assert stock.loc[code, "sites"] == len(available)
