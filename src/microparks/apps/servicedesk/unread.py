"""Unread news on tickets: which of a user's tickets have notifications they have not read.

A notification is news about a ticket for one person (a reply, a question, a new ticket, an
escalation, a supervision note). A ticket is *unread* for a user while any of its
notifications to that user is unread; opening the ticket's page reads them all.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from microparks.apps.servicedesk.models import Notification, Ticket


def unread_ticket_ids(user: Any) -> set[int]:
    """Ids of the tickets with unread notifications to ``user`` (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = Notification.objects.filter(user=user.pk, read_at__isnull=True, ticket__isnull=False)
    return set(rows.values_list("ticket", flat=True).distinct())


def unread_count(user: Any) -> int:
    """How many of the user's tickets have unread news (the badge), within their scope."""
    if not getattr(user, "is_authenticated", False):
        return 0
    news = Notification.objects.filter(user=user.pk, read_at__isnull=True).values("ticket")
    # One query whatever the news: the count is on every page's menu.
    return Ticket.objects.restrict(user).filter(pk__in=news).count()


def mark_ticket_read(user: Any, ticket: Ticket) -> int:
    """Read every notification about ``ticket`` to ``user`` (its page was opened)."""
    rows = Notification.objects.filter(user=user.pk, ticket=ticket, read_at__isnull=True)
    return rows.update(read_at=timezone.now())
