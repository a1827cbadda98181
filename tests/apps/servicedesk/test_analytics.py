"""Analytics over a small, hand-counted set of tickets; at-risk flags with reasons."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.analytics import (
    at_risk_tenants,
    chart_data,
    describe,
    ticket_stats,
)
from microparks.apps.servicedesk.models import Ticket
from tests.apps.servicedesk.conftest import at, file_ticket

pytestmark = pytest.mark.django_db
NOW = at(2024, 10, 9, 12)


def HOME() -> Any:
    return Ticket.objects.filter(park__code="home-P1")


def fall(desk: Any) -> None:
    record = AnnualRecord.objects.get(enterprise=desk.enterprise, year=2024)
    record.pk = None
    record.year, record.output_cny = 2023, 20_000_000  # 2024's 10 million is a 50 % fall
    record.save()


@pytest.fixture
def worked(desk: Any) -> Any:
    """T1 closed in 2 working days (rated 4); T2 paused 2 days, closed in 4 (rated 2);
    T3 (water) open past its deadline; plus the fixture's May ticket (open, no deadline)."""
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))

    def work(ticket: Any, done: Any, score: int, ask: Any = None) -> None:
        sv.do_assign(pm, ticket, now=at(2024, 9, 23, 11))
        sv.do_start(handler, ticket, now=at(2024, 9, 23, 12))
        if ask:
            sv.do_ask(handler, ticket, "?", now=ask[0])
            sv.do_answer(firm, ticket, "!", now=ask[1])
        sv.do_respond(handler, ticket, "done", now=done)
        sv.do_rate(firm, ticket, score, now=done)

    work(file_ticket(desk, title="T1"), at(2024, 9, 25, 10), 4)
    work(
        file_ticket(desk, title="T2"),
        at(2024, 9, 30, 10),
        2,
        ask=(at(2024, 9, 24, 10), at(2024, 9, 26, 10)),
    )
    file_ticket(desk, title="T3", category="water")
    return desk


def test_stats_by_category(worked: Any) -> None:
    stats = {s.key: s for s in ticket_stats(HOME(), "category", NOW)}
    power, water = stats["electricity"], stats["water"]
    assert (power.tickets, power.closed, power.on_time, power.settled) == (3, 2, 2, 2)
    assert power.compliance == 1.0
    assert power.closure_rate == pytest.approx(2 / 3)
    assert power.days_to_close == pytest.approx(3.0)  # (2 + 4) / 2 working days
    assert (power.satisfaction, power.rated) == (3.0, 2)
    assert (water.tickets, water.closed, water.settled, water.compliance) == (1, 0, 1, 0.0)
    assert water.days_to_close is None


def test_an_answer_waiting_for_the_rating_is_not_late(worked: Any) -> None:
    pm, handler = worked.users["park_manager"], worked.users["handler"]
    waiting = file_ticket(worked, title="T4", category="permits")
    sv.do_assign(pm, waiting, worked.department, now=at(2024, 9, 23, 11))
    sv.do_start(handler, waiting, now=at(2024, 9, 23, 12))
    sv.do_respond(handler, waiting, "Approved", now=at(2024, 9, 24, 9))
    permits = {s.key: s for s in ticket_stats(HOME(), "category", NOW)}["permits"]
    assert (permits.tickets, permits.closed, permits.settled) == (1, 0, 0)  # NOW is past its due


def test_stats_by_month_department_and_park(worked: Any) -> None:
    months = {s.key: s.tickets for s in ticket_stats(HOME(), "month", NOW)}
    assert months == {"2024-05": 1, "2024-09": 3}
    deps = {s.label: s.tickets for s in ticket_stats(HOME(), "department", NOW)}
    assert deps == {"home power office": 3, "—": 1}
    parks = ticket_stats(HOME(), "park", NOW)
    assert [(s.label, s.tickets) for s in parks] == [("home park", 4)]
    with pytest.raises(ValueError, match="unknown grouping"):
        ticket_stats(HOME(), "colour")


def test_chart_data(worked: Any) -> None:
    data = chart_data(ticket_stats(HOME(), "category", NOW))
    assert data["labels"] == ["Electricity", "Water"]
    assert data["compliance"] == [100.0, 0.0]
    assert data["days"] == [3.0, None]


def test_at_risk_with_reasons(worked: Any, other: Any) -> None:
    fall(worked)
    flagged = at_risk_tenants(HOME(), AnnualRecord.objects.all(), NOW)
    assert [f.enterprise for f in flagged] == [worked.enterprise]
    reasons = flagged[0].reasons
    assert ("repeated", {"n": 3, "category": "electricity"}) in reasons
    assert ("falling", {"indicator": "output_cny", "year": 2024, "drop": 50}) in reasons
    assert [describe(r, v) for r, v in reasons] == [
        "3 tickets on Electricity within a year",
        "Output fell by 50% in 2024",
    ]


def test_unresolved_and_unsatisfied(desk: Any) -> None:
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))
    late = file_ticket(desk, category="labour", title="No workers")
    for score in (1, 2):
        t = file_ticket(desk, category="water")
        sv.do_assign(pm, t, desk.department)
        sv.do_start(handler, t)
        sv.do_respond(handler, t, "x")
        sv.do_rate(firm, t, score)
    flagged = at_risk_tenants(
        Ticket.objects.exclude(pk=desk.ticket.pk), AnnualRecord.objects.none(), NOW
    )
    reasons = dict(flagged[0].reasons)
    assert reasons["unresolved"] == {"category": "labour", "title": late.title}
    assert reasons["unsatisfied"] == {"score": 1.5, "n": 2}
    assert at_risk_tenants(Ticket.objects.none(), AnnualRecord.objects.none(), NOW) == []


def test_analytics_page_permissions(worked: Any, other: Any) -> None:
    fall(worked)
    url = reverse("servicedesk:analytics")
    assert Client().get(url).status_code == 302
    for role in ("enterprise", "investment"):
        client = Client()
        client.force_login(worked.users[role])
        assert client.get(url).status_code == 403
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(worked.users["official"])
    response = client.get(url, {"by": "park"})
    assert response.status_code == 200
    assert response.context["totals"] == {"tickets": 4, "closed": 2, "rated": 2}
    assert "Output fell by 50% in 2024" in response.content.decode()
    client.force_login(other.users["official"])
    response = client.get(url)
    assert response.context["totals"] == {"tickets": 1, "closed": 0, "rated": 0}
    assert "Output fell" not in response.content.decode()
    client.force_login(worked.users["handler"])
    assert client.get(url).context["totals"]["tickets"] == 3  # the department's tickets only
