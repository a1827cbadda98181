"""Jobs in an evaluation: the mean of the year's employment records, else the annual record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from microparks.apps.evaluation.models import Result
from microparks.apps.evaluation.services import run_evaluation
from microparks.apps.labour.models import EmploymentRecord
from tests.apps.evaluation.helpers import add_tenant, campaign

pytestmark = pytest.mark.django_db


def _quarter(county: Any, quarter: int, headcount: int, year: int = 2024) -> None:
    EmploymentRecord.objects.create(
        enterprise=county.enterprise,
        park=county.park,
        year=year,
        quarter=quarter,
        headcount=headcount,
        local=headcount // 2,
        poverty_alleviated=0,
        wage_cny=Decimal(4000),
    )


def test_jobs_come_from_the_years_records_where_filed(client: Any, home: Any) -> None:
    # The home firm's annual record says 80 jobs; it filed Q1 (100) and Q3 (130) of 2024 and
    # Q4 of 2023 (not the campaign's year). Tenant 1 filed nothing: its annual record's 50.
    _quarter(home, 1, 100)
    _quarter(home, 3, 130)
    _quarter(home, 4, 999, year=2023)
    add_tenant(home, 1, 100_000)
    c = campaign(home, scheme="jingde")
    run_evaluation(c, home.users["official"])
    results = {r.enterprise.name: r for r in Result.objects.filter(campaign=c)}
    firm, tenant = results["home firm"], results["tenant 1"]
    assert firm.inputs["jobs"] == pytest.approx(115.0)
    assert firm.sources == {"jobs": {"source": "employment_records", "quarters": [1, 3]}}
    # labour productivity (万元/person) is value added ÷ the records' mean headcount
    assert firm.indicators["labour_productivity"] == pytest.approx(2_500_000 / 115 / 10_000)
    assert tenant.inputs["jobs"] == pytest.approx(50.0)
    assert tenant.sources == {"jobs": {"source": "annual_record"}}
    client.force_login(home.users["official"])
    url = reverse("evaluation:result_detail", args=[firm.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "mean headcount of the quarterly employment records filed for the year (Q1, Q3)" in page
    other = reverse("evaluation:result_detail", args=[tenant.pk])
    page = client.get(other, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "年度数据" in page  # from the annual record, in Chinese


def test_a_record_filed_after_the_run_leaves_the_result_as_computed(home: Any) -> None:
    _quarter(home, 1, 100)
    c = campaign(home, scheme="jingde")
    run_evaluation(c, home.users["official"])
    _quarter(home, 2, 300)  # filed later: the stored result is what the run used
    result = Result.objects.get(campaign=c, enterprise=home.enterprise)
    assert result.inputs["jobs"] == pytest.approx(100.0)
    assert result.sources["jobs"]["quarters"] == [1]
    run_evaluation(c, home.users["official"])  # a draft run again takes the new quarter in
    result.refresh_from_db()
    assert result.inputs["jobs"] == pytest.approx(200.0)
    assert result.sources["jobs"]["quarters"] == [1, 2]
