"""Tickets in the JSON API: list, detail with the timeline, filing, and workflow actions.

Reads go through ``Ticket.objects.restrict(user)`` (another enterprise's or region's ticket is
a 404); actions go through :mod:`microparks.apps.servicedesk.services`: a wrong role is 403, a
refused transition 409 with ``{"detail": message}``, and with ``If-Match`` an action on a ticket
that changed since the client read it 412 with the changes. Files are attached through the
portal.
"""

# No ``from __future__ import annotations``: ninja resolves the annotations at import.
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from microparks.apps.accounts.models import Department, User
from microparks.apps.base import Role
from microparks.apps.common.api import (
    ApiValidationError,
    DetailOut,
    ErrorsOut,
    ObjectId,
    Pagination,
    choices_schema,
)
from microparks.apps.common.revision_api import (
    ACTION_IF_MATCH_HELP,
    ConflictOut,
    seen_from_if_match,
    with_etag,
)
from microparks.apps.common.revisions import EditConflict
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.parks.models import Park
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.models import Ticket, TicketEvent

router = Router(tags=["tickets"])

Category = Annotated[Ticket.Category, choices_schema(Ticket.Category)]
Priority = Annotated[Ticket.Priority, choices_schema(Ticket.Priority)]
Channel = Annotated[Ticket.Channel, choices_schema(Ticket.Channel)]
TicketStatus = Annotated[Ticket.Status, choices_schema(Ticket.Status)]


class TicketOut(Schema):
    """A ticket as listed; deadlines are instants with their offset."""

    id: int
    title: str
    enterprise_id: int
    enterprise_name: str
    park_id: int
    category: Category
    priority: Priority
    channel: Channel
    status: TicketStatus
    tier: str
    department_id: int | None
    assignee_id: int | None
    received_at: datetime
    ack_due_at: datetime | None
    response_due_at: datetime | None
    due_at: datetime | None
    waiting_since: datetime | None
    responded_at: datetime | None
    closed_at: datetime | None
    satisfaction: int | None

    @staticmethod
    def resolve_enterprise_name(obj: Ticket) -> str:
        return obj.enterprise.name


class EventOut(Schema):
    kind: str
    at: datetime
    actor: str | None
    from_status: str
    to_status: str
    message: str

    @staticmethod
    def resolve_actor(obj: TicketEvent) -> str | None:
        return obj.actor.username if obj.actor else None


class TicketDetailOut(TicketOut):
    """A ticket with its description, response, rating comment and timeline."""

    description: str
    response: str
    satisfaction_comment: str
    deadline_basis: str
    deadline_rules_id: int | None = Field(
        None, description="Rules document (kind deadlines) the deadlines were counted on"
    )
    calendar_rules_ids: list[int] = Field(
        default_factory=list,
        description="Rules documents (kind calendar) the deadlines were counted on, in order",
    )
    events: list[EventOut]

    @staticmethod
    def resolve_calendar_rules_ids(obj: Ticket) -> list[int]:
        return list(obj.calendar_layers.order_by("position").values_list("document", flat=True))

    @staticmethod
    def resolve_events(obj: Ticket) -> list[TicketEvent]:
        return list(obj.events.select_related("actor"))


class TicketIn(Schema):
    """A new ticket; ``enterprise_id`` defaults to the enterprise user's own."""

    park_id: int
    category: Category
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    priority: Priority = Ticket.Priority.NORMAL
    channel: Channel = Ticket.Channel.PORTAL
    enterprise_id: int | None = None


class ActionIn(Schema):
    """What an action needs.

    ``text`` for ask, answer, respond, close, reopen and supervise (督办); ``department_id`` and
    ``handler_id`` for assign, and with ``text`` as the reason for reassign (escalated tickets
    only); ``score`` (1–5) and ``comment`` for rate.
    """

    text: str = ""
    department_id: int | None = None
    handler_id: int | None = None
    score: int | None = None
    comment: str = ""


class TicketFilters(Schema):
    status: TicketStatus | None = None
    category: Category | None = None


Action = Literal[
    "assign",
    "start",
    "ask",
    "answer",
    "respond",
    "rate",
    "close",
    "reopen",
    "reassign",
    "supervise",
]


def _visible(user: Any) -> QuerySet[Ticket]:
    """Tickets in the user's scope; roles outside the desk (investment officers) see none."""
    rows = Ticket.objects.restrict(user).select_related("enterprise")
    if not user.has_role(*sv.STAFF, Role.ENTERPRISE):
        return rows.none()
    return rows


def _get(user: Any, ticket_id: int) -> Ticket:
    ticket = _visible(user).filter(pk=ticket_id).first()
    if ticket is None:
        raise HttpError(404, _("Not found."))
    return ticket


@router.get("/tickets", response=list[TicketOut], summary="Tickets you may see")
@paginate(Pagination)
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]) -> QuerySet[Ticket]:
    rows = _visible(request.user)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.category:
        rows = rows.filter(category=filters.category)
    return rows


@router.get(
    "/tickets/{int:ticket_id}",
    response={200: TicketDetailOut, 404: DetailOut},
    summary="One ticket with its timeline",
)
def get_ticket(request: HttpRequest, response: HttpResponse, ticket_id: ObjectId) -> Ticket:
    ticket = _get(request.user, ticket_id)
    with_etag(response, ticket)
    return ticket


@router.post(
    "/tickets",
    response={201: TicketDetailOut, 403: DetailOut, 422: ErrorsOut},
    summary="File a ticket",
)
def create_ticket(request: HttpRequest, payload: TicketIn) -> Status[Ticket]:
    user: Any = request.user
    firm_id = payload.enterprise_id or user.enterprise_id
    enterprise = Enterprise.objects.restrict(user).filter(pk=firm_id).first()
    park = Park.objects.filter(pk=payload.park_id).first()
    if enterprise is None:
        raise ApiValidationError({"enterprise_id": [_("No such enterprise in your scope.")]})
    if park is None:  # the same answer as a park where the firm has no lease
        raise ApiValidationError({"park_id": [_("The enterprise holds no lease in this park.")]})
    new = sv.NewTicket(
        enterprise,
        park,
        payload.category,
        payload.title,
        payload.description,
        payload.priority,
        payload.channel,
    )
    try:
        ticket = sv.do_file_ticket(user, new)
    except sv.ActionRefused as exc:
        raise HttpError(403, str(exc)) from exc
    except sv.TransitionRefused as exc:
        raise ApiValidationError({"park_id": [str(exc)]}) from exc
    return Status(201, ticket)


@router.post(
    "/tickets/{int:ticket_id}/{action}",
    response={
        200: TicketDetailOut,
        403: DetailOut,
        404: DetailOut,
        409: DetailOut,
        412: ConflictOut,
    },
    summary="Move a ticket along the workflow",
    description=ACTION_IF_MATCH_HELP,
)
def act(
    request: HttpRequest,
    response: HttpResponse,
    ticket_id: ObjectId,
    action: Action,
    payload: ActionIn,
) -> Any:
    user: Any = request.user
    ticket = _get(user, ticket_id)
    seen = seen_from_if_match(request)
    text_actions: dict[str, Callable[..., Ticket]] = {
        "ask": sv.do_ask,
        "answer": sv.do_answer,
        "respond": sv.do_respond,
        "close": sv.do_close,
        "reopen": sv.do_reopen,
        "supervise": sv.do_supervise,
    }
    try:
        if action == "assign":
            department = Department.objects.filter(pk=payload.department_id or 0).first()
            handler = User.objects.filter(pk=payload.handler_id or 0).first()
            yours = {"department": department, "assignee": handler}
            seen = seen_from_if_match(request, yours)
            done = sv.do_assign(user, ticket, department, handler, seen=seen)
        elif action == "reassign":
            department = Department.objects.filter(pk=payload.department_id or 0).first()
            handler = User.objects.filter(pk=payload.handler_id or 0).first()
            seen = seen_from_if_match(request, {"department": department, "assignee": handler})
            done = sv.do_reassign(user, ticket, department, handler, payload.text, seen=seen)
        elif action == "rate":
            done = sv.do_rate(user, ticket, payload.score or 0, payload.comment, seen=seen)
        elif action == "start":
            done = sv.do_start(user, ticket, seen=seen)
        else:
            done = text_actions[action](user, ticket, payload.text, seen=seen)
    except EditConflict as conflict:
        return Status(412, conflict.as_json())
    except sv.ActionRefused as exc:
        raise HttpError(403, str(exc)) from exc
    except sv.TransitionRefused as exc:
        raise HttpError(409, str(exc)) from exc
    with_etag(response, done)  # the tag of the new revision, for the next action
    return done
