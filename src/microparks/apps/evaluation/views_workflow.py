"""Evaluation pages around the results: 催报 list, reminders, objection files, sheet downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import CHANGE, Role
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import ENTERPRISE_ROLES, role_required
from microparks.apps.evaluation import reminders
from microparks.apps.evaluation.campaign_export import result_row, workbook
from microparks.apps.evaluation.models import Campaign, Objection, Result
from microparks.apps.evaluation.services import EvaluationError
from microparks.apps.evaluation.views import XLSX, sheet_words

OFFICIALS = frozenset({Role.OFFICIAL})


@role_required(OFFICIALS)
def unfiled(request: HttpRequest, pk: int) -> HttpResponse:
    """The 催报 list: tenants that have not filed for the year, with the last reminder."""
    campaign = get_object_or_404(Campaign.objects.restrict(request.user, CHANGE), pk=pk)
    rows = reminders.unfiled_firms(campaign)
    context = {"campaign": campaign, "page": paginate(request, rows)}
    return render(request, "evaluation/unfiled.html", context)


@require_POST
@role_required(OFFICIALS)
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a reminder to the firms ticked on the list (or to every firm on it)."""
    campaign = get_object_or_404(Campaign.objects.restrict(request.user, CHANGE), pk=pk)
    if request.POST.get("all") == "1":
        chosen = [u.enterprise.pk for u in reminders.unfiled_firms(campaign)]
    else:
        chosen = [int(v) for v in request.POST.getlist("enterprise") if v.isdigit()]
    try:
        n = reminders.send_reminders(campaign, chosen, request.user)  # type: ignore[arg-type]
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        if n:
            messages.success(request, _("%(n)d firms reminded to file.") % {"n": n})
        else:
            messages.warning(request, _("Choose the firms to remind."))
    return redirect("evaluation:unfiled", campaign.pk)


@role_required(ENTERPRISE_ROLES)
def objection_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An objection's evidence file, for the firm itself and the county's staff."""
    objection = get_object_or_404(Objection.objects.restrict(request.user), pk=pk)
    if not objection.attachment:
        raise Http404
    file = objection.attachment.open("rb")
    response = FileResponse(file, as_attachment=True, filename=objection.attachment_name)
    return response  # type: ignore[return-value]  # streamed; the decorator names HttpResponse


@role_required(ENTERPRISE_ROLES)
def result_export(request: HttpRequest, pk: int) -> HttpResponse:
    """A firm's sheet as a workbook: indicators, scores, class, its reason and 提升方向."""
    user: Any = request.user
    result = get_object_or_404(
        Result.objects.restrict(user).select_related("campaign__rules", "enterprise", "rules"),
        pk=pk,
    )
    if user.role == Role.ENTERPRISE and result.campaign.status == Campaign.Status.DRAFT:
        raise Http404
    row = {_("Year"): result.campaign.year}
    row |= result_row(result, result.campaign, sheet_words(result))
    data = workbook([row])
    response = HttpResponse(data, content_type=XLSX)
    name = f"evaluation-{result.campaign.year}-{result.enterprise.credit_code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
