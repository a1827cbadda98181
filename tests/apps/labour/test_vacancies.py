"""Vacancies (岗位需求): filed in the portal or by the management body, listed, printed, flagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from microparks.apps.labour.models import Vacancy
from microparks.apps.labour.vacancies import flag_stale_vacancies, is_stale, poster_text
from microparks.apps.servicedesk.models import Ticket

pytestmark = pytest.mark.django_db
LIST = reverse("labour:vacancy_list")
NEW = reverse("labour:vacancy_new")

FORM = {
    "post": "缝纫工",
    "number": 12,
    "skills": "会用平车",
    "wage_min_cny": 3500,
    "wage_max_cny": 4500,
    "shifts": "two",
    "housing": "on",
    "start_date": "2026-07-01",
    "contact_phone": "0771-1234567",
}


def _vacancy(county: Any, **more: Any) -> Vacancy:
    values: dict[str, Any] = {
        "enterprise": county.enterprise,
        "park": county.park,
        "post": "包装工",
        "number": 5,
        "wage_min_cny": 3000,
        "wage_max_cny": 3800,
        "shifts": "day",
        "start_date": dt.date(2026, 7, 1),
        "contact_phone": "0771-7654321",
        "filed_by": county.users["enterprise"],
    }
    return Vacancy.objects.create(**(values | more))


def test_a_firm_files_its_vacancy_in_the_portal(client: Any, home: Any) -> None:
    client.force_login(home.users["enterprise"])
    response = client.post(NEW, {**FORM, "lease": home.lease.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    vacancy = Vacancy.objects.get()
    assert (vacancy.enterprise, vacancy.park, vacancy.number) == (home.enterprise, home.park, 12)
    assert (vacancy.housing, vacancy.shuttle, vacancy.status) == (True, False, "open")
    assert vacancy.filed_by == home.users["enterprise"]
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "缝纫工" in page
    assert "3,500–4,500 元/月" in page


def test_a_firm_cannot_file_for_another_firms_lease(client: Any, home: Any, other: Any) -> None:
    client.force_login(home.users["enterprise"])
    response = client.post(NEW, {**FORM, "lease": other.lease.pk})
    assert response.status_code == 200  # the form again: that lease is not a choice
    assert "lease" in response.context["form"].errors
    assert Vacancy.objects.count() == 0


def test_a_wage_range_upside_down_is_refused(client: Any, home: Any) -> None:
    client.force_login(home.users["park_manager"])
    response = client.post(NEW, {**FORM, "lease": home.lease.pk, "wage_min_cny": 5000})
    assert "wage_max_cny" in response.context["form"].errors
    assert Vacancy.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "sees_home", "may_file"),
    [
        ("official", True, True),
        ("investment", True, False),
        ("park_manager", True, True),
        ("enterprise", True, True),
        ("admin", True, True),
    ],
)
def test_who_sees_and_files(
    client: Any, home: Any, other: Any, role: str, sees_home: bool, may_file: bool
) -> None:
    mine, theirs = _vacancy(home), _vacancy(other, post="别县岗位")
    client.force_login(home.users[role])
    shown = {i["vacancy"].pk for i in client.get(LIST).context["items"]}
    assert shown == ({mine.pk, theirs.pk} if role == "admin" else {mine.pk})
    assert (client.get(NEW).status_code == 200) is may_file
    if role != "admin":
        poster = reverse("labour:vacancy_poster", args=[theirs.pk])
        assert client.get(poster).status_code == 404


def test_handlers_have_no_access(client: Any, home: Any) -> None:
    vacancy = _vacancy(home)
    client.force_login(home.users["handler"])
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("labour:vacancy_poster", args=[vacancy.pk])).status_code == 403


def test_status_changes_only_by_those_who_may(client: Any, home: Any) -> None:
    vacancy = _vacancy(home)
    url = reverse("labour:vacancy_status", args=[vacancy.pk])
    client.force_login(home.users["investment"])
    assert client.post(url, {"status": "filled"}).status_code == 403
    client.force_login(home.users["enterprise"])
    assert client.post(url, {"status": "filled"}).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"


def test_the_poster_holds_a_qr_code_of_the_vacancy(client: Any, home: Any) -> None:
    vacancy = _vacancy(home)
    client.force_login(home.users["official"])
    page = client.get(
        reverse("labour:vacancy_poster", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "<svg" in page
    assert "包装工" in page
    assert "0771-7654321" in page
    assert "<script" not in page
    assert "style=" not in page
    text = poster_text(vacancy)
    assert "包装工 × 5" in text
    assert "0771-7654321" in text
    assert "2026-07-01" in text


def test_a_vacancy_open_30_days_becomes_one_service_case(home: Any) -> None:
    fresh = _vacancy(home, post="新岗位")
    stale = _vacancy(home)
    filled = _vacancy(home, post="已招满", status="filled")
    month_ago = timezone.now() - dt.timedelta(days=31)
    Vacancy.objects.filter(pk__in=[stale.pk, filled.pk]).update(created_at=month_ago)
    stale.refresh_from_db()
    assert is_stale(stale)
    assert not is_stale(fresh)
    tickets, skipped = flag_stale_vacancies()
    assert skipped == []
    (ticket,) = tickets
    assert (ticket.category, ticket.enterprise, ticket.park) == (
        Ticket.Category.LABOUR,
        home.enterprise,
        home.park,
    )
    assert "包装工 × 5" in ticket.title
    stale.refresh_from_db()
    assert stale.case == ticket
    call_command("flag_vacancies")  # once only
    assert Ticket.objects.filter(category=Ticket.Category.LABOUR).count() == 1


def test_the_list_costs_the_same_queries_whatever_its_length(client: Any, home: Any) -> None:
    client.force_login(home.users["official"])
    client.get(LIST)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(LIST)
        return len(captured.captured_queries)

    _vacancy(home)
    few = queries()
    for i in range(20):
        _vacancy(home, post=f"岗位{i}")
    assert queries() == few


def test_a_tenancy_that_ended_takes_no_vacancy(client: Any, home: Any) -> None:
    home.lease.end_date = dt.date(2023, 12, 31)
    home.lease.save(update_fields=["end_date"])
    client.force_login(home.users["enterprise"])
    response = client.post(NEW, {**FORM, "lease": home.lease.pk})
    assert "lease" in response.context["form"].errors
    assert Vacancy.objects.count() == 0
