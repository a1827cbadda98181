"""Job fair and training course pages (``/labour/events/``): the list, an event, its hires.

Officials, investment officers and park managers read their county's events; they record
events and hires as :mod:`.events` allows. Enterprise users and handlers get 403; an event of
another county is a 404, a change the user may only read a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import ALL_STAFF, CHANGE
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.labour.events import changeable_events, hire_firms, save_hire, visible_hires
from microparks.apps.labour.events_forms import EventForm, HireForm
from microparks.apps.labour.events_models import EVENT_EDITORS, EventHire, LabourEvent

KINDS = tuple(LabourEvent.Kind.values)


def _visible(request: HttpRequest, pk: int) -> LabourEvent:
    found: LabourEvent | None = (
        LabourEvent.objects.restrict(request.user)
        .select_related("region", "township", "park", "created_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _changeable(request: HttpRequest, pk: int) -> LabourEvent:
    event = _visible(request, pk)
    if not changeable_events(request.user).filter(pk=pk).exists():
        raise PermissionDenied  # seen but not theirs to change
    return event


@role_required(ALL_STAFF)
def event_list(request: HttpRequest) -> HttpResponse:
    """The county's job fairs and courses, newest first; filter by kind."""
    kind = request.GET.get("kind") or ""
    rows = LabourEvent.objects.restrict(request.user).select_related("township", "park")
    if kind in KINDS:
        rows = rows.filter(kind=kind)
    rows = rows.annotate(hired_total=Sum("hires__hired")).order_by("-start_date", "-pk")
    page = paginate(request, rows)
    context: dict[str, Any] = {
        "page": page,
        "kind": kind,
        "kinds": LabourEvent.Kind.choices,
        "may_add": request.user.has_role(*EVENT_EDITORS),  # type: ignore[union-attr]
    }
    return render(request, "labour/events.html", context)


def _saved(request: HttpRequest, form: EventForm, done: str) -> HttpResponse:
    event = form.save(commit=False)
    if event.created_by_id is None:
        event.created_by = request.user
    event.save()
    messages.success(request, done)
    return redirect("labour:event_detail", pk=event.pk)


@role_required(EVENT_EDITORS)
def event_new(request: HttpRequest) -> HttpResponse:
    """Record a job fair or a course of the user's county (a park manager: of their park)."""
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _saved(request, form, _("The event is recorded."))
    return render(request, "labour/event_form.html", {"form": form, "event": None})


@role_required(EVENT_EDITORS)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an event's details, attendance and certificates."""
    event = _changeable(request, pk)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _saved(request, form, _("The event is saved."))
    return render(request, "labour/event_form.html", {"form": form, "event": event})


@role_required(ALL_STAFF)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event with its attendance and outcomes: hires by firm, certificates."""
    event = _visible(request, pk)
    hires = list(visible_hires(request.user, event))
    deletable = set(
        EventHire.objects.restrict(request.user, CHANGE)
        .filter(pk__in=[h.pk for h in hires])
        .values_list("pk", flat=True)
    )
    firms = hire_firms(request.user, event)
    total = event.hires.aggregate(n=Sum("hired"))["n"] or 0
    context = {
        "event": event,
        "hires": [{"hire": h, "may_delete": h.pk in deletable} for h in hires],
        "hired_total": total,
        "hired_other": total - sum(h.hired for h in hires),
        "may_change": changeable_events(request.user).filter(pk=pk).exists(),
        "hire_form": HireForm(firms=firms) if firms.exists() else None,
    }
    return render(request, "labour/event_detail.html", context)


@require_POST
@role_required(EVENT_EDITORS)
def hire_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct how many a firm hired at the event."""
    event = _visible(request, pk)
    form = HireForm(request.POST, firms=hire_firms(request.user, event))
    if form.is_valid():
        save_hire(event, form.cleaned_data["enterprise"], form.cleaned_data["hired"])
        messages.success(request, _("The hires are recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("labour:event_detail", pk=event.pk)


@require_POST
@role_required(EVENT_EDITORS)
def hire_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a firm's hires from an event."""
    hire = EventHire.objects.restrict(request.user, CHANGE).filter(pk=pk).first()
    if hire is None:
        if EventHire.objects.restrict(request.user).filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    event_pk = hire.event_id
    hire.delete()
    messages.success(request, _("The hires are removed."))
    return redirect("labour:event_detail", pk=event_pk)
