"""The data the service desk runs on: working calendar, deadline policies and routing rules.

Deadlines are counted by :mod:`microparks.core.calendar` on China's official calendar with the
deployment's :class:`CalendarOverride` rows applied. Deadline budgets come from
:class:`DeadlinePolicy` rows, falling back to the shipped ``data/deadlines.yaml``; routing from
:class:`RoutingRule` rows, falling back to the departments' own category lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from microparks.apps.accounts.models import Department
from microparks.apps.regions.models import Region
from microparks.apps.servicedesk.models import (
    CalendarOverride,
    DeadlinePolicy,
    RoutingRule,
    Ticket,
    TicketEvent,
)
from microparks.core.calendar import WorkingCalendar, add_working_days
from microparks.core.servicedesk import DeadlineRules
from microparks.io.rules import load_shipped, shipped_calendar

if TYPE_CHECKING:
    from microparks.apps.accounts.models import User
    from microparks.apps.parks.models import Park


@dataclass(frozen=True)
class Budget:
    """Working days to acknowledge, respond and close, and where they came from."""

    ack: float
    respond: float
    close: float
    source: str


@lru_cache(maxsize=1)
def _shipped() -> DeadlineRules:
    rules: DeadlineRules = load_shipped(
        "deadlines",
        categories=tuple(Ticket.Category.values),
        priorities=tuple(Ticket.Priority.values),
    )
    return rules


@lru_cache(maxsize=1)
def _official() -> WorkingCalendar:
    return shipped_calendar()


def working_calendar() -> WorkingCalendar:
    """The official calendar with this deployment's overrides."""
    rows = list(CalendarOverride.objects.values_list("date", "is_working_day"))
    return _official().with_overrides(
        holidays=[d for d, working in rows if not working],
        working_days=[d for d, working in rows if working],
    )


def county_of(region: Region) -> Region:
    """The county a region belongs to (itself if it is a county or above)."""
    while region.level == Region.Level.TOWNSHIP and region.parent_id:
        region = region.parent  # type: ignore[assignment]
    return region


def _specificity(category: str, priority: str) -> int:
    return 2 * bool(category) + bool(priority)


def budget_for(ticket: Ticket) -> Budget:
    """The deadline budget for a ticket's category and priority (most specific rule wins)."""
    county = county_of(ticket.park.region)
    rows = DeadlinePolicy.objects.filter(
        region__in=[county.pk, ticket.park.region_id], category__in=["", ticket.category]
    ).filter(priority__in=["", ticket.priority])
    best = max(
        rows,
        key=lambda r: (r.region_id is not None, _specificity(r.category, r.priority)),
        default=None,
    )
    if best is None:
        best = max(
            DeadlinePolicy.objects.filter(
                region__isnull=True,
                category__in=["", ticket.category],
                priority__in=["", ticket.priority],
            ),
            key=lambda r: _specificity(r.category, r.priority),
            default=None,
        )
    if best is not None:
        return Budget(best.ack_days, best.respond_days, best.close_days, f"policy#{best.pk}")
    chosen = _shipped().budget_for(ticket.category, ticket.priority)
    return Budget(chosen.ack, chosen.respond, chosen.close, "deadlines:default@shipped")


def pauses_of(ticket: Ticket, since: dt.datetime) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """Periods since ``since`` during which the ticket waited for the enterprise."""
    pauses: list[tuple[dt.datetime, dt.datetime | None]] = []
    start: dt.datetime | None = None
    if ticket.pk is None:
        return pauses
    # Read through ``all()`` so that a prefetched timeline costs no query.
    events = sorted((e for e in ticket.events.all() if e.at >= since), key=lambda e: (e.at, e.pk))
    for event in events:
        if event.detail.get("pause") and start is None:
            start = event.at
        elif event.detail.get("resume") and start is not None:
            pauses.append((start, event.at))
            start = None
    if start is not None:
        pauses.append((start, None))
    return pauses


def set_deadlines(ticket: Ticket) -> None:
    """Compute the three deadlines from the clock start, skipping closed pauses (not saved)."""
    start = ticket.clock_started_at or ticket.received_at
    budget = budget_for(ticket)
    calendar = working_calendar()
    closed = [(a, b) for a, b in pauses_of(ticket, start) if b is not None]
    ticket.ack_due_at = add_working_days(calendar, start, budget.ack, closed)
    ticket.response_due_at = add_working_days(calendar, start, budget.respond, closed)
    ticket.due_at = add_working_days(calendar, start, budget.close, closed)
    ticket.deadline_basis = f"{budget.source}; {calendar.version}"


def route(park: Park, category: str) -> tuple[Department | None, User | None]:
    """The department and handler a new ticket of ``category`` in ``park`` goes to."""
    county = county_of(park.region)
    rules = RoutingRule.objects.filter(region__in=[county.pk, park.region_id]).filter(
        category__in=["", category]
    )
    best = max(
        (r for r in rules if r.park_id in (None, park.pk)),
        key=lambda r: (r.park_id is not None, bool(r.category)),
        default=None,
    )
    if best is not None:
        department = best.department
        if department is None and best.handler is not None:
            department = best.handler.department
        return department, best.handler
    for department in Department.objects.filter(region__in=county.descendant_ids()):
        if category in [c.strip() for c in department.categories.split(",")]:
            return department, None
    return None, None


def missed_deadlines(ticket: Ticket, now: dt.datetime) -> list[str]:
    """Which deadlines (``ack``, ``respond``, ``close``) an open, running ticket has missed."""
    if not ticket.is_open or ticket.waiting_since is not None:
        return []
    missed = []
    if ticket.acknowledged_at is None and ticket.ack_due_at and now > ticket.ack_due_at:
        missed.append("ack")
    if ticket.responded_at is None and ticket.response_due_at and now > ticket.response_due_at:
        missed.append("respond")
    if ticket.due_at and now > ticket.due_at:
        missed.append("close")
    return missed


def escalated_for(ticket: Ticket) -> set[str]:
    """Deadlines already escalated since the clock last started."""
    since = ticket.clock_started_at or ticket.received_at
    events = ticket.events.filter(kind=TicketEvent.Kind.ESCALATED, at__gte=since)
    return {e.detail.get("deadline", "") for e in events}
