"""The dashboard's overdue count (a database filter) follows the per-ticket rule exactly."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.urls import reverse

from microparks.apps.servicedesk.models import Ticket
from microparks.apps.servicedesk.policies import missed_any, missed_deadlines

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)


def hours(n: int | None) -> dt.datetime | None:
    return None if n is None else T0 + dt.timedelta(hours=n)


def test_the_filter_and_the_rule_agree_on_every_combination(home: Any) -> None:
    """Every mix of status, pause, acknowledged / responded and the three deadlines around
    ``now``: the filter keeps exactly the tickets in which the rule finds a missed deadline."""
    statuses = [Ticket.Status.CLOSED, *(s for s in Ticket.Status if s != Ticket.Status.CLOSED)]
    cases = itertools.product(
        statuses[:3], (None, 1), (None, 2), (None, 3), (None, -5, 5), (None, -5, 5), (None, -5, 5)
    )
    rows = [
        Ticket(
            park=home.ticket.park,
            enterprise=home.ticket.enterprise,
            category=home.ticket.category,
            title=f"case {i}",
            description="-",
            received_at=T0 - dt.timedelta(days=3),
            status=status,
            waiting_since=hours(waiting),
            acknowledged_at=hours(acked),
            responded_at=hours(responded),
            ack_due_at=hours(ack_due),
            response_due_at=hours(response_due),
            due_at=hours(due),
        )
        for i, (status, waiting, acked, responded, ack_due, response_due, due) in enumerate(cases)
    ]
    Ticket.objects.bulk_create(rows)
    tickets = Ticket.objects.filter(title__startswith="case ")
    for now in (T0, T0 + dt.timedelta(hours=10)):
        expected = {t.pk for t in tickets if missed_deadlines(t, now)}
        assert 0 < len(expected) < len(rows)
        assert set(tickets.filter(missed_any(now)).values_list("pk", flat=True)) == expected


def test_the_dashboard_counts_open_and_overdue_tickets(client: Any, home: Any, other: Any) -> None:
    past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Ticket.objects.filter(pk=home.ticket.pk).update(due_at=past)
    Ticket.objects.filter(pk=other.ticket.pk).update(due_at=past)  # another county's
    client.force_login(home.users["official"])
    page = client.get(reverse("web:dashboard"))
    assert (page.context["open_tickets"], page.context["overdue_tickets"]) == (1, 1)
