"""Tenants, campaigns and results for the evaluation tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.evaluation.models import Campaign
from microparks.apps.parks.models import Lease
from microparks.core.codes import calc_credit_code_check
from microparks.core.units import M2_PER_MU as MU

#: A plausible annual record as a tenant types it into the portal (text, base units).
FIGURES = {
    "output_cny": "12000000",
    "value_added_cny": "3000000",
    "revenue_cny": "11000000",
    "tax_cny": "500000",
    "jobs": "60",
    "local_jobs": "50",
    "rural_jobs": "30",
    "wages_cny": "3000000",
    "electricity_kwh": "400000",
    "energy_tce": "60",
    "water_t": "2500",
    "rd_spend_cny": "200000",
}


def credit_code(i: int) -> str:
    first = f"91450100{i:09d}"
    return first + calc_credit_code_check(first)


def add_tenant(county: Any, i: int, tax_cny: float, year: int = 2024, **firm: Any) -> Enterprise:
    """A tenant of the county's park on 10 mu with a record for ``year``."""
    enterprise = Enterprise.objects.create(
        credit_code=credit_code(i),
        name=f"tenant {i}",
        industry=county.enterprise.industry,
        region=county.township,
        size=Enterprise.Size.SMALL,
        **firm,
    )
    Lease.objects.create(
        enterprise=enterprise,
        park=county.park,
        site=county.site,
        land_area_m2=10 * MU,
        start_date=dt.date(2020, 1, 1),
        rent_cny_per_year=100_000,
    )
    AnnualRecord.objects.create(
        enterprise=enterprise,
        year=year,
        output_cny=10_000_000,
        value_added_cny=2_500_000,
        revenue_cny=9_000_000,
        tax_cny=tax_cny,
        jobs=50,
        local_jobs=40,
        rural_jobs=30,
        wages_cny=2_000_000,
        electricity_kwh=1_000_000,
        energy_tce=100,
        water_t=2000,
    )
    return enterprise


def campaign(county: Any, scheme: str = "huaian", year: int = 2024, **kw: Any) -> Campaign:
    return Campaign.objects.create(region=county.county, year=year, scheme=scheme, **kw)


def refused(response: Any) -> list[tuple[int, str, str, str]]:
    """The row problems a refused import's job page lists: (row, column, value, reason).

    The upload was followed to the job's page: the job failed, nothing was imported, and each
    problem names the row and column as the file has them.
    """
    job = response.context["job"]
    assert job.status == "failed", job.message
    assert job.result["note"] == "Nothing was imported."
    return [(p["row"], p["field"], p["value"], p["reason"]) for p in response.context["problems"]]
