"""Employment records (用工季报): filing, previous-quarter flags, who may, the impact figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.models import EmploymentRecord
from microparks.apps.labour.records import file_record, jobs_and_wages
from microparks.apps.parks.models import Lease

pytestmark = pytest.mark.django_db
LIST = reverse("labour:record_list")
NEW = reverse("labour:record_new")
FORM = {
    "year": 2026,
    "quarter": 1,
    "headcount": 100,
    "local": 80,
    "poverty_alleviated": 15,
    "wage_cny": "4000",
}


def _record(county: Any, enterprise: Any = None, **more: Any) -> EmploymentRecord:
    values: dict[str, Any] = {
        "enterprise": enterprise or county.enterprise,
        "park": county.park,
        "year": 2026,
        "quarter": 1,
        "headcount": 100,
        "local": 80,
        "poverty_alleviated": 15,
        "wage_cny": Decimal(4000),
    }
    return EmploymentRecord.objects.create(**(values | more))


def _firm(county: Any, name: str, credit_code: str) -> Any:
    firm = Enterprise.objects.create(
        credit_code=credit_code,
        name=name,
        industry=county.enterprise.industry,
        region=county.township,
        size=Enterprise.Size.SMALL,
    )
    Lease.objects.create(
        enterprise=firm,
        park=county.park,
        site=county.site,
        land_area_m2=1000,
        start_date=dt.date(2022, 1, 1),
    )
    return firm


def edit_url(record: EmploymentRecord) -> str:
    return reverse("labour:record_edit", args=[record.pk])


def test_a_firm_files_its_quarter_in_the_portal(client: Any, home: Any) -> None:
    client.force_login(home.users["enterprise"])
    form = client.get(NEW, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for label in ("用工人数", "本县籍员工", "脱贫户员工", "月平均工资（元）", "季度"):
        assert label in form
    response = client.post(NEW, {**FORM, "lease": home.lease.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    record = EmploymentRecord.objects.get()
    assert (record.enterprise, record.park, record.year, record.quarter) == (
        home.enterprise,
        home.park,
        2026,
        1,
    )
    assert (record.headcount, record.local, record.poverty_alleviated) == (100, 80, 15)
    assert record.wage_cny == Decimal("4000.00")
    assert record.filed_by == home.users["enterprise"]
    assert record.filed_at is not None
    assert record.flags == []  # no previous quarter
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "home firm" in page
    assert "80 (80%)" in page  # local share
    assert "15 (15%)" in page  # 脱贫 share
    assert "2026年第1季度" in page
    assert "用工季报" in page


def test_a_firm_files_only_its_own_tenancy(client: Any, home: Any, other: Any) -> None:
    client.force_login(home.users["enterprise"])
    response = client.post(NEW, {**FORM, "lease": other.lease.pk})
    assert response.status_code == 200
    assert "lease" in response.context["form"].errors
    neighbour = _firm(home, "neighbour firm", "91450101MA5L000009")
    lease = Lease.objects.get(enterprise=neighbour)
    response = client.post(NEW, {**FORM, "lease": lease.pk})
    assert "lease" in response.context["form"].errors
    assert EmploymentRecord.objects.count() == 0
    # … and does not see nor correct the neighbour's record
    theirs = _record(home, neighbour)
    assert client.get(edit_url(theirs)).status_code == 404
    assert "neighbour firm" not in client.get(LIST).content.decode()


def test_the_park_manager_files_and_corrects_for_a_tenant(client: Any, home: Any) -> None:
    client.force_login(home.users["park_manager"])
    assert client.post(NEW, {**FORM, "lease": home.lease.pk}).status_code == 302
    record = EmploymentRecord.objects.get()
    response = client.post(edit_url(record), {**FORM, "headcount": 90, "revision_seen": 1})
    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert (record.headcount, record.revision) == (90, 2)
    assert record.filed_by == home.users["park_manager"]


def test_a_correction_on_an_old_revision_is_refused(client: Any, home: Any) -> None:
    record = _record(home)
    record.headcount = 95
    record.save()  # someone else: revision 2
    client.force_login(home.users["official"])
    response = client.post(edit_url(record), {**FORM, "headcount": 90, "revision_seen": 1})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    record.refresh_from_db()
    assert record.headcount == 95


def test_other_county_and_other_roles(client: Any, home: Any, other: Any) -> None:
    ours, theirs = _record(home), _record(other)
    client.force_login(home.users["official"])
    assert client.get(edit_url(theirs)).status_code == 404
    page = client.get(LIST).content.decode()
    assert f'id="record-{ours.pk}"' in page
    assert f'id="record-{theirs.pk}"' not in page
    response = client.post(NEW, {**FORM, "lease": other.lease.pk})
    assert "lease" in response.context["form"].errors
    client.force_login(home.users["investment"])  # reads, may not change
    assert client.get(LIST).status_code == 200
    assert client.get(edit_url(ours)).status_code == 403
    assert client.get(NEW).status_code == 403
    client.force_login(home.users["handler"])
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.get(edit_url(ours)).status_code == 403


def test_a_jump_against_the_previous_quarter_is_flagged_not_refused(client: Any, home: Any) -> None:
    _record(home, year=2025, quarter=4, headcount=100, wage_cny=Decimal(4000))
    client.force_login(home.users["enterprise"])
    data = {**FORM, "lease": home.lease.pk, "headcount": 140, "wage_cny": "5100"}
    response = client.post(NEW, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    record = EmploymentRecord.objects.get(year=2026, quarter=1)  # stored all the same
    assert [f["field"] for f in record.flags] == ["headcount", "wage_cny"]
    shown = [str(m) for m in response.context["messages"]]
    assert "Headcount 140 against 100 in the previous quarter (+40%, more than ±30%)." in shown
    assert (
        "Average wage 5,100 CNY against 4,000 CNY in the previous quarter (+28%, more than ±25%)."
        in shown
    )
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Headcount 140 against 100" in page
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "用工人数140人，上季度100人（+40%，变动超过±30%）。" in page


def test_correcting_a_quarter_refreshes_the_next_quarters_flags(home: Any) -> None:
    user = home.users["official"]
    q1 = file_record(EmploymentRecord(enterprise=home.enterprise, park=home.park, year=2026,
                                      quarter=1, headcount=100, local=50, poverty_alleviated=5,
                                      wage_cny=Decimal(4000)), user)  # fmt: skip
    q2 = file_record(EmploymentRecord(enterprise=home.enterprise, park=home.park, year=2026,
                                      quarter=2, headcount=140, local=50, poverty_alleviated=5,
                                      wage_cny=Decimal(4000)), user)  # fmt: skip
    assert [f["field"] for f in q2.flags] == ["headcount"]
    q1.headcount = 120  # 140 against 120 is +17 %
    file_record(q1, user)
    q2.refresh_from_db()
    assert q2.flags == []


def test_hard_errors_are_refused_naming_the_field(client: Any, home: Any) -> None:
    client.force_login(home.users["enterprise"])
    response = client.post(NEW, {**FORM, "lease": home.lease.pk, "local": 101})
    assert "local" in response.context["form"].errors
    response = client.post(NEW, {**FORM, "lease": home.lease.pk, "wage_cny": "0"})
    assert "wage_cny" in response.context["form"].errors
    assert EmploymentRecord.objects.count() == 0
    bad = EmploymentRecord(enterprise=home.enterprise, park=home.park, year=2026, quarter=1,
                           headcount=10, local=5, poverty_alleviated=11,
                           wage_cny=Decimal(3000))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        file_record(bad, home.users["official"])
    assert list(refused.value.message_dict) == ["poverty_alleviated"]


def test_one_record_per_firm_and_quarter(client: Any, home: Any) -> None:
    _record(home)
    client.force_login(home.users["enterprise"])
    response = client.post(NEW, {**FORM, "lease": home.lease.pk})
    assert "quarter" in response.context["form"].errors
    with pytest.raises(IntegrityError), transaction.atomic():
        _record(home)
    assert EmploymentRecord.objects.count() == 1


@pytest.mark.parametrize(
    "values",
    [
        {"local": 101},
        {"poverty_alleviated": 101},
        {"wage_cny": Decimal(0)},
        {"quarter": 5},
        {"wage_cny": Decimal(1_000_001)},
    ],
)
def test_the_database_keeps_the_checks(home: Any, values: dict[str, Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _record(home, **values)


def test_the_list_filters_by_year_quarter_and_park(client: Any, home: Any) -> None:
    a = _record(home, year=2026, quarter=1)
    b = _record(home, year=2026, quarter=2)
    c = _record(home, year=2025, quarter=2)
    client.force_login(home.users["official"])

    def shown(**query: Any) -> set[int]:
        items = client.get(LIST, query).context["items"]
        return {item["record"].pk for item in items}

    assert shown() == {a.pk, b.pk, c.pk}
    assert shown(year=2026) == {a.pk, b.pk}
    assert shown(quarter=2) == {b.pk, c.pk}
    assert shown(year=2026, quarter=2, park=home.park.pk) == {b.pk}
    assert shown(park=home.park.pk + 1000) == set()


def test_the_list_costs_the_same_queries_whatever_its_length(client: Any, home: Any) -> None:
    client.force_login(home.users["official"])
    client.get(LIST)  # the session's first request reads more

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(LIST)
        return len(captured.captured_queries)

    _record(home, flags=[{"field": "headcount", "template": "Headcount %(now)s after none in "
                          "the previous quarter.", "params": {"now": 5}}])  # fmt: skip
    few = queries()
    for i in range(20):
        _record(home, year=2000 + i, quarter=2, filed_by=home.users["official"])
    assert queries() == few


def test_jobs_and_wages_from_three_firms_over_two_quarters(home: Any, other: Any) -> None:
    second = _firm(home, "second firm", "91450101MA5L000017")
    third = _firm(home, "third firm", "91450101MA5L000025")
    figures = [  # firm, quarter, headcount, local, 脱贫, wage
        (home.enterprise, 1, 100, 80, 10, "4000"),
        (home.enterprise, 2, 110, 85, 12, "4100"),
        (second, 1, 50, 40, 5, "3000"),
        (second, 2, 40, 30, 4, "3200"),
        (third, 2, 20, 20, 2, "5000.50"),  # files Q2 and Q3
        (third, 3, 25, 22, 3, "5000.50"),
    ]
    for firm, quarter, headcount, local, poor, wage in figures:
        _record(home, firm, quarter=quarter, headcount=headcount, local=local,
                poverty_alleviated=poor, wage_cny=Decimal(wage))  # fmt: skip
    _record(other, year=2026, quarter=1, headcount=999)  # another county: not counted
    _record(home, year=2025, quarter=4, headcount=777)  # another year: not counted
    result = jobs_and_wages(home.county, 2026)
    assert result is not None
    # latest quarter of each firm: 110 + 40 + 25 = 175; local 85 + 30 + 22; 脱贫 12 + 4 + 3
    assert (result.firms, result.quarters, result.direct_jobs) == (3, 6, 175)
    assert (result.local_jobs, result.poverty_alleviated_jobs) == (137, 19)
    # 3 × (100×4000 + 110×4100 + 50×3000 + 40×3200 + 20×5000.50 + 25×5000.50)
    #   = 3 × (400000 + 451000 + 150000 + 128000 + 100010 + 125012.50) = 3 × 1354022.50
    assert result.wage_income_cny == Decimal("4062067.50")
    assert jobs_and_wages(home.township, 2026) == result  # a township's parks alike
    assert jobs_and_wages(home.county, 2024) is None


def test_the_form_proposes_the_quarter_ended_last(client: Any, home: Any) -> None:
    from unittest import mock

    client.force_login(home.users["enterprise"])
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 2, 10)):
        form = client.get(NEW).context["form"]
    assert (form.initial["year"], form.initial["quarter"]) == (2025, 4)
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 8, 1)):
        form = client.get(NEW).context["form"]
    assert (form.initial["year"], form.initial["quarter"]) == (2026, 2)
