"""Loading the demo county: validated, idempotent, and what the summary and scoping expect."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import override_settings

from microparks.apps.accounts.models import Department, User
from microparks.apps.attraction.models import Prospect
from microparks.apps.audit.models import AuditEntry
from microparks.apps.base import Role
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.parks.models import Lease, Park, ParkUnit
from microparks.apps.parks.services import summarize
from microparks.apps.regions.models import Region
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.sites.models import Site
from microparks.demo import DEFAULT_SEED
from microparks.demo.load import STEPS, load_demo

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MODELS = [
    Region,
    Department,
    Park,
    Site,
    ParkUnit,
    Enterprise,
    Lease,
    AnnualRecord,
    User,
    Prospect,
    Ticket,
]


def snapshot():
    """Every row of the loaded models, timestamps included, plus the audit log's length."""
    rows = {m._meta.label: list(m.objects.order_by("pk").values()) for m in MODELS}
    rows["m2m"] = [
        sorted(Park.positioning.through.objects.values_list("park_id", "industry_id")),
        sorted(User.parks.through.objects.values_list("user_id", "park_id")),
    ]
    rows["audit"] = AuditEntry.objects.count()
    return rows


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo twice (inside a transaction rolled back after the module)."""
    steps = []
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        first = load_demo(progress=lambda step, done, total: steps.append((step, done, total)))
        before = snapshot()
        second = load_demo()
        after = snapshot()
        yield {"first": first, "second": second, "before": before, "after": after, "steps": steps}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_first_load_creates_everything(loaded):
    report = loaded["first"]
    assert report.seed == DEFAULT_SEED
    assert report.fingerprint == report.demo.fingerprint()
    assert report.industries > 1900
    counts = report.counts
    assert counts["parks.Park"].created == 5
    assert counts["sites.Site"].created == 60
    assert counts["enterprises.Enterprise"].created == 47
    assert counts["parks.Lease"].created == 45
    assert counts["accounts.User"].created == 7  # one per role
    assert counts["servicedesk.Ticket"].created == 40
    assert counts["attraction.Prospect"].created == 20
    assert all(c.updated == 0 and c.deleted == 0 for c in counts.values())
    assert loaded["steps"][-1] == ("cleanup", len(STEPS), len(STEPS))
    assert {a.role for a in report.accounts} == set(Role.values)  # an account per role
    assert [s for s, _, _ in loaded["steps"]] == list(STEPS)


def test_second_load_changes_nothing(loaded):
    second = loaded["second"]
    assert not second.changed
    assert all(c.created == c.updated == c.deleted == 0 for c in second.counts.values())
    assert loaded["before"] == loaded["after"]  # same rows, ids, timestamps; no audit entries


def test_summary_after_loading(loaded):
    demo = loaded["first"].demo
    figures = summarize()
    latest = [r for r in demo.records if r.year == demo.years[-1]]
    assert figures.parks == 5
    assert figures.tenants == 45
    assert figures.year == demo.years[-1]
    assert figures.jobs == sum(r.jobs for r in latest) > 3000
    assert figures.rural_jobs <= figures.local_jobs <= figures.jobs
    assert figures.tax_cny == pytest.approx(sum(float(r.tax_cny) for r in latest))
    assert figures.land_in_use_m2 == pytest.approx(sum(x.land_area_m2 for x in demo.leases))
    assert [y.year for y in figures.trend] == list(demo.years)


def test_every_loaded_row_passes_full_clean(loaded):
    county = Region.objects.get(code=loaded["first"].demo.county.code)
    regions = county.descendant_ids()
    querysets = [
        Region.objects.filter(pk__in=regions),
        Site.objects.filter(region__in=regions),
        Park.objects.filter(region__in=regions),
        ParkUnit.objects.filter(park__region__in=regions),
        Enterprise.objects.filter(region__in=regions),
        Lease.objects.filter(park__region__in=regions),
        AnnualRecord.objects.filter(enterprise__region__in=regions),
        Prospect.objects.filter(region__in=regions),
        Ticket.objects.filter(park__region__in=regions),
        User.objects.filter(username__startswith="demo_"),
    ]
    for qs in querysets:
        assert qs.exists()
        for obj in qs:
            obj.full_clean()


def test_demo_accounts_sign_in_and_see_their_scope(loaded):
    demo = loaded["first"].demo
    users = {u.username: User.objects.get(username=u.username) for u in demo.users}
    for u in demo.users:
        assert users[u.username].check_password(u.password)
    assert Park.objects.restrict(users["demo_official"]).count() == 5
    assert set(Park.objects.restrict(users["demo_manager"]).values_list("code", flat=True)) == {
        demo.parks[0].code,
        demo.parks[1].code,
    }
    mine = Enterprise.objects.restrict(users["demo_enterprise"])
    assert list(mine.values_list("credit_code", flat=True)) == [
        users["demo_enterprise"].enterprise.credit_code
    ]
    handled = Ticket.objects.restrict(users["demo_handler"])
    assert handled.exists()
    assert set(handled.values_list("department__name", flat=True)) == {"青岚供电所"}
    assert users["demo_admin"].is_superuser
    assert Prospect.objects.restrict(users["demo_investment"]).count() == 20
    labour = users["demo_labour"]  # the county's job seekers; no firm, no firm's figures
    assert labour.region.code == demo.county.code
    assert not Enterprise.objects.restrict(labour).exists()
    assert not AnnualRecord.objects.restrict(labour).exists()


def test_reload_repairs_edits_and_removes_strays(loaded):
    demo = loaded["first"].demo
    site = Site.objects.get(code=demo.sites[0].code)
    site.name = "edited"
    site.save()
    Ticket.objects.filter(park__region__parent__code=demo.county.code).order_by(
        "pk"
    ).first().delete()
    stray = Prospect.objects.create(
        name="stray project",
        company_name="stray co",
        industry=Enterprise.objects.first().industry,
        region=Region.objects.get(code=demo.county.code),
        source=Prospect.Source.OTHER,
    )
    user = User.objects.get(username="demo_official")
    user.set_password("changed-password-1")
    user.save()
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        report = load_demo()
    assert report.counts["sites.Site"].updated == 1
    assert report.counts["servicedesk.Ticket"].created == 1
    assert report.counts["attraction.Prospect"].deleted == 1
    assert not Prospect.objects.filter(pk=stray.pk).exists()
    assert Site.objects.get(code=demo.sites[0].code).name == demo.sites[0].name
    assert User.objects.get(username="demo_official").check_password(demo.users[1].password)


def test_another_seed_replaces_the_demo_county(loaded):
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        report = load_demo(seed=DEFAULT_SEED + 1)
    counts = report.counts
    assert counts["enterprises.Enterprise"].deleted == 47
    assert counts["enterprises.Enterprise"].created == 47
    county = Region.objects.get(code=report.demo.county.code)
    assert Enterprise.objects.filter(region__in=county.descendant_ids()).count() == 47
    figures = summarize(on=dt.date(2026, 1, 1))
    assert figures.parks == 5
    assert figures.tenants == 45
    assert figures.jobs == sum(r.jobs for r in report.demo.records if r.year == 2025)


def test_demo_county_is_scored_once_for_suitability(loaded):
    """The suitability pages have layers, a ranking and vetoes to show right after loading;
    the second load replaced the layers but added no scoring job."""
    from microparks.apps.suitability.models import ContextLayer, ScoringJob

    county = Region.objects.get(code=loaded["first"].demo.county.code)
    assert set(ContextLayer.objects.filter(region=county).values_list("name", flat=True)) >= {
        "roads",
        "substations",
        "ecological_red_line",
    }
    job = ScoringJob.objects.get(region=county)  # exactly one after two loads
    assert job.status == ScoringJob.Status.DONE, job.message
    scores = job.scores.all()
    assert scores.count() == Site.objects.filter(region__in=county.descendant_ids()).count()
    ranked = sorted(s.rank for s in scores if not s.vetoed)
    assert ranked == list(range(1, len(ranked) + 1))
    assert scores.filter(vetoed=True).exists()  # some assets sit in protected land


def test_demo_county_has_its_labour_shed_once(loaded):
    """The site and park pages show the labour within reach right after loading: one shed,
    a row for every site and park, from the county's register; the reload kept it."""
    from microparks.apps.suitability.models import LabourShed

    county = Region.objects.get(code=loaded["first"].demo.county.code)
    shed = LabourShed.objects.get(region=county)  # exactly one after two loads
    sites = Site.objects.filter(region__in=county.descendant_ids())
    figures = shed.figures.all()
    assert figures.filter(site__isnull=False).count() == sites.count()
    assert (
        figures.filter(park__isnull=False).count()
        == sites.exclude(park=None).values("park").distinct().count()
    )
    assert list(shed.minutes) == [15, 30, 45]
    rows = [f.labour for f in figures]
    assert all(a <= b <= c for a, b, c in rows)  # more minutes never reach fewer workers
    assert any(c > 0 for _a, _b, c in rows)
