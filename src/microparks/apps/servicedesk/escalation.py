"""Escalation of overdue tickets: one tier up (park → township → county) per missed deadline.

The ``escalate_tickets`` management command runs :func:`escalate_overdue` on a schedule.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.servicedesk.models import Ticket, TicketEvent
from microparks.apps.servicedesk.policies import (
    county_of,
    escalated_for,
    missed_any,
    missed_deadlines,
)
from microparks.apps.servicedesk.services import TIERS, _event, _now, _stored, notify

K = TicketEvent.Kind
#: The deadlines a ticket can miss, named as the desk names them (受理, 反馈, 办结).
DEADLINE_NAMES = {
    "ack": gettext_lazy("the acknowledge deadline"),
    "respond": gettext_lazy("the respond deadline"),
    "close": gettext_lazy("the close deadline"),
}


def tier_people(ticket: Ticket, tier: str) -> list[User]:
    """Who is told when a ticket reaches a tier."""
    region = ticket.park.region
    officials = User.objects.filter(role=Role.OFFICIAL, is_active=True)
    if tier == Ticket.Tier.PARK:
        return list(ticket.park.managers.all())
    if tier == Ticket.Tier.TOWNSHIP:
        local = list(officials.filter(region=region))
        return local or list(officials.filter(region=county_of(region)))
    people = list(officials.filter(region=county_of(region)))
    if ticket.department is not None:
        people += list(ticket.department.handlers.all())
    return people


def do_escalate(ticket: Ticket, deadline: str, now: dt.datetime | None = None) -> Ticket:
    """Raise the ticket one tier because ``deadline`` passed, and tell that tier."""
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk)
        before = ticket.tier
        ticket.tier = TIERS[min(TIERS.index(Ticket.Tier(ticket.tier)) + 1, len(TIERS) - 1)]
        ticket.save()
        _event(
            ticket,
            K.ESCALATED,
            None,
            at,
            ticket.status,
            deadline=deadline,
            from_tier=before,
            to_tier=ticket.tier,
        )
    notify(tier_people(ticket, ticket.tier), ticket, K.ESCALATED)
    return ticket


def escalate_overdue(now: dt.datetime | None = None) -> list[tuple[Ticket, str]]:
    """Escalate every open, running ticket once per deadline it has missed.

    At the rules clock's time by default; tickets waiting for the enterprise (an answer or a
    rating) are left alone.
    """
    at = _now(now)
    done: list[tuple[Ticket, str]] = []
    candidates = Ticket.objects.filter(missed_any(at))
    for ticket in candidates.select_related("park__region", "department"):
        missed = [d for d in missed_deadlines(ticket, at) if d not in escalated_for(ticket)]
        for deadline in missed:
            ticket = do_escalate(ticket, deadline, at)
            done.append((ticket, deadline))
    return done
