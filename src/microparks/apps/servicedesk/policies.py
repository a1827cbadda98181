"""The data the service desk runs on: deadline rules, working calendars and routing rules.

Deadline budgets and working calendars are rules documents (:mod:`microparks.apps.rules`): the
``deadlines`` document in effect for a ticket's park (the park's county beats the platform;
within a document the most specific rule wins) and every ``calendar`` document in effect there
(the platform's official notices first, a county's own days off and working days after).
Routing comes from :class:`RoutingRule` rows, falling back to the departments' own category
lists.

Which documents a ticket follows. A ticket's deadlines follow the rules in force when it was
received: filing records the deadlines document and the calendar documents on the ticket
(``Ticket.deadline_rules``, ``Ticket.calendar_rules``), and every later recount — when the
enterprise answers a question and the paused clocks run again, or when the ticket is reopened
and its clocks start over — uses those recorded versions, never a newer one. A tenant is held
to, and can hold the desk to, the promise made when the request came in, and a ticket's
deadlines re-render from what it recorded however the rules change later. Tickets filed before
deadlines were documents have nothing recorded; their first recount records the documents then
in effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from microparks.apps.accounts.models import Department
from microparks.apps.regions.models import Region
from microparks.apps.rules.models import RulesDocument
from microparks.apps.rules.services import NoDocumentError, in_effect, layers, parse
from microparks.apps.servicedesk.models import (
    RoutingRule,
    Ticket,
    TicketCalendar,
    TicketEvent,
)
from microparks.core.calendar import WorkingCalendar, calendar_from, due_after
from microparks.core.servicedesk import Budget, DeadlineRules

if TYPE_CHECKING:
    from microparks.apps.accounts.models import User
    from microparks.apps.parks.models import Park

DEADLINES, CALENDAR = "deadlines", "calendar"
BASIS_LENGTH = Ticket._meta.get_field("deadline_basis").max_length or 500


@dataclass(frozen=True)
class DeadlineBasis:
    """The documents a ticket's deadlines are counted on.

    Attributes
    ----------
    deadlines
        The ``deadlines`` document (``None`` when none applies: the ticket has no deadlines).
    calendars
        The ``calendar`` documents, in the order they apply (platform first).

    """

    deadlines: RulesDocument | None
    calendars: tuple[RulesDocument, ...]

    @property
    def documents(self) -> tuple[RulesDocument, ...]:
        """Every document of the basis, the deadlines first."""
        first = (self.deadlines,) if self.deadlines is not None else ()
        return (*first, *self.calendars)

    @property
    def label(self) -> str:
        """``title · vN`` of each document, as stored on the ticket (titles as written)."""
        text = "; ".join(f"{d.title} · v{d.version}" for d in self.documents)
        if len(text) > BASIS_LENGTH:
            text = text[: BASIS_LENGTH - 1] + "…"
        return text


# Folded calendars, keyed by the contents of their layers in order (as ``rules.services.parse``
# caches by content): the same contents always fold to the same calendar, so an entry can never
# be stale, whatever happens to ids or stored hashes. Which documents apply is looked up every
# time (one query), so a new activation takes effect at once.
_CALENDARS: dict[tuple[str, ...], WorkingCalendar] = {}
_CALENDARS_MAX = 64


def calendar_of_documents(documents: Sequence[RulesDocument]) -> WorkingCalendar:
    """The working calendar of calendar documents applied in order (platform first)."""
    key = tuple(d.content for d in documents)
    calendar = _CALENDARS.get(key)
    if calendar is None:
        calendar = calendar_from([parse(d) for d in documents], version="")
        if len(_CALENDARS) >= _CALENDARS_MAX:
            _CALENDARS.clear()
        _CALENDARS[key] = calendar
    label = "; ".join(f"{d.title} · v{d.version}" for d in documents) or "weekends-only"
    return replace(calendar, version=label)


def basis_in_effect(park: Park) -> DeadlineBasis:
    """The deadlines and calendar documents in effect for tickets of ``park`` now."""
    try:
        deadlines: RulesDocument | None = in_effect(DEADLINES, region=park.region, park=park)
    except NoDocumentError:
        deadlines = None
    return DeadlineBasis(deadlines, tuple(layers(CALENDAR, region=park.region, park=park)))


def recorded_basis(ticket: Ticket) -> DeadlineBasis | None:
    """The documents recorded on ``ticket`` (``None`` if it recorded none)."""
    if ticket.pk is None or ticket.deadline_rules_id is None:
        return None
    return DeadlineBasis(ticket.deadline_rules, _recorded_calendars(ticket))


def _recorded_calendars(ticket: Ticket) -> tuple[RulesDocument, ...]:
    # Read through ``all()`` so that a prefetched ``calendar_layers__document`` costs no query.
    rows = sorted(ticket.calendar_layers.all(), key=lambda c: c.position)
    return tuple(c.document for c in rows)


def basis_of(ticket: Ticket) -> DeadlineBasis:
    """The documents ``ticket``'s deadlines follow: those recorded, else those in effect."""
    return recorded_basis(ticket) or basis_in_effect(ticket.park)


def working_calendar(region: Region | None = None, park: Park | None = None) -> WorkingCalendar:
    """The working calendar in effect for a place (the platform's when none is given)."""
    place = park.region if park is not None else region
    return calendar_of_documents(layers(CALENDAR, region=place, park=park))


def calendar_of(ticket: Ticket) -> WorkingCalendar | None:
    """The calendar ``ticket``'s deadlines were counted on (``None`` if it recorded none)."""
    if ticket.pk is None or ticket.deadline_rules_id is None:
        return None
    return calendar_of_documents(_recorded_calendars(ticket))


def county_of(region: Region) -> Region:
    """The county a region belongs to (itself if it is a county or above)."""
    while region.level == Region.Level.TOWNSHIP and region.parent_id:
        region = region.parent  # type: ignore[assignment]
    return region


def deadline_rules_of(basis: DeadlineBasis) -> DeadlineRules | None:
    """The parsed deadlines document of ``basis`` (``None`` when none applies)."""
    return None if basis.deadlines is None else parse(basis.deadlines)


def budget_for(ticket: Ticket, basis: DeadlineBasis | None = None) -> Budget | None:
    """Working days to acknowledge, respond and close ``ticket`` (``None``: no rules apply).

    From the deadlines document of ``basis`` (by default the ticket's: recorded, else in
    effect), for the ticket's category and priority.
    """
    rules = deadline_rules_of(basis or basis_of(ticket))
    return None if rules is None else rules.budget_for(ticket.category, ticket.priority)


def pauses_of(ticket: Ticket, since: dt.datetime) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """Periods since ``since`` during which the ticket waited for the enterprise."""
    if ticket.pk is None:
        return []
    # Read through ``all()`` so that a prefetched timeline costs no query.
    return pauses_in(((e.at, e.pk, e.detail) for e in ticket.events.all()), since)


def pauses_in(
    events: Iterable[tuple[dt.datetime, int, dict[str, Any]]], since: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """The waits in a timeline given as ``(at, pk, detail)``: a pause runs until a resume."""
    pauses: list[tuple[dt.datetime, dt.datetime | None]] = []
    start: dt.datetime | None = None
    for at, _pk, detail in sorted(e for e in events if e[0] >= since):
        if detail.get("pause") and start is None:
            start = at
        elif detail.get("resume") and start is not None:
            pauses.append((start, at))
            start = None
    if start is not None:
        pauses.append((start, None))
    return pauses


def count_deadlines(
    ticket: Ticket,
    basis: DeadlineBasis,
    start: dt.datetime,
    closed: Sequence[tuple[dt.datetime, dt.datetime]] = (),
) -> tuple[dt.datetime, dt.datetime, dt.datetime] | None:
    """Acknowledge, respond and close deadlines of ``ticket`` on ``basis`` from ``start``.

    Whole working days run from the day after ``start`` and end at the close of the last one
    (:func:`~microparks.core.calendar.due_after`), in the document's office hours; ``closed``
    pauses stop the clock. ``None`` without a deadlines document.
    """
    rules = deadline_rules_of(basis)
    if rules is None:
        return None
    budget = rules.budget_for(ticket.category, ticket.priority)
    calendar = calendar_of_documents(basis.calendars)

    def due(amount: float) -> dt.datetime:
        return due_after(calendar, start, amount, budget.unit, closed, office=rules.office_hours)

    return due(budget.ack), due(budget.respond), due(budget.close)


def set_deadlines(ticket: Ticket) -> DeadlineBasis:
    """Count the three deadlines from the clock start, skipping closed pauses (not saved).

    Counted by :func:`count_deadlines`. The documents are the ticket's recorded ones (see the
    module's docstring), or for a new ticket those in effect; they are set on the ticket, and
    the caller stores the calendar layers with :func:`record_calendars` once the ticket is
    saved. Without a deadlines document (every version retired) the ticket has no deadlines
    until one applies.
    """
    basis = basis_of(ticket)
    start = ticket.clock_started_at or ticket.received_at
    closed = [(a, b) for a, b in pauses_of(ticket, start) if b is not None]
    dues = count_deadlines(ticket, basis, start, closed)
    ticket.ack_due_at, ticket.response_due_at, ticket.due_at = dues or (None, None, None)
    ticket.deadline_rules = basis.deadlines
    ticket.deadline_basis = basis.label
    return basis


def record_calendars(ticket: Ticket, basis: DeadlineBasis) -> None:
    """Store which calendar documents a saved ticket's deadlines were counted on."""
    wanted = [d.pk for d in basis.calendars]
    stored = list(ticket.calendar_layers.order_by("position").values_list("document", flat=True))
    if stored == wanted:
        return
    ticket.calendar_layers.all().delete()
    TicketCalendar.objects.bulk_create(
        TicketCalendar(ticket=ticket, document=d, position=i) for i, d in enumerate(basis.calendars)
    )


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


#: Statuses in which no deadline runs for the desk: closed, or responded and waiting for the
#: enterprise's rating (the desk has done its part; that wait is never overdue nor escalated).
CLOCKS_STOPPED = (Ticket.Status.CLOSED, Ticket.Status.RESPONDED)


def missed_deadlines(ticket: Ticket, now: dt.datetime) -> list[str]:
    """Which deadlines (``ack``, ``respond``, ``close``) an open, running ticket has missed.

    None while the desk waits for the enterprise: its answer to a question, or its rating of
    the response.
    """
    if ticket.status in CLOCKS_STOPPED or ticket.waiting_since is not None:
        return []
    missed = []
    if ticket.acknowledged_at is None and ticket.ack_due_at and now > ticket.ack_due_at:
        missed.append("ack")
    if ticket.responded_at is None and ticket.response_due_at and now > ticket.response_due_at:
        missed.append("respond")
    if ticket.due_at and now > ticket.due_at:
        missed.append("close")
    return missed


def missed_any(now: dt.datetime) -> Q:
    """The tickets :func:`missed_deadlines` finds a missed deadline in, as a filter.

    For counts over a desk's tickets without loading them (the dashboard); the same rule.
    """
    return (
        ~Q(status__in=CLOCKS_STOPPED)
        & Q(waiting_since__isnull=True)
        & (
            Q(acknowledged_at__isnull=True, ack_due_at__lt=now)
            | Q(responded_at__isnull=True, response_due_at__lt=now)
            | Q(due_at__lt=now)
        )
    )


def escalated_for(ticket: Ticket) -> set[str]:
    """Deadlines already escalated since the clock last started."""
    since = ticket.clock_started_at or ticket.received_at
    events = ticket.events.filter(kind=TicketEvent.Kind.ESCALATED, at__gte=since)
    return {e.detail.get("deadline", "") for e in events}
