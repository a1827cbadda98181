"""``microparks demo --scale N``: the same county N times over, unique keys, scopes kept."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from microparks.apps.accounts.models import User
from microparks.apps.attraction.models import Prospect
from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.evaluation.models import Campaign
from microparks.apps.parks.models import Park
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.sites.models import Site
from microparks.core.codes import is_credit_code
from microparks.demo import generate_demo
from microparks.demo.load import load_demo

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SCALED = ("sites", "parks", "units", "enterprises", "leases", "records", "prospects", "tickets")
SHARED = ("townships", "veto_zones", "departments", "users")


@pytest.fixture(scope="module")
def one():
    return generate_demo()


@pytest.fixture(scope="module")
def two():
    return generate_demo(scale=2)


def test_scale_one_is_the_demo(one):
    assert generate_demo(scale=1).fingerprint() == one.fingerprint()


def test_scale_two_doubles_every_kind(one, two):
    for name in SCALED:
        n1, n2 = len(getattr(one, name)), len(getattr(two, name))
        assert 1.8 * n1 <= n2 <= 2.2 * n1, name  # copies draw their own tenants
    assert len(two.parks) == 2 * len(one.parks)
    assert len(two.sites) == 2 * len(one.sites)
    for name in SHARED:
        assert getattr(two, name) == getattr(one, name), name


def test_the_first_copy_is_the_demo(one, two):
    for name in SCALED:
        assert getattr(two, name)[: len(getattr(one, name))] == getattr(one, name), name


def test_keys_and_names_stay_unique(two):
    def repeated(values):
        return [v for v, n in Counter(values).items() if n > 1]

    assert not repeated(p.code for p in two.parks)
    assert not repeated(p.name for p in two.parks)
    assert not repeated(s.code for s in two.sites)
    assert not repeated(s.name for s in two.sites)
    assert not repeated(e.credit_code for e in two.enterprises)
    assert not repeated(e.name for e in two.enterprises)
    assert not repeated((p.region_code, p.name) for p in two.prospects)
    assert not repeated((u.park_code, u.code) for u in two.units)
    assert all(is_credit_code(e.credit_code) for e in two.enterprises)
    copy = two.parks[len(two.parks) // 2]
    assert copy.code.endswith("-P06")
    assert copy.name.endswith("（2）")


def test_every_reference_resolves(two):
    parks = {p.code for p in two.parks}
    sites = {s.code: s for s in two.sites}
    firms = {e.credit_code for e in two.enterprises}
    assert {s.park_code for s in two.sites} - {None} <= parks
    assert all(sites[c].park_code == p.code for p in two.parks for c in p.site_codes)
    assert all(lease.park_code in parks and lease.credit_code in firms for lease in two.leases)
    assert all(t.park_code in parks and t.credit_code in firms for t in two.tickets)
    assert all(p.target_park_code in parks for p in two.prospects if p.target_park_code)
    assert all(
        sites[p.target_site_code].park_code == p.target_park_code
        for p in two.prospects
        if p.target_site_code
    )
    townships = {t.code for t in two.townships}
    assert {s.region_code for s in two.sites} <= townships


def test_scale_must_be_positive():
    with pytest.raises(ValueError, match="scale"):
        generate_demo(scale=0)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo at scale 3, loaded twice (inside a transaction rolled back afterwards)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        first = load_demo(scale=3)
        audit = AuditEntry.objects.count()
        second = load_demo(scale=3)
        yield {"first": first, "second": second, "audit": audit}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_load_at_scale_three(loaded):
    demo = loaded["first"].demo
    counts = loaded["first"].counts
    assert counts["parks.Park"].created == 15 == Park.objects.count()
    assert counts["sites.Site"].created == 180 == Site.objects.count()
    assert counts["enterprises.Enterprise"].created == len(demo.enterprises)
    assert counts["enterprises.AnnualRecord"].created == len(demo.records)
    assert counts["servicedesk.Ticket"].created == 120
    assert counts["attraction.Prospect"].created == 60
    assert not loaded["second"].changed  # idempotent at scale too
    assert AuditEntry.objects.count() == loaded["audit"]


def test_rows_inserted_together_are_in_the_audit_log(loaded):
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
    for model in (Site, Enterprise, AnnualRecord, Ticket, Prospect):
        logged = created.filter(model=model._meta.label_lower)
        assert logged.count() == model.objects.count()
    record = AnnualRecord.objects.order_by("pk").last()
    entry = created.get(model="enterprises.annualrecord", object_id=str(record.pk))
    assert entry.object_repr == str(record)[:200]
    assert entry.changes["new"]["revision"] == record.revision == 1


def test_every_role_still_sees_only_its_own(loaded):
    demo = loaded["first"].demo
    users = {u.username: User.objects.get(username=u.username) for u in demo.users}
    assert Park.objects.restrict(users["demo_official"]).count() == 15
    assert set(Park.objects.restrict(users["demo_manager"]).values_list("code", flat=True)) == {
        demo.parks[0].code,
        demo.parks[1].code,
    }
    mine = Enterprise.objects.restrict(users["demo_enterprise"])
    assert list(mine) == [users["demo_enterprise"].enterprise]
    handled = Ticket.objects.restrict(users["demo_handler"])
    assert set(handled.values_list("department__name", flat=True)) == {"青岚供电所"}


def test_pages_of_a_copy_open_for_an_official(loaded, client):
    demo = loaded["first"].demo
    client.force_login(User.objects.get(username="demo_official"))
    last = Park.objects.get(code=demo.parks[-1].code)
    campaign = Campaign.objects.get(region__code=demo.county.code)
    assert campaign.status == Campaign.Status.PUBLISHED
    rated = set(campaign.results.values_list("enterprise__credit_code", flat=True))
    assert demo.leases[-1].credit_code in rated  # a tenant of the last copy is evaluated
    for url in (
        reverse("web:park_detail", args=[last.pk]),
        reverse("web:park_list"),
        reverse("evaluation:campaign_detail", args=[campaign.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert last.name.encode() in client.get(reverse("web:park_list")).content


def test_copies_are_numbered_copies(loaded):
    demo = loaded["first"].demo
    first, third = demo.parks[0], demo.parks[10]
    assert third.name == f"{first.name}（3）"
    assert dataclasses.replace(third, code=first.code, name=first.name, site_codes=()) != first


def test_a_smaller_scale_removes_the_extra_copies(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER
    load_demo(scale=2)
    report = load_demo()
    assert report.counts["parks.Park"].deleted == 5
    assert Park.objects.count() == 5
    assert Site.objects.count() == 60
    assert Enterprise.objects.count() == len(report.demo.enterprises)
