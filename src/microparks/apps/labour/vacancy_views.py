"""Vacancy pages: the job list, filing a vacancy, its status, and the printable poster.

Firms file their own vacancies in the tenant portal; park managers and county officials file
for tenants of their parks and county. Investment officers read. Handlers have no access; a
vacancy outside the user's scope is a 404, a change by a role that may only read a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import ALL_STAFF, CHANGE, Role
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.labour.models import STALE_DAYS, VACANCY_EDITORS, Vacancy
from microparks.apps.labour.vacancies import poster_text, qr_svg, stale_since, wage_text
from microparks.apps.labour.vacancy_forms import VacancyForm

READERS = ALL_STAFF | {Role.ENTERPRISE, Role.LABOUR_SERVICE}  # labour service: its county's
STATUS_FILTERS = ("open", "filled", "withdrawn", "all")


def _visible(request: HttpRequest, pk: int, action: str = "view") -> Vacancy:
    found: Vacancy | None = (
        Vacancy.objects.restrict(request.user, action)
        .select_related("enterprise", "park")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        if action != "view" and Vacancy.objects.restrict(request.user).filter(pk=pk).exists():
            raise PermissionDenied  # seen but not theirs to change
        raise Http404
    return found


@role_required(READERS)
def vacancy_list(request: HttpRequest) -> HttpResponse:
    """The vacancies the user may see, open ones by default; stale ones flagged."""
    status = request.GET.get("status") or "open"
    status = status if status in STATUS_FILTERS else "open"
    rows = Vacancy.objects.restrict(request.user).select_related("enterprise", "park", "case")
    if status != "all":
        rows = rows.filter(status=status)
    page = paginate(request, rows)
    changeable = set(
        Vacancy.objects.restrict(request.user, CHANGE)
        .filter(pk__in=[v.pk for v in page])
        .values_list("pk", flat=True)
    )
    stale = stale_since()
    items = [
        {
            "vacancy": v,
            "wage": wage_text(v),
            "stale": v.status == Vacancy.Status.OPEN and v.created_at < stale,
            "may_change": v.pk in changeable,
        }
        for v in page
    ]
    context = {
        "page": page,
        "items": items,
        "status": status,
        "statuses": [(s, _label(s)) for s in STATUS_FILTERS],
        "may_file": request.user.has_role(*VACANCY_EDITORS),  # type: ignore[union-attr]
        "stale_days": STALE_DAYS,
    }
    return render(request, "labour/vacancies.html", context)


def _label(status: str) -> str:
    return _("All") if status == "all" else str(Vacancy.Status(status).label)


@role_required(VACANCY_EDITORS)
def vacancy_new(request: HttpRequest) -> HttpResponse:
    """File a vacancy for one of the tenancies the user may file for."""
    form = VacancyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        vacancy = form.save(commit=False)
        vacancy.filed_by = request.user
        vacancy.save()
        messages.success(request, _("The vacancy is filed."))
        return redirect("labour:vacancy_list")
    return render(request, "labour/vacancy_form.html", {"form": form})


@require_POST
@role_required(VACANCY_EDITORS)
def vacancy_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a vacancy filled, withdrawn or open again."""
    vacancy = _visible(request, pk, CHANGE)
    status = request.POST.get("status", "")
    if status not in Vacancy.Status.values:
        messages.error(request, _("Unknown status."))
    elif status != vacancy.status:
        vacancy.status = status
        vacancy.save(update_fields=["status", "updated_at"])
        messages.success(request, _("The vacancy's status is changed."))
    return redirect("labour:vacancy_list")


@role_required(READERS)
def vacancy_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable poster for village notice boards, with a QR code of the vacancy's text."""
    vacancy = _visible(request, pk)
    context = {
        "vacancy": vacancy,
        "wage": wage_text(vacancy),
        # segno's markup of the text's modules: the text itself is not in it
        "qr_svg": mark_safe(qr_svg(poster_text(vacancy))),
        "printed": timezone.localdate(),
    }
    return render(request, "labour/vacancy_poster.html", context)
