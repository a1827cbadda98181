"""Service-desk actions (Zulip's ``do_*``): every change to a ticket goes through here.

Workflow: received → assigned → in progress → responded → closed, with reopen. Each action
checks the actor's role and scope (``ActionRefused``) and the ticket's state
(``TransitionRefused``), writes a :class:`TicketEvent` to the timeline, and notifies the people
concerned. While the park waits for the enterprise's answer the deadline clocks stop; they are
recomputed when the answer arrives. Escalation of overdue tickets lives in :mod:`.escalation`.

An action from a page passes the revision the page showed (``seen``): if the ticket changed
since (another handler acted, the escalation job raised its tier), the action is refused with
what changed (:class:`~microparks.apps.common.revisions.EditConflict`) and nothing is applied.
Without ``seen`` (the API without ``If-Match``, jobs, the demo) the state checks alone apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from microparks.apps.accounts.models import Department, User
from microparks.apps.base import CHANGE, Role
from microparks.apps.common import clock
from microparks.apps.common.revisions import Seen
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.parks.models import Lease, Park
from microparks.apps.servicedesk.attachments import check_attachments
from microparks.apps.servicedesk.library import articles_for
from microparks.apps.servicedesk.models import (
    Article,
    Attachment,
    Notification,
    Ticket,
    TicketEvent,
)
from microparks.apps.servicedesk.policies import (
    county_of,
    record_calendars,
    route,
    set_deadlines,
)

S = Ticket.Status
K = TicketEvent.Kind
STAFF = (Role.OFFICIAL, Role.PARK_MANAGER, Role.HANDLER)
MANAGERS = (Role.OFFICIAL, Role.PARK_MANAGER)
TIERS = [Ticket.Tier.PARK, Ticket.Tier.TOWNSHIP, Ticket.Tier.COUNTY]


class ActionRefused(PermissionDenied):
    """The user's role or scope does not allow the action."""


class TransitionRefused(Exception):
    """The ticket's state does not allow the action; the message says why."""


@dataclass(frozen=True)
class NewTicket:
    """What a filer provides."""

    enterprise: Enterprise
    park: Park
    category: str
    title: str
    description: str
    priority: str = Ticket.Priority.NORMAL
    channel: str = Ticket.Channel.PORTAL


def _now(now: dt.datetime | None) -> dt.datetime:
    # The rules clock: deadlines count from it and overdue is judged on it (a demo can set it).
    return now or clock.now()


def _check(user: User, ticket: Ticket, roles: Sequence[str], seen: Seen | None = None) -> Ticket:
    """Refuse unless the user holds a role and may change this ticket; return it afresh.

    With ``seen``, also refuse if the ticket changed since: before the state checks, so that a
    page that is out of date hears what changed rather than only that the step is impossible.
    """
    if not user.is_authenticated or not user.has_role(*roles):
        raise ActionRefused(_("Your role may not do this."))
    fresh: Ticket | None = Ticket.objects.restrict(user, CHANGE).filter(pk=ticket.pk).first()
    if fresh is None:
        raise ActionRefused(_("This ticket is outside your scope."))
    if seen is not None:
        seen.check(fresh, lock=False)
    return fresh


def _state(ticket: Ticket, *allowed: str) -> None:
    if ticket.status not in allowed:
        raise TransitionRefused(
            _("Not possible while the ticket is %(status)s.")
            % {"status": ticket.get_status_display()}
        )


def _event(
    ticket: Ticket,
    kind: str,
    actor: User | None,
    at: dt.datetime,
    before: str = "",
    message: str = "",
    **detail: object,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        at=at,
        from_status=before,
        to_status=ticket.status if ticket.status != before else "",
        message=message,
        detail=detail,
    )


def notify(users: Iterable[User], ticket: Ticket, kind: str, actor: User | None = None) -> int:
    """Tell users in the app (and by e-mail where a mail server is configured)."""
    recipients = {u.pk: u for u in users if u is not None and u.is_active and u != actor}
    Notification.objects.bulk_create(
        [Notification(user=u, ticket=ticket, kind=kind) for u in recipients.values()]
    )
    if getattr(settings, "SERVICEDESK_EMAIL_NOTIFICATIONS", False):
        label = dict(K.choices)[kind]
        for u in recipients.values():
            if u.email:
                # A mail server that is down must not undo or fail the action already saved.
                subject = f"[microparks] {label}{pgettext('label', ': ')}{ticket.title}"
                send_mail(subject, str(label), None, [u.email], fail_silently=True)
    return len(recipients)


def _staff_of(ticket: Ticket) -> list[User]:
    """Who handles the ticket now: the assignee, or the department's handlers, and managers."""
    people = list(ticket.park.managers.all())
    if ticket.assignee is not None:
        people.append(ticket.assignee)
    elif ticket.department is not None:
        people += list(ticket.department.handlers.all())
    return people


def _enterprise_users(ticket: Ticket) -> list[User]:
    return list(User.objects.filter(role=Role.ENTERPRISE, enterprise=ticket.enterprise_id))


def _attach(ticket: Ticket, user: User, files: Sequence[UploadedFile], at: dt.datetime) -> None:
    for f in files:
        Attachment.objects.create(
            ticket=ticket,
            file=f,
            name=(f.name or "")[:200],
            size_bytes=f.size or 0,
            content_type=(f.content_type or "")[:100],
            uploaded_by=user,
        )
    if files:
        names = [f.name for f in files]
        _event(ticket, K.ATTACHED, user, at, ticket.status, ", ".join(n or "" for n in names))


@transaction.atomic
def _stored(ticket_id: int, seen: Seen | None = None) -> Ticket:
    """The ticket locked for the change; with ``seen``, checked again under the lock."""
    row: Ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    if seen is not None:
        seen.check(row, lock=False)
    return row


def do_file_ticket(
    user: User,
    new: NewTicket,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Ticket:
    """Receive a ticket: route it, set its deadlines, store its files, tell the handlers.

    An enterprise user files for their own enterprise in a park where it holds a lease; park
    managers and officials file on a tenant's behalf (phone, visit, inspection) in their scope.
    """
    at = _now(now)
    if not user.is_authenticated or not user.has_role(Role.ENTERPRISE, *MANAGERS):
        raise ActionRefused(_("Your role may not do this."))
    if user.role == Role.ENTERPRISE and new.enterprise.pk != user.enterprise_id:
        raise ActionRefused(_("You may only file tickets for your own enterprise."))
    if not Park.objects.restrict(user).filter(pk=new.park.pk).exists() and not (
        user.role == Role.ENTERPRISE
    ):
        raise ActionRefused(_("This park is outside your scope."))
    if not Lease.objects.filter(enterprise=new.enterprise, park=new.park).exists():
        raise TransitionRefused(_("The enterprise holds no lease in this park."))
    check_attachments(files)
    department, handler = route(new.park, new.category)
    with transaction.atomic():
        ticket = Ticket(
            enterprise=new.enterprise,
            park=new.park,
            category=new.category,
            priority=new.priority,
            channel=new.channel,
            title=new.title,
            description=new.description,
            department=department,
            assignee=handler,
            received_at=at,
            clock_started_at=at,
        )
        basis = set_deadlines(ticket)
        ticket.full_clean()
        ticket.save()
        record_calendars(ticket, basis)
        _event(ticket, K.RECEIVED, user, at, "", new.description)
        _attach(ticket, user, files, at)
    notify(_staff_of(ticket), ticket, K.RECEIVED, user)
    return ticket


def do_assign(
    user: User,
    ticket: Ticket,
    department: Department | None = None,
    handler: User | None = None,
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
) -> Ticket:
    """Hand the ticket to a department (and optionally a handler); acknowledges it."""
    ticket = _check(user, ticket, MANAGERS, seen)
    _state(ticket, S.RECEIVED, S.ASSIGNED)
    chosen = department or (handler.department if handler else None) or ticket.department
    department = _check_target(ticket, chosen, handler)
    at, before = _now(now), ticket.status
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        ticket.department, ticket.assignee = department, handler
        ticket.status = S.ASSIGNED
        ticket.acknowledged_at = ticket.acknowledged_at or at
        ticket.save()
        _event(ticket, K.ASSIGNED, user, at, before, str(department), department=department.pk)
    notify(_staff_of(ticket), ticket, K.ASSIGNED, user)
    return ticket


def do_start(
    user: User, ticket: Ticket, now: dt.datetime | None = None, *, seen: Seen | None = None
) -> Ticket:
    """The handler starts work on the ticket."""
    ticket = _check(user, ticket, STAFF, seen)
    _state(ticket, S.ASSIGNED)
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        ticket.status = S.IN_PROGRESS
        ticket.acknowledged_at = ticket.acknowledged_at or at
        if ticket.assignee is None and user.role == Role.HANDLER:
            ticket.assignee = user
        ticket.save()
        _event(ticket, K.STARTED, user, at, S.ASSIGNED)
    return ticket


def do_ask(
    user: User,
    ticket: Ticket,
    question: str,
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
    files: Sequence[UploadedFile] = (),
) -> Ticket:
    """Ask the enterprise a question (with files); the deadline clocks stop until it answers."""
    ticket = _check(user, ticket, STAFF, seen)
    _state(ticket, S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS)
    if not question.strip():
        raise TransitionRefused(_("Write the question."))
    check_attachments(files)
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        pause = ticket.waiting_since is None
        ticket.waiting_since = ticket.waiting_since or at
        ticket.acknowledged_at = ticket.acknowledged_at or at
        ticket.save()
        _event(ticket, K.QUESTION, user, at, ticket.status, question, pause=pause)
        _attach(ticket, user, files, at)
    notify(_enterprise_users(ticket), ticket, K.QUESTION, user)
    return ticket


def do_answer(
    user: User,
    ticket: Ticket,
    answer: str,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
) -> Ticket:
    """The enterprise answers a question; the clocks restart and the deadlines move on."""
    ticket = _check(user, ticket, (Role.ENTERPRISE,), seen)
    if ticket.waiting_since is None:
        raise TransitionRefused(_("There is no open question to answer."))
    if not answer.strip():
        raise TransitionRefused(_("Write the answer."))
    check_attachments(files)
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        ticket.waiting_since = None
        _event(ticket, K.ANSWER, user, at, ticket.status, answer, resume=True)
        _attach(ticket, user, files, at)
        basis = set_deadlines(ticket)  # the recorded rules: the paused clocks run on
        ticket.save()
        record_calendars(ticket, basis)
    notify(_staff_of(ticket), ticket, K.ANSWER, user)
    return ticket


def do_respond(
    user: User,
    ticket: Ticket,
    response: str,
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
    files: Sequence[UploadedFile] = (),
) -> Ticket:
    """Give the enterprise the answer or the solution, with files (a permit, a reply letter)."""
    ticket = _check(user, ticket, STAFF, seen)
    _state(ticket, S.IN_PROGRESS)
    if ticket.waiting_since is not None:
        raise TransitionRefused(_("The enterprise has not answered the open question yet."))
    if not response.strip():
        raise TransitionRefused(_("Write the response."))
    check_attachments(files)
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        ticket.status, ticket.response, ticket.responded_at = S.RESPONDED, response, at
        ticket.save()
        _event(ticket, K.RESPONDED, user, at, S.IN_PROGRESS, response)
        _attach(ticket, user, files, at)
    notify(_enterprise_users(ticket), ticket, K.RESPONDED, user)
    return ticket


def do_rate(
    user: User,
    ticket: Ticket,
    score: int,
    comment: str = "",
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
) -> Ticket:
    """The enterprise rates the response (1–5, with a comment) and so closes the ticket."""
    ticket = _check(user, ticket, (Role.ENTERPRISE,), seen)
    _state(ticket, S.RESPONDED)
    if not 1 <= int(score) <= 5:
        raise TransitionRefused(_("The rating must be from 1 to 5."))
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        ticket.satisfaction, ticket.satisfaction_comment = int(score), comment
        ticket.status, ticket.closed_at = S.CLOSED, at
        ticket.save()
        _event(ticket, K.RATED, user, at, S.RESPONDED, comment, score=int(score))
    notify(_staff_of(ticket), ticket, K.RATED, user)
    return ticket


def do_close(
    user: User,
    ticket: Ticket,
    note: str = "",
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
) -> Ticket:
    """Close a responded ticket without the enterprise's rating (e.g. it did not rate)."""
    ticket = _check(user, ticket, MANAGERS, seen)
    _state(ticket, S.RESPONDED)
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        ticket.status, ticket.closed_at = S.CLOSED, at
        ticket.save()
        _event(ticket, K.CLOSED, user, at, S.RESPONDED, note)
    notify(_enterprise_users(ticket), ticket, K.CLOSED, user)
    return ticket


def do_reopen(
    user: User,
    ticket: Ticket,
    reason: str,
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
) -> Ticket:
    """Reopen a responded or closed ticket; its respond and close clocks start again."""
    ticket = _check(user, ticket, (Role.ENTERPRISE, *MANAGERS), seen)
    _state(ticket, S.RESPONDED, S.CLOSED)
    if not reason.strip():
        raise TransitionRefused(_("Say why the ticket is reopened."))
    at, before = _now(now), ticket.status
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        ticket.status = S.IN_PROGRESS if ticket.department_id else S.RECEIVED
        ticket.responded_at = ticket.closed_at = ticket.satisfaction = None
        ticket.satisfaction_comment = ""
        ticket.clock_started_at = at
        # A new clock, on the rules recorded when the ticket was received (policies' docstring).
        basis = set_deadlines(ticket)
        ticket.save()
        record_calendars(ticket, basis)
        _event(ticket, K.REOPENED, user, at, before, reason)
    notify(_staff_of(ticket), ticket, K.REOPENED, user)
    return ticket


def _check_target(
    ticket: Ticket, department: Department | None, handler: User | None
) -> Department:
    """The department a ticket may go to: of its county, with the handler working in it."""
    if handler is not None and (handler.role != Role.HANDLER or handler.department is None):
        raise TransitionRefused(_("The handler must be a department handler."))
    department = department or (handler.department if handler else None)
    if department is None:
        raise TransitionRefused(_("Choose a department."))
    county = county_of(ticket.park.region)
    if department.region_id not in county.descendant_ids():
        raise TransitionRefused(_("The department is not of this ticket's county."))
    if handler is not None and handler.department_id != department.pk:
        raise TransitionRefused(_("The handler does not work in that department."))
    return department


def do_reassign(
    user: User,
    ticket: Ticket,
    department: Department | None,
    handler: User | None,
    reason: str,
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
) -> Ticket:
    """Hand an escalated ticket to another department or handler, saying why.

    Officials and park managers in the ticket's scope; only once a missed deadline raised the
    ticket above the park, and while it is still the desk's to answer. The status is kept
    (work restarts with the new handler, on the same deadlines); the old and new department
    and handler and the reason go to the timeline (and so the audit log), and the new
    handlers are told.
    """
    ticket = _check(user, ticket, MANAGERS, seen)
    if not ticket.is_escalated:
        raise TransitionRefused(_("Only an escalated ticket can be reassigned."))
    _state(ticket, S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS)
    if not reason.strip():
        raise TransitionRefused(_("Say why the ticket is reassigned."))
    department = _check_target(ticket, department, handler)
    if (department.pk, getattr(handler, "pk", None)) == (ticket.department_id, ticket.assignee_id):
        raise TransitionRefused(_("The ticket is already with this department and handler."))
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        before = {"department": ticket.department_id, "handler": ticket.assignee_id}
        status = ticket.status
        ticket.department, ticket.assignee = department, handler
        if ticket.status == S.RECEIVED:
            ticket.status = S.ASSIGNED
            ticket.acknowledged_at = ticket.acknowledged_at or at
        elif ticket.status == S.IN_PROGRESS:
            ticket.status = S.ASSIGNED  # the new handler starts the work again
        ticket.save()
        _event(
            ticket,
            K.REASSIGNED,
            user,
            at,
            status,
            reason,
            from_department=before["department"],
            from_handler=before["handler"],
            department=department.pk,
            handler=getattr(handler, "pk", None),
        )
    notify(_staff_of(ticket), ticket, K.REASSIGNED, user)
    return ticket


def do_supervise(
    user: User,
    ticket: Ticket,
    note: str,
    now: dt.datetime | None = None,
    *,
    seen: Seen | None = None,
) -> Ticket:
    """An official's supervising note (督办) on an escalated ticket, sent to its handlers.

    Officials of the ticket's region only, on an open escalated ticket. The note is shown on
    the ticket's page and timeline (and so in the audit log); the handler, or the department's
    handlers, and the park's managers are told.
    """
    ticket = _check(user, ticket, (Role.OFFICIAL,), seen)
    if not ticket.is_escalated:
        raise TransitionRefused(_("Only an escalated ticket can be supervised."))
    _state(ticket, S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS)
    if not note.strip():
        raise TransitionRefused(_("Write the supervision note."))
    at = _now(now)
    with transaction.atomic():
        ticket = _stored(ticket.pk, seen)
        _event(ticket, K.SUPERVISED, user, at, ticket.status, note, tier=ticket.tier)
    notify(_staff_of(ticket), ticket, K.SUPERVISED, user)
    return ticket


def do_link_article(user: User, ticket: Ticket, article: Article) -> Ticket:
    """Link a policy or answer from the library to the ticket, for the enterprise to read."""
    ticket = _check(user, ticket, STAFF)
    if not articles_for(user).filter(pk=article.pk).exists():
        raise ActionRefused(_("This article is outside your scope."))
    ticket.articles.add(article)
    return ticket
