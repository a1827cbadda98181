"""Shared fixtures: two counties ("home" and "other"), each with a park, a tenant, records,
a ticket, a prospect, and one user per role, so every view can be tested for
anonymous / wrong role / other region / right role."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

POLYGON = {
    "type": "Polygon",
    "coordinates": [
        [[110.0, 25.0], [110.002, 25.0], [110.002, 25.002], [110.0, 25.002], [110.0, 25.0]]
    ],
}

# Real published unified social credit codes (check characters verified by GB 32100).
CODES = {
    "home": "91330100799655058B",  # 阿里巴巴(中国)有限公司
    "other": "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
}


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Skip tests that need ../shared/data when it is absent (CI requires it)."""
    if SHARED_DATA.exists():
        return
    skip = pytest.mark.skip(reason=f"{SHARED_DATA} is absent")
    for item in items:
        if "shared_data" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    """In CI nothing may be skipped: a skipped database or browser test hides a failure."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; failing the run", red=True)
        session.exitstatus = 1


@dataclass
class County:
    """One county's objects and users."""

    county: Any
    township: Any
    park: Any
    site: Any
    enterprise: Any
    lease: Any
    record: Any
    ticket: Any
    prospect: Any
    department: Any
    users: dict[str, Any]


def make_county(tag: str, code: str, credit_code: str, industry: Any) -> County:
    from microparks.apps.accounts.models import Department, User
    from microparks.apps.attraction.models import Prospect
    from microparks.apps.base import Role
    from microparks.apps.enterprises.models import AnnualRecord, Enterprise
    from microparks.apps.parks.models import Lease, Park
    from microparks.apps.regions.models import Region
    from microparks.apps.servicedesk.models import Ticket
    from microparks.apps.sites.models import Site

    county = Region.objects.create(
        code=code,
        name=f"{tag} county",
        level=Region.Level.COUNTY,
        population=300000,
        rural_population=200000,
    )
    township = Region.objects.create(
        code=code + "101", name=f"{tag} town", level=Region.Level.TOWNSHIP, parent=county
    )
    park = Park.objects.create(code=f"{tag}-P1", name=f"{tag} park", region=township)
    site = Site.objects.create(
        code=f"{tag}-S1",
        name=f"{tag} factory",
        kind=Site.Kind.VACANT_FACTORY,
        region=township,
        park=park,
        geometry=POLYGON,
        land_area_m2=20000,
        floor_area_m2=8000,
        condition=Site.Condition.FAIR,
        status=Site.Status.IN_PARK,
    )
    enterprise = Enterprise.objects.create(
        credit_code=credit_code,
        name=f"{tag} firm",
        industry=industry,
        region=township,
        size=Enterprise.Size.SMALL,
    )
    lease = Lease.objects.create(
        enterprise=enterprise,
        park=park,
        site=site,
        land_area_m2=6667,
        start_date=date(2022, 1, 1),
    )
    record = AnnualRecord.objects.create(
        enterprise=enterprise,
        year=2024,
        output_cny=10_000_000,
        value_added_cny=2_500_000,
        revenue_cny=9_000_000,
        tax_cny=400_000,
        jobs=80,
        local_jobs=70,
        rural_jobs=50,
        wages_cny=3_600_000,
        electricity_kwh=500_000,
        energy_tce=61.5,
        water_t=3000,
    )
    department = Department.objects.create(name=f"{tag} power office", region=county)
    ticket = Ticket.objects.create(
        enterprise=enterprise,
        park=park,
        category=Ticket.Category.ELECTRICITY,
        title=f"{tag} power",
        description="Need a transformer upgrade",
        department=department,
        received_at=datetime(2024, 5, 6, 9, 0).astimezone(),
    )
    prospect = Prospect.objects.create(
        name=f"{tag} project",
        company_name=f"{tag} newco",
        industry=industry,
        region=county,
        target_park=park,
        source=Prospect.Source.RELOCATION,
    )
    users: dict[str, Any] = {}
    for role in Role:
        user = User.objects.create_user(
            username=f"{tag}_{role.value}",
            password="pw-Test-12345",
            role=role.value,
            region=county
            if role in (Role.OFFICIAL, Role.INVESTMENT, Role.LABOUR_SERVICE)
            else None,
            department=department if role == Role.HANDLER else None,
            enterprise=enterprise if role == Role.ENTERPRISE else None,
            is_staff=role in (Role.ADMIN, Role.OFFICIAL),
        )
        if role == Role.PARK_MANAGER:
            user.parks.add(park)
        users[role.value] = user
    return County(
        county, township, park, site, enterprise, lease, record, ticket, prospect, department, users
    )


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    """PBKDF2's default cost makes every fixture user take a second to create."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _jobs_run_synchronously(settings: Any) -> None:
    """Background jobs run at once in tests; tests of the worker thread set "thread"."""
    settings.JOBS_MODE = "sync"


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Any:
    """Messages raised outside a request are checked in English; requests still negotiate
    their language (zh-hans by default) through LocaleMiddleware."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def industry(db: Any) -> Any:
    """A GB/T 4754 class node with its parents (section C, manufacturing)."""
    from microparks.apps.industries.models import Industry

    section, _ = Industry.objects.get_or_create(
        code="C", defaults={"name": "制造业", "level": Industry.Level.SECTION}
    )
    division, _ = Industry.objects.get_or_create(
        code="13", defaults={"name": "农副食品加工业", "level": "division", "parent": section}
    )
    return division


@pytest.fixture
def home(db: Any, industry: Any) -> County:
    """The user's own county."""
    return make_county("home", "450101", CODES["home"], industry)


@pytest.fixture
def other(db: Any, industry: Any) -> County:
    """A second county whose data the home users must never see."""
    return make_county("other", "450202", CODES["other"], industry)
