"""The demo's service desk: a timeline for every ticket, deadlines, the library; idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from microparks.apps.servicedesk.models import Article, Notification, Ticket, TicketEvent
from microparks.demo.desk import ARTICLES, load_desk
from microparks.demo.load import load_demo

pytestmark = pytest.mark.django_db
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo() -> Any:
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        return load_demo().demo


def test_every_ticket_has_a_consistent_timeline(demo: Any) -> None:
    tickets = Ticket.objects.filter(park__region__parent__code=demo.county.code)
    assert tickets.count() == 40
    for t in tickets.prefetch_related("events"):
        events = list(t.events.all())
        assert events[0].kind == "received"
        assert events[0].at == t.received_at
        assert [e.at for e in events] == sorted(e.at for e in events)
        if t.status != "received":  # an escalation (as the command writes it) moves no status
            moves = [e for e in events if e.kind != "escalated"]
            assert moves[-1].to_status == t.status, t.title
        if t.satisfaction is not None:
            assert events[-1].kind == "rated"
            assert events[-1].detail == {"score": t.satisfaction}
        assert t.received_at < t.ack_due_at <= t.response_due_at
        assert t.clock_started_at == t.received_at
        assert t.deadline_rules is not None
        assert t.deadline_basis.startswith(f"{t.deadline_rules.title} · v")
        assert t.calendar_layers.count() == 1
    kinds = set(TicketEvent.objects.values_list("kind", flat=True))
    assert {"received", "assigned", "started", "responded", "rated"} <= kinds


def test_library_and_second_run_change_nothing(demo: Any) -> None:
    assert Article.objects.filter(region__code=demo.county.code).count() == len(ARTICLES)
    before = (Article.objects.count(), TicketEvent.objects.count(), Notification.objects.count())
    load_desk(demo.county.code)
    after = (Article.objects.count(), TicketEvent.objects.count(), Notification.objects.count())
    assert after == before


def test_the_demo_tenant_and_handler_have_unread_news(demo: Any) -> None:
    from microparks.apps.accounts.models import User
    from microparks.apps.servicedesk.unread import unread_count

    firm = User.objects.get(username="demo_enterprise")
    answered = Ticket.objects.filter(enterprise=firm.enterprise_id, status="responded").count()
    assert answered > 0
    assert unread_count(firm) == answered
    handler = User.objects.get(username="demo_handler")
    assert unread_count(handler) > 0


def test_one_overdue_ticket_is_already_escalated(demo: Any) -> None:
    from microparks.apps.accounts.models import User
    from microparks.apps.common import clock
    from microparks.apps.regions.models import Region
    from microparks.apps.servicedesk.escalation import escalate_overdue
    from microparks.apps.servicedesk.policies import missed_deadlines
    from microparks.apps.servicedesk.services import do_supervise
    from microparks.demo.desk import escalate_one

    county = Ticket.objects.filter(park__region__parent__code=demo.county.code)
    raised = county.exclude(tier="park")
    assert raised.count() == 1
    ticket = raised.get()
    assert ticket.tier == "township"  # level 1
    event = ticket.events.get(kind="escalated")
    deadline = event.detail["deadline"]
    # As escalate_tickets writes it: the missed deadline, the tiers, no actor, on the clock.
    assert event.detail == {"deadline": deadline, "from_tier": "park", "to_tier": "township"}
    assert event.actor is None
    assert deadline in missed_deadlines(ticket, clock.now())
    assert Notification.objects.filter(ticket=ticket, kind="escalated").exists()
    # The county official can supervise it (督办) at once.
    official = User.objects.get(username="demo_official")
    do_supervise(official, ticket, "请于明日下班前答复企业。")
    assert ticket.events.filter(kind="supervised", actor=official).exists()
    # Loading again raises nothing more; the command still finds the other overdue tickets.
    assert escalate_one(Region.objects.get(code=demo.county.code)) is None
    done = escalate_overdue()
    assert done
    assert all(t.pk != ticket.pk or d != deadline for t, d in done)
