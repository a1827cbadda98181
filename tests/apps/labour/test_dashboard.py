"""The labour dashboard: figures per quarter, wages against rural income, vacancies, shed, scope."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.events_models import EventHire, LabourEvent
from microparks.apps.labour.models import EmploymentRecord, Vacancy
from microparks.apps.parks.models import Lease, Park
from microparks.apps.suitability.models import LabourShed, ShedFigure

pytestmark = pytest.mark.django_db
URL = reverse("labour:dashboard")


def _firm(county: Any, n: int, park: Any = None) -> Any:
    firm = Enterprise.objects.create(
        credit_code=f"91450101MA{n:07d}X",
        name=f"firm {n:03d}",
        industry=county.enterprise.industry,
        region=county.township,
        size=Enterprise.Size.SMALL,
    )
    Lease.objects.create(
        enterprise=firm,
        park=park or county.park,
        site=county.site,
        land_area_m2=1000,
        start_date=dt.date(2022, 1, 1),
    )
    return firm


def _record(firm: Any, park: Any, year: int, quarter: int, headcount: int, **more: Any) -> Any:
    values = {"local": headcount * 3 // 4, "poverty_alleviated": headcount // 10}
    return EmploymentRecord.objects.create(
        enterprise=firm,
        park=park,
        year=year,
        quarter=quarter,
        headcount=headcount,
        wage_cny=Decimal(more.pop("wage", 4000)),
        **(values | more),
    )


def _vacancy(county: Any, number: int, days_old: int, **more: Any) -> Vacancy:
    vacancy = Vacancy.objects.create(
        enterprise=county.enterprise,
        park=county.park,
        post="普工",
        number=number,
        wage_min_cny=3500,
        wage_max_cny=4500,
        shifts=Vacancy.Shifts.DAY,
        start_date=dt.date(2026, 1, 1),
        contact_phone="0771-1234567",
        **more,
    )
    old = timezone.now() - dt.timedelta(days=days_old)
    Vacancy.objects.filter(pk=vacancy.pk).update(created_at=old)
    return vacancy


def _chart(response: Any) -> dict[str, Any]:
    html = response.content.decode()
    start = html.index('<script id="labour-chart" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])  # type: ignore[no-any-return]


@pytest.fixture
def second_park(home: Any) -> Any:
    """A second park of the home county, which the home park manager does not manage."""
    return Park.objects.create(code="home-P2", name="home second park", region=home.township)


def test_jobs_by_park_and_township_per_quarter_with_local_share(client: Any, home: Any) -> None:
    _record(home.enterprise, home.park, 2025, 3, 80, local=60, poverty_alleviated=12)
    _record(home.enterprise, home.park, 2025, 4, 100, local=75, poverty_alleviated=15)
    other_firm = _firm(home, 2)
    _record(other_firm, home.park, 2025, 4, 20, local=20, poverty_alleviated=5)
    client.force_login(home.users["official"])
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("劳动力看板", "本县籍", "元/月", "元/年", "（人）", "（%）"):
        assert label in html, label
    chart = _chart(response)
    assert chart["quarters"] == ["2025Q3", "2025Q4"]
    assert chart["townships"] == [{"name": "home town", "jobs": [80, 120]}]
    assert chart["local_share"] == [75.0, 79.2]  # 60/80; 95/120 = 0.792
    assert chart["poverty_share"] == [15.0, pytest.approx(16.7)]
    board = response.context["board"]
    (line,) = board.parks
    assert (line.park, line.township, line.jobs) == (home.park, "home town", [80, 120])


def test_wages_against_the_county_rural_income_per_year(client: Any, home: Any) -> None:
    home.county.rural_income_cny = 14_000
    home.county.rural_income_year = 2025
    home.county.save()
    _record(home.enterprise, home.park, 2025, 4, 90, wage=3000)
    _record(_firm(home, 2), home.park, 2025, 4, 10, wage=8000)
    client.force_login(home.users["official"])
    response = client.get(URL)
    (line,) = response.context["board"].parks
    assert line.wage.wage_cny_month == Decimal("3500.00")  # weighted by headcount
    assert line.wage.wage_cny_year == Decimal("42000.00")
    assert line.wage.ratio == Decimal("3.00")
    assert _chart(response)["ratios"] == [3.0]
    assert 'id="no-income"' not in response.content.decode()
    home.county.rural_income_cny = None
    home.county.save()
    response = client.get(URL)
    assert response.context["board"].parks[0].wage.ratio is None
    assert 'id="no-income"' in response.content.decode()


def test_unmet_vacancies_and_those_open_thirty_days(client: Any, home: Any) -> None:
    _vacancy(home, 5, days_old=2)
    _vacancy(home, 3, days_old=45)
    _vacancy(home, 7, days_old=60, status=Vacancy.Status.FILLED)  # not open: not counted
    client.force_login(home.users["investment"])
    response = client.get(URL)
    (line,) = response.context["board"].parks
    assert (line.vacancies, line.open_posts, line.stale_vacancies, line.stale_posts) == (2, 8, 1, 3)
    assert (response.context["open_posts"], response.context["stale_posts"]) == (8, 3)


def test_labour_shed_per_park_from_the_newest_shed(client: Any, home: Any) -> None:
    client.force_login(home.users["official"])
    assert 'id="no-shed"' in client.get(URL).content.decode()
    shed = LabourShed.objects.create(
        region=home.county,
        pool_label="2025 v1",
        roads_layer="roads",
        roads_sha256="0" * 64,
        minutes=[15.0, 30.0, 45.0],
        speed_kmh=30,
        access_speed_kmh=5,
        inputs_sha256="1" * 64,
    )
    ShedFigure.objects.create(shed=shed, park=home.park, labour=[310.4, 1200.0, 4550.5])
    response = client.get(URL)
    assert response.context["board"].parks[0].shed == [310, 1200, 4551]
    assert "2025 v1" in response.content.decode()


def test_hires_at_events_count_in_the_quarter_of_the_event(client: Any, home: Any) -> None:
    _record(home.enterprise, home.park, 2025, 4, 100)
    event = LabourEvent.objects.create(
        region=home.county,
        kind=LabourEvent.Kind.JOB_FAIR,
        title="春风行动",
        start_date=dt.date(2025, 11, 20),
        organiser="县人社局",
        attended=300,
    )
    EventHire.objects.create(event=event, enterprise=home.enterprise, hired=12)
    second = Park.objects.create(code="home-P2", name="home second park", region=home.township)
    Lease.objects.create(  # a second lease of the firm: its hires still count once
        enterprise=home.enterprise,
        park=second,
        site=home.site,
        land_area_m2=500,
        start_date=dt.date(2023, 1, 1),
    )
    client.force_login(home.users["official"])
    (total,) = client.get(URL).context["board"].totals
    assert (total.quarter, total.hires_from_events) == ((2025, 4), 12)


def test_a_park_manager_sees_only_their_parks(client: Any, home: Any, second_park: Any) -> None:
    _record(home.enterprise, home.park, 2025, 4, 100)
    _record(_firm(home, 2, second_park), second_park, 2025, 4, 999)
    client.force_login(home.users["official"])
    parks = [line.park for line in client.get(URL).context["board"].parks]
    assert parks == [home.park, second_park]  # by name
    client.force_login(home.users["park_manager"])
    response = client.get(URL)
    assert [line.park for line in response.context["board"].parks] == [home.park]
    assert response.context["board"].totals[0].headcount == 100
    assert "home second park" not in response.content.decode()


def test_another_county_is_never_shown(client: Any, home: Any, other: Any) -> None:
    _record(home.enterprise, home.park, 2025, 4, 100)
    client.force_login(other.users["official"])
    response = client.get(URL)
    assert response.context["county"] == other.county
    assert "home park" not in response.content.decode()
    assert client.get(URL, {"county": home.county.code}).status_code == 404
    client.force_login(home.users["park_manager"])
    assert client.get(URL, {"county": other.county.code}).status_code == 404
    client.force_login(home.users["admin"])
    assert client.get(URL, {"county": other.county.code}).context["county"] == other.county


@pytest.mark.parametrize("role", ["enterprise", "handler"])
def test_roles_without_the_dashboard_get_403(client: Any, home: Any, role: str) -> None:
    client.force_login(home.users[role])
    assert client.get(URL).status_code == 403


def test_linked_from_the_labour_pages(client: Any, home: Any) -> None:
    client.force_login(home.users["official"])
    link = f'href="{URL}"'
    for name in ("labour:pool", "labour:vacancy_list", "labour:record_list"):
        assert link in client.get(reverse(name)).content.decode(), name


def _queries(client: Any, home: Any, first: int, firms: int) -> int:
    for n in range(first, first + firms):
        firm = _firm(home, 100 + n)
        for quarter in (3, 4):
            _record(firm, home.park, 2025, quarter, 10 + n)
    client.force_login(home.users["park_manager"])
    client.get(URL)  # the session's first request reads more (the login's own rows)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_3_and_30_firms(client: Any, home: Any) -> None:
    few = _queries(client, home, 0, 3)
    assert _queries(client, home, 3, 27) == few  # 30 firms now
