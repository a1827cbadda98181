"""Service-desk pages: the staff desk, the tenant portal, the library and notifications.

Views are thin: they read through ``restrict`` (an object outside the user's scope is a 404)
and change tickets only through :mod:`microparks.apps.servicedesk.services`. A wrong role is a
403 (``role_required`` or :class:`~microparks.apps.servicedesk.services.ActionRefused`); a
refused transition or attachment comes back as a message on the page. Each action form posts
the revision its page showed; an action on a ticket that changed since is refused (409) with
the page as it is now, what changed, and the user's text back in its form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import Role
from microparks.apps.common import clock
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.common.revision_forms import conflict_lines, seen_in
from microparks.apps.common.revisions import EditConflict
from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.rules.models import RulesDocument
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.analytics import (
    GROUPINGS,
    at_risk_tenants,
    chart_data,
    describe,
    ticket_stats,
)
from microparks.apps.servicedesk.attachments import AttachmentRefused
from microparks.apps.servicedesk.forms import (
    AnswerForm,
    AssignForm,
    RateForm,
    ReassignForm,
    ReplyForm,
    TextForm,
    TicketForm,
)
from microparks.apps.servicedesk.library import articles_for
from microparks.apps.servicedesk.models import (
    Article,
    Attachment,
    Notification,
    Ticket,
    TicketEvent,
)
from microparks.apps.servicedesk.policies import missed_any, missed_deadlines, recorded_basis
from microparks.apps.servicedesk.unread import mark_ticket_read, unread_ticket_ids

STAFF_ROLES = frozenset({Role.OFFICIAL, Role.PARK_MANAGER, Role.HANDLER})
TENANT_ROLES = frozenset({Role.ENTERPRISE})
S = Ticket.Status


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The nav link's target: the desk for staff, the portal for tenants, else the library."""
    user: Any = request.user
    if user.has_role(*STAFF_ROLES):
        return redirect("servicedesk:ticket_list")
    if user.role == Role.ENTERPRISE:
        return redirect("servicedesk:portal")
    return redirect("servicedesk:library")


def _tickets(request: HttpRequest) -> Any:
    return Ticket.objects.restrict(request.user).select_related(
        "enterprise", "park", "department", "assignee"
    )


@role_required(STAFF_ROLES)
def ticket_list(request: HttpRequest) -> HttpResponse:
    rows = _tickets(request)
    now = clock.now()
    status = request.GET.get("status", "")
    if status == "open":
        rows = rows.exclude(status=S.CLOSED)
    elif status == "overdue":  # 逾期: the same rule as the badge and the escalation job
        rows = rows.filter(missed_any(now))
    elif status in S.values:
        rows = rows.filter(status=status)
    category = request.GET.get("category", "")
    if category in Ticket.Category.values:
        rows = rows.filter(category=category)
    tier = request.GET.get("tier", "")
    if tier in Ticket.Tier.values:
        rows = rows.filter(tier=tier)
    page = paginate(request, rows)
    unread = unread_ticket_ids(request.user)
    context = {
        "page": page,
        "rows": [(t, missed_deadlines(t, now), t.pk in unread) for t in page],
        "statuses": S.choices,
        "categories": Ticket.Category.choices,
        "tiers": Ticket.Tier.choices,
        "status": status,
        "category": category,
        "tier": tier,
    }
    return render(request, "servicedesk/list.html", context)


def _detail_context(request: HttpRequest, ticket: Ticket) -> dict[str, Any]:
    mark_ticket_read(request.user, ticket)
    events = list(ticket.events.select_related("actor"))
    return {
        "ticket": ticket,
        "events": events,
        "supervision": [e for e in events if e.kind == TicketEvent.Kind.SUPERVISED],
        "attachments": ticket.attachments.all(),
        "suggested": articles_for(request.user, ticket.category)[:5],
        "linked": ticket.articles.all(),
        "missed": missed_deadlines(ticket, clock.now()),
        "basis": _basis_links(request, ticket),
    }


def _basis_links(request: HttpRequest, ticket: Ticket) -> list[tuple[str, str]]:
    """``(label, url)`` of each document the ticket's deadlines were counted on.

    A link only where the user may read the document and the rules pages exist.
    """
    basis = recorded_basis(ticket)
    if basis is None:
        return []
    readable = set(
        RulesDocument.objects.restrict(request.user)
        .filter(pk__in=[d.pk for d in basis.documents])
        .values_list("pk", flat=True)
    )
    out = []
    for doc in basis.documents:
        try:
            url = reverse("rules:detail", args=[doc.pk]) if doc.pk in readable else ""
        except NoReverseMatch:
            url = ""
        out.append((str(doc.label), url))
    return out


@role_required(STAFF_ROLES)
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_page(request, get_object_or_404(_tickets(request), pk=pk))


def _staff_page(
    request: HttpRequest,
    ticket: Ticket,
    conflict: EditConflict | None = None,
    kept: dict[str, str] | None = None,
) -> HttpResponse:
    """The desk's ticket page; after a refused stale action, with what changed (409).

    The action forms carry the revision shown here; ``kept`` maps the refused action to its
    text, put back in its form so that it is not lost.
    """
    user: Any = request.user
    managers = user.has_role(Role.OFFICIAL, Role.PARK_MANAGER)
    redirectable = ticket.is_escalated and ticket.status in (S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS)
    context = _detail_context(request, ticket) | {
        "reassign_form": ReassignForm(ticket) if managers and redirectable else None,
        "can_supervise": user.has_role(Role.OFFICIAL) and redirectable,
        "reply_form": ReplyForm(),
        "assign_form": AssignForm(ticket)
        if managers and ticket.status in (S.RECEIVED, S.ASSIGNED)
        else None,
        "can_start": ticket.status == S.ASSIGNED,
        "can_ask": ticket.status in (S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS),
        "can_respond": ticket.status == S.IN_PROGRESS and ticket.waiting_since is None,
        "can_close": managers and ticket.status == S.RESPONDED,
        "can_reopen": managers and ticket.status in (S.RESPONDED, S.CLOSED),
        "text_form": TextForm(),
        "conflict": conflict_lines(conflict, action=True) if conflict else [],
        "kept": kept or {},
    }
    context["may_link"] = True
    keys = (
        "assign_form",
        "can_start",
        "can_ask",
        "can_respond",
        "can_close",
        "can_reopen",
        "reassign_form",
        "can_supervise",
    )
    context["has_actions"] = any(context[k] for k in keys)
    status = 409 if conflict else 200
    return render(request, "servicedesk/detail.html", context, status=status)


def _text(request: HttpRequest) -> str:
    form = TextForm(request.POST)
    return form.cleaned_data["text"] if form.is_valid() else ""


STAFF_TEXT_ACTIONS: dict[str, Callable[..., Ticket]] = {
    "close": sv.do_close,
    "reopen": sv.do_reopen,
    "supervise": sv.do_supervise,
}
# Replies to the enterprise, with files.
STAFF_REPLIES: dict[str, Callable[..., Ticket]] = {"ask": sv.do_ask, "respond": sv.do_respond}


@require_POST
@role_required(STAFF_ROLES)
def ticket_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    ticket = get_object_or_404(_tickets(request), pk=pk)
    user: Any = request.user
    try:
        if action == "assign":
            form = AssignForm(ticket, request.POST)
            if not form.is_valid():
                raise sv.TransitionRefused(_("Choose a department."))
            department, handler = form.cleaned_data["department"], form.cleaned_data["handler"]
            seen = seen_in(request.POST, {"department": department, "assignee": handler})
            sv.do_assign(user, ticket, department, handler, seen=seen)
        elif action == "start":
            sv.do_start(user, ticket, seen=seen_in(request.POST))
        elif action == "reassign":
            reassign = ReassignForm(ticket, request.POST)
            if not reassign.is_valid():
                raise sv.TransitionRefused(_("Choose a department and say why."))
            data = reassign.cleaned_data
            seen = seen_in(request.POST, {"department": data["department"]})
            sv.do_reassign(
                user, ticket, data["department"], data["handler"], data["reason"], seen=seen
            )
        elif action in STAFF_REPLIES:
            reply = ReplyForm(request.POST, request.FILES)
            if not reply.is_valid():
                raise sv.TransitionRefused(_("Write the text."))
            text, files = reply.cleaned_data["text"], reply.cleaned_data["attachments"]
            yours = {"response": text} if action == "respond" else {}
            seen = seen_in(request.POST, yours)
            STAFF_REPLIES[action](user, ticket, text, seen=seen, files=files)
        elif action in STAFF_TEXT_ACTIONS:
            text = _text(request)
            yours = {"response": text} if action == "respond" else {}
            STAFF_TEXT_ACTIONS[action](user, ticket, text, seen=seen_in(request.POST, yours))
        elif action == "link":  # only adds to the ticket's reading list: nothing to overwrite
            found = articles_for(user).filter(pk=request.POST.get("article") or 0).first()
            if found is None:
                return HttpResponse(status=404)
            sv.do_link_article(user, ticket, found)
        else:
            return HttpResponse(status=404)
    except EditConflict as conflict:
        fresh = get_object_or_404(_tickets(request), pk=pk)
        return _staff_page(request, fresh, conflict, {action: _text(request)})
    except (sv.TransitionRefused, AttachmentRefused) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("servicedesk:ticket_detail", pk=ticket.pk)


def _own(request: HttpRequest) -> Any:
    return Ticket.objects.restrict(request.user).select_related("park", "department")


@role_required(TENANT_ROLES)
def portal(request: HttpRequest) -> HttpResponse:
    tickets = _own(request)
    categories = set(tickets.values_list("category", flat=True))
    policies = [
        a
        for a in articles_for(request.user).filter(kind=Article.Kind.POLICY)
        if not a.category_list() or categories & set(a.category_list())
    ]
    context = {
        "page": paginate(request, tickets),
        "unread": unread_ticket_ids(request.user),
        "policies": policies,
        "to_rate": tickets.filter(status=S.RESPONDED).count(),
        "questions": tickets.filter(waiting_since__isnull=False).count(),
    }
    return render(request, "servicedesk/portal.html", context)


@role_required(TENANT_ROLES)
def portal_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TicketForm(user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = sv.NewTicket(
            enterprise=user.enterprise,
            park=data["park"],
            category=data["category"],
            title=data["title"],
            description=data["description"],
            priority=data["priority"],
        )
        try:
            ticket = sv.do_file_ticket(user, new, data["attachments"])
        except (AttachmentRefused, sv.TransitionRefused) as exc:
            form.add_error("attachments" if isinstance(exc, AttachmentRefused) else None, str(exc))
        else:
            messages.success(request, _("Your request was received."))
            return redirect("servicedesk:portal_detail", pk=ticket.pk)
    category = request.GET.get("category", "")
    context = {
        "form": form,
        "suggested": articles_for(user, category)[:8] if category else articles_for(user)[:8],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "servicedesk/portal_new.html", context, status=status)


@role_required(TENANT_ROLES)
def portal_suggest(request: HttpRequest) -> HttpResponse:
    """The library's articles for the category being chosen on the filing form (htmx)."""
    category = request.GET.get("category", "")
    if category not in Ticket.Category.values:
        category = ""
    suggested = articles_for(request.user, category)[:8]
    return render(request, "servicedesk/_suggestions.html", {"suggested": suggested})


@role_required(TENANT_ROLES)
def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _portal_page(request, get_object_or_404(_own(request), pk=pk))


def _portal_page(
    request: HttpRequest,
    ticket: Ticket,
    conflict: EditConflict | None = None,
    kept: dict[str, dict[str, str]] | None = None,
) -> HttpResponse:
    """The tenant's ticket page; after a refused stale action, with what changed (409).

    ``kept`` maps the refused action to what it posted, put back in its form (not the files).
    """
    kept = kept or {}
    context = _detail_context(request, ticket) | {
        "answer_form": AnswerForm(initial=kept.get("answer")) if ticket.waiting_since else None,
        "rate_form": RateForm(initial=kept.get("rate")) if ticket.status == S.RESPONDED else None,
        "can_reopen": ticket.status in (S.RESPONDED, S.CLOSED),
        "text_form": TextForm(),
        "conflict": conflict_lines(conflict, action=True) if conflict else [],
        "kept": kept.get("reopen", {}),
    }
    status = 409 if conflict else 200
    return render(request, "servicedesk/portal_detail.html", context, status=status)


@require_POST
@role_required(TENANT_ROLES)
def portal_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    ticket = get_object_or_404(_own(request), pk=pk)
    user: Any = request.user
    seen = seen_in(request.POST)
    try:
        if action == "answer":
            form = AnswerForm(request.POST, request.FILES)
            if not form.is_valid():
                raise sv.TransitionRefused(_("Write the answer."))
            data = form.cleaned_data
            sv.do_answer(user, ticket, data["text"], data["attachments"], seen=seen)
        elif action == "rate":
            rate = RateForm(request.POST)
            if not rate.is_valid():
                raise sv.TransitionRefused(_("The rating must be from 1 to 5."))
            score, comment = rate.cleaned_data["score"], rate.cleaned_data["comment"]
            yours = {"satisfaction": score, "satisfaction_comment": comment}
            sv.do_rate(user, ticket, score, comment, seen=seen_in(request.POST, yours))
        elif action == "reopen":
            sv.do_reopen(user, ticket, _text(request), seen=seen)
        else:
            return HttpResponse(status=404)
    except EditConflict as conflict:
        fresh = get_object_or_404(_own(request), pk=pk)
        posted = {k: request.POST.get(k, "") for k in ("text", "score", "comment")}
        return _portal_page(request, fresh, conflict, {action: posted})
    except (sv.TransitionRefused, AttachmentRefused) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you."))
    return redirect("servicedesk:portal_detail", pk=ticket.pk)


@role_required(STAFF_ROLES | TENANT_ROLES)  # type: ignore[arg-type]
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    row = get_object_or_404(Attachment.objects.restrict(request.user), pk=pk)
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name)


@login_required
def library(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    if category not in Ticket.Category.values:
        category = ""
    # each row names its county: read with the row, without the boundary nor the text
    articles = articles_for(request.user, category).select_related("region")
    context = {
        "page": paginate(request, articles.defer("region__geometry", "body")),
        "categories": Ticket.Category.choices,
        "category": category,
    }
    return render(request, "servicedesk/library.html", context)


@login_required
def article(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(articles_for(request.user), pk=pk)
    return render(request, "servicedesk/article.html", {"article": row})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(user=request.user.pk).select_related("ticket")
    if request.method == "POST":
        rows.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("servicedesk:notifications")
    return render(request, "servicedesk/notifications.html", {"page": paginate(request, rows)})


@role_required(STAFF_ROLES)
def analytics(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by", "category")
    if by not in GROUPINGS:
        by = "category"
    tickets = Ticket.objects.restrict(request.user)
    stats = ticket_stats(tickets, by)
    firms = tickets.values("enterprise")
    records = AnnualRecord.objects.restrict(request.user).filter(enterprise__in=firms)
    risks = [
        (r.enterprise, [describe(reason, values) for reason, values in r.reasons])
        for r in at_risk_tenants(tickets, records)
    ]
    totals = {
        "tickets": sum(s.tickets for s in stats),
        "closed": sum(s.closed for s in stats),
        "rated": sum(s.rated for s in stats),
    }
    labels = {
        "compliance": _("Deadline compliance (%)"),
        "closure": _("Closure rate (%)"),
        "days": _("Working days to close"),
        "satisfaction": _("Satisfaction (1–5)"),
    }
    context = {
        "by": by,
        "groupings": [
            ("category", _("Category")),
            ("department", _("Department")),
            ("park", _("Park")),
            ("month", _("Month")),
        ],
        "stats": stats,
        "totals": totals,
        "chart": chart_data(stats) | {"names": labels},
        "risks": risks,
    }
    return render(request, "servicedesk/analytics.html", context)
