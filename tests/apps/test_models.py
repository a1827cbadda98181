"""Model validation: bad input is rejected naming the field, and nothing is half-saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.parks.models import Lease
from microparks.apps.sites.models import Site
from tests.conftest import POLYGON

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


def test_enterprise_rejects_bad_check_character(home):
    e = Enterprise(
        credit_code="91330100799655058C",
        name="x",
        industry=home.enterprise.industry,
        region=home.township,
        size="small",
    )
    errs = errors_of(e)
    assert list(errs) == ["credit_code"]
    assert "expected B" in errs["credit_code"][0]


def test_credit_code_error_in_chinese(home):
    from django.utils import translation

    e = Enterprise(
        credit_code="91330100799655058C",
        name="x",
        industry=home.enterprise.industry,
        region=home.township,
        size="small",
    )
    with translation.override("zh-hans"):
        errs = errors_of(e)
    assert errs["credit_code"] == ["统一社会信用代码无效：校验码为 C，应为 B"]


def test_enterprise_normalises_code(home):
    e = Enterprise(
        credit_code="914403001922038216",
        name="x",
        industry=home.enterprise.industry,
        region=home.township,
        size="small",
    )
    e.full_clean()
    e.save()
    assert Enterprise.objects.get(pk=e.pk).credit_code == "914403001922038216"


def site(home, **kw) -> Site:
    fields = {
        "code": "S-new",
        "name": "n",
        "kind": "idle_land",
        "region": home.township,
        "geometry": POLYGON,
        "land_area_m2": 1000,
        "condition": "vacant_land",
    }
    fields.update(kw)
    return Site(**fields)


def test_site_rejects_negative_area(home):
    assert "land_area_m2" in errors_of(site(home, land_area_m2=-5))


def test_site_rejects_invalid_polygon(home):
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    errs = errors_of(site(home, geometry=bowtie))
    assert list(errs) == ["geometry"]
    assert "Self-intersection" in errs["geometry"][0]


def test_database_refuses_negative_area_too(home):
    with pytest.raises(IntegrityError), transaction.atomic():
        site(home, land_area_m2=-1).save()
    assert not Site.objects.filter(code="S-new").exists()


def test_record_parts_cannot_exceed_jobs(home):
    rec = home.record
    rec.pk = None
    rec.year = 2025
    rec.local_jobs = rec.jobs + 1
    assert "local_jobs" in errors_of(rec)


def test_lease_site_must_be_in_park(home, other):
    lease = Lease(
        enterprise=home.enterprise,
        park=home.park,
        site=other.site,
        land_area_m2=10,
        start_date=date(2024, 1, 1),
    )
    assert "site" in errors_of(lease)


def test_one_record_per_year(home):
    dup = AnnualRecord.objects.get(pk=home.record.pk)
    dup.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        dup.save()


def test_changes_are_audited(home):
    s = home.site
    s.name = "renamed"
    s.save()
    entry = AuditEntry.objects.filter(model="sites.site", object_id=str(s.pk)).first()
    assert entry.action == "update"
    assert entry.changes["name"] == ["home factory", "renamed"]


def test_a_decimal_written_differently_is_no_change(home):
    """0 set on the instance reads back as 0.00: the audit log (and an edit conflict's list of
    what changed, which reads it) must not call that a change."""
    p = home.prospect
    p.investment_cny = 0
    p.save()
    p = type(p).objects.get(pk=p.pk)
    p.investment_cny = Decimal("0.0")
    p.name = "renamed"
    p.save()
    entry = AuditEntry.objects.filter(model="attraction.prospect", object_id=str(p.pk)).first()
    assert set(entry.changes) == {"name", "revision"}
    p.investment_cny = 1250
    p.save()
    entry = AuditEntry.objects.filter(model="attraction.prospect", object_id=str(p.pk)).first()
    assert entry.changes["investment_cny"] == ["0.00", "1250.00"]


def test_chinese_names_family_name_first(home):
    user = home.users["official"]
    user.first_name, user.last_name = "建国", "韦"
    assert user.get_full_name() == "韦建国"
    user.first_name, user.last_name = "Jane", "Doe"
    assert user.get_full_name() == "Jane Doe"
