"""The impact page takes jobs and wages from quarterly employment records when a year has them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.labour.models import EmploymentRecord
from microparks.apps.parks.models import Lease

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_table(settings: Any) -> None:
    settings.IMPACT_TABLE = ""
    settings.IMPACT_CONCORDANCE = ""


def _quarter(county: Any, quarter: int, headcount: int, wage: str, **more: Any) -> None:
    values: dict[str, Any] = {
        "enterprise": county.enterprise,
        "park": county.park,
        "year": 2024,
        "quarter": quarter,
        "headcount": headcount,
        "local": headcount - 10,
        "poverty_alleviated": 5,
        "wage_cny": Decimal(wage),
    }
    EmploymentRecord.objects.create(**(values | more))


def _second_tenant(county: Any) -> Any:
    firm = Enterprise.objects.create(
        credit_code="91450101MA5L000033",
        name="second firm",
        industry=county.enterprise.industry,
        region=county.township,
        size=Enterprise.Size.SMALL,
    )
    Lease.objects.create(enterprise=firm, park=county.park, site=county.site,
                         land_area_m2=1000, start_date=dt.date(2022, 1, 1))  # fmt: skip
    values = {f: getattr(county.record, f) for f in (
        "output_cny", "value_added_cny", "revenue_cny", "tax_cny", "electricity_kwh",
        "energy_tce", "water_t")}  # fmt: skip
    AnnualRecord.objects.create(enterprise=firm, year=2024, jobs=20, local_jobs=15,
                                rural_jobs=10, wages_cny=900_000, **values)  # fmt: skip
    return firm


def _page(client: Any, county: Any) -> Any:
    client.force_login(county.users["official"])
    return client.get(reverse("impact:county"), HTTP_ACCEPT_LANGUAGE="en")


def test_without_records_the_annual_records_are_used_and_said(
    client: Any, home: Any, no_table: None
) -> None:
    _quarter(home, 1, 100, "4000", year=2023)  # another year: not used for 2024
    response = _page(client, home)
    page = response.context["page"]
    assert page.jobs_from_records == 0
    assert page.result.table.loc["jobs", "direct"] == 80
    assert page.result.table.loc["income", "direct"] == 3_600_000
    assert "are from the tenants' annual records" in response.content.decode()


def test_records_replace_jobs_and_wages_of_the_firms_that_filed(
    client: Any, home: Any, other: Any, no_table: None
) -> None:
    _second_tenant(home)  # 20 jobs, 900,000 CNY wages, no quarterly records
    _quarter(home, 1, 100, "4000")
    _quarter(home, 2, 110, "4100")
    _quarter(other, 1, 999, "9000")  # another county: not counted
    response = _page(client, home)
    page = response.context["page"]
    assert (page.tenants, page.jobs_from_records) == (2, 1)
    # direct jobs: 110 (latest quarter) + 20; wages: 3 × (100×4000 + 110×4100) + 900,000
    assert page.result.table.loc["jobs", "direct"] == 130
    assert page.result.table.loc["income", "direct"] == 2_553_000 + 900_000
    assert page.local_jobs == 100 + 15  # the records' latest local figure, the annual one
    assert page.rural_jobs == 50 + 10  # rural jobs stay those of the annual records
    assert "Jobs and wages of 1 of 2 tenants are from their quarterly employment records" in (
        response.content.decode()
    )
    chinese = client.get(reverse("impact:county"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "2家入园企业中，1家的就业与工资取自用工季报" in chinese.content.decode()
