"""Evaluation pages: campaigns, results with the distribution, a firm's sheet, park ranking."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import ALL_STAFF, CHANGE, Role
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import ENTERPRISE_ROLES, role_required
from microparks.apps.common.xlsx_templates import template_response
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.evaluation import ranking, services, sheets
from microparks.apps.evaluation.campaign_export import campaign_workbook
from microparks.apps.evaluation.forms import CampaignForm, DecisionForm, ObjectionForm, VetoForm
from microparks.apps.evaluation.labels import (
    FLAG_ACTION,
    FLAG_LABELS,
    GROUP_LABELS,
    INDICATOR_LABELS,
    UNIT_LABELS,
)
from microparks.apps.evaluation.models import Campaign, Objection, Result
from microparks.apps.evaluation.notices import latest_notices, notice_text
from microparks.apps.evaluation.published import published_results
from microparks.apps.evaluation.record_jobs import RECORDS_IMPORT, enqueue_upload, imported_count
from microparks.apps.evaluation.records import template_rows
from microparks.apps.evaluation.reminders import unfiled_firms
from microparks.apps.jobs.uploads import check_upload
from microparks.apps.rules import services as rules
from microparks.apps.rules.vocabularies import vocabulary_in_effect
from microparks.core.evaluation import INDICATORS, SMALL_GROUP

OFFICIALS = frozenset({Role.OFFICIAL})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRMS = frozenset({Role.ENTERPRISE})


def _is_firm(user: Any) -> bool:
    return bool(user.role == Role.ENTERPRISE and not user.is_superuser)


@role_required(ENTERPRISE_ROLES)
def campaign_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if _is_firm(user):
        results = published_results(user)
        context: dict[str, Any] = {
            "results": results,
            "notices": [(n, notice_text(n)) for n in latest_notices(user)],
        }
        return render(request, "evaluation/my_results.html", context)
    may_create = user.has_role(Role.OFFICIAL) and bool(user.region_id or user.role == Role.ADMIN)
    form = CampaignForm(request.POST or None, region=user.region)
    if request.method == "POST":
        if not may_create or user.region is None:
            raise PermissionDenied
        if form.is_valid():
            campaign = form.save(commit=False)
            campaign.region = user.region
            try:
                with transaction.atomic():
                    campaign.save()
            except IntegrityError:
                form.add_error(None, _("This county already has that evaluation."))
            else:
                return redirect("evaluation:campaign_detail", campaign.pk)
    campaigns = Campaign.objects.restrict(user).select_related("region", "rules")
    page = paginate(request, campaigns.defer("region__geometry", "rules__content"))
    context = {"page": page, "form": form, "may_create": may_create}
    return render(request, "evaluation/list.html", context)


def _campaign(request: HttpRequest, pk: int, action: str = "view") -> Campaign:
    found: Campaign = get_object_or_404(Campaign.objects.restrict(request.user, action), pk=pk)
    return found


@role_required(ALL_STAFF)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = _campaign(request, pk)
    campaign = Campaign.objects.select_related("rules", "region").get(pk=campaign.pk)
    results = (
        Result.objects.restrict(user)
        .filter(campaign=campaign)
        .select_related("enterprise", "park")
        .order_by("evaluation_class", "-total", "pk")
    )
    # The counts and the chart cover every firm; the table shows one page of them.
    figures = list(results.values_list("evaluation_class", "total"))
    counts = dict.fromkeys("ABCDT", 0)
    for cls, _total in figures:
        counts[cls] += 1
    chart = {
        "totals": [total for _cls, total in figures if total is not None],
        "classes": [cls for cls, total in figures if total is not None],
        "labels": {"total": _("Total score"), "firms": _("Firms")},
    }
    may_edit = Campaign.objects.restrict(user, CHANGE).filter(pk=campaign.pk).exists()
    objections = Objection.objects.restrict(user).filter(result__campaign=campaign)
    vetoes = campaign.vetoes.select_related("enterprise")
    veto_form = VetoForm(enterprises=_campaign_firms(campaign)) if may_edit else None
    context = {
        "campaign": campaign,
        "page": paginate(request, results),
        "counts": counts,
        "chart": chart,
        "may_edit": may_edit,
        "objections": paginate(
            request,
            objections.select_related("result__enterprise", "decided_by"),
            param="objections",
        ),
        "decision_form": DecisionForm(),
        "vetoes": vetoes,
        "veto_form": veto_form,
        "newer_scheme": services.newer_scheme(campaign) if campaign.run_at else None,
        "imported": _imported_note(request),
        "publications": campaign.publications.all(),
        "small_groups": _small_groups(results),
        "unfiled": len(unfiled_firms(campaign)) if may_edit else None,
    }
    return render(request, "evaluation/detail.html", context)


def _small_groups(results: Any) -> list[dict[str, Any]]:
    """Groups graded by score bands for want of firms, with how many firms each had."""
    rows = results.filter(grade_basis=SMALL_GROUP).values_list("group", "notes")
    found: dict[str, int] = {}
    for group, notes in rows:
        small: dict[str, Any] = next((n for n in notes if n.get("code") == SMALL_GROUP), {})
        found[group] = int(small.get("firms", 0))
    return [{"group": group_label(g), "firms": n} for g, n in sorted(found.items())]


def _imported_note(request: HttpRequest) -> str:
    """What the records import that led here did (the job's result page is this one)."""
    n = imported_count(request)
    if n is None:
        return ""
    return _("%(n)d records updated; run the evaluation to use them.") % {"n": n}


def _campaign_firms(campaign: Campaign) -> Any:
    regions = campaign.region.descendant_ids()
    return Enterprise.objects.filter(leases__park__region_id__in=regions).distinct()


@require_POST
@role_required(OFFICIALS)
def campaign_action(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = _campaign(request, pk, CHANGE)
    action = request.POST.get("action")
    try:
        if action == "run":
            include = request.POST.get("include_unreviewed") == "1"
            report = services.run_evaluation(campaign, user, include_unreviewed=include)
            messages.success(
                request,
                _("%(n)d firms evaluated, %(t)d not evaluated (T), %(s)d skipped.")
                % {"n": report.evaluated, "t": report.not_evaluated, "s": len(report.skipped)},
            )
            if report.republished:
                campaign.refresh_from_db()
                messages.warning(
                    request,
                    _(
                        "%(n)d results changed: published again as round %(round)d, "
                        "objections until %(date)s."
                    )
                    % {
                        "n": report.changed,
                        "round": campaign.publication,
                        "date": campaign.objection_deadline,
                    },
                )
            elif campaign.status == Campaign.Status.PUBLISHED:
                messages.info(request, _("No result changed; the publication stands."))
            if report.unreviewed:
                messages.warning(
                    request,
                    _("%(n)d records were used without review.") % {"n": report.unreviewed},
                )
        elif action == "publish":
            services.publish_campaign(campaign, user)
            messages.success(request, _("Published; objections are open."))
        elif action == "finalise":
            services.finalise_campaign(campaign, user)
            messages.success(request, _("The evaluation is final."))
        else:
            messages.error(request, _("Unknown action."))
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:campaign_detail", campaign.pk)


@require_POST
@role_required(OFFICIALS)
def veto_new(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, CHANGE)
    form = VetoForm(request.POST, enterprises=_campaign_firms(campaign))
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        intro = _("Choose the enterprise and the reason, and give the evidence.")
        messages.error(request, " ".join([intro, *problems]))
        return redirect("evaluation:campaign_detail", campaign.pk)
    try:
        with transaction.atomic():
            services.record_veto(
                campaign,
                form.cleaned_data["enterprise"],
                form.cleaned_data["reason"],
                form.cleaned_data["evidence"],
                request.user,  # type: ignore[arg-type]
                form.cleaned_data["reference"],
            )
        messages.success(request, _("Veto recorded; run the evaluation to apply it."))
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    except IntegrityError:
        messages.error(request, _("This veto is recorded already."))
    return redirect("evaluation:campaign_detail", campaign.pk)


@role_required(ALL_STAFF)
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    results = Result.objects.restrict(request.user).filter(campaign=campaign)
    data = campaign_workbook(results, campaign, sheet_words)
    response = HttpResponse(data, content_type=XLSX)
    name = f"evaluation-{campaign.region.code}-{campaign.year}-{campaign.scheme}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(OFFICIALS)
def records_template(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, CHANGE)
    return template_response(
        request,
        "records",
        vocabulary_in_effect("records", campaign.region),
        rows=template_rows(campaign),
        filename=f"records-{campaign.region.code}-{campaign.year}.xlsx",
    )


@require_POST
@role_required(OFFICIALS)
def records_upload(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, CHANGE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("evaluation:campaign_detail", campaign.pk)
    try:  # size and archive checks before the file is kept
        check_upload(upload, "evaluation")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluation:campaign_detail", campaign.pk)
    # A county's sheet holds a row per firm: read, check and store it in a job, not here.
    back = reverse("evaluation:campaign_detail", args=[campaign.pk])
    job = enqueue_upload(RECORDS_IMPORT, request, campaign, upload, back)
    return redirect("jobs:detail", pk=job.pk)


@role_required(ALL_STAFF)
def park_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    results = Result.objects.restrict(request.user).filter(campaign=campaign)
    figures, parks = ranking.rank_parks(results)
    table = figures.table
    # the ranking covers every park; the table and the flags show a page each
    page = paginate(request, [int(p) for p in table.index.to_numpy() if int(p) in parks])
    occupancy = ranking.park_occupancy(list(page))
    rows = [
        {"park": parks[pid], "occupancy": occupancy[pid], **table.loc[pid].to_dict()}
        for pid in page
    ]
    flagged = paginate(
        request,
        results.exclude(low_efficiency=[])
        .select_related("enterprise", "park")
        .only("pk", "low_efficiency", "enterprise__name", "park__name")
        .order_by("park__name", "enterprise__name", "pk"),
        param="flags",
    )
    flags = [(r, [FLAG_LABELS[f] for f in r.low_efficiency]) for r in flagged]
    context = {
        "campaign": campaign,
        "page": page,
        "rows": rows,
        "county": figures.county,
        "flagged": flagged,
        "flags": flags,
        "flag_action": FLAG_ACTION,
    }
    return render(request, "evaluation/parks.html", context)


def sheet_words(result: Result) -> dict[str, str]:
    """The sheet's reason for the class and its 提升方向, for an export."""
    advice = sheets.next_class_advice(result, _items(result))
    return {
        "grade_reason": " ".join([sheets.grade_reason(result), *sheets.note_texts(result)]),
        "advice": " ".join(advice),
    }


def group_label(group: str) -> str:
    """A result's group in words (in the page's language)."""
    return str(GROUP_LABELS.get(group, group))


def _items(result: Result) -> list[dict[str, Any]]:
    """The items the result was scored on, as frozen with it (older results: their version)."""
    if result.weights:
        return list(result.weights)
    document = result.rules or result.campaign.rules
    group = next((g for g in rules.parse(document).groups if g.name == result.group), None)
    return services.frozen_weights(group) if group else []


def _sheet_rows(result: Result) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    hints: list[dict[str, Any]] = []
    for item in _items(result):
        indicator, weight = item["indicator"], item["weight"]
        value = result.indicators.get(indicator)
        bench = result.benchmarks.get(indicator)
        score = result.item_scores.get(indicator)
        target = bench[1] if isinstance(bench, list) else bench
        rows.append(
            {
                "label": INDICATOR_LABELS[indicator],
                "unit": UNIT_LABELS[INDICATORS[indicator].unit],
                "value": value,
                "benchmark": bench,
                "weight": weight,
                "score": score,
            }
        )
        cap = item["cap"] if item["cap"] is not None else weight
        if score is not None and target and score < cap:
            hints.append(
                {
                    "label": INDICATOR_LABELS[indicator],
                    "value": value,
                    "target": target,
                    "gain": min(cap, weight) - score,
                }
            )
    hints.sort(key=lambda h: -h["gain"])
    return rows, [h for h in hints if h["gain"] > 0.005][:3]


@role_required(ENTERPRISE_ROLES)
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    result = get_object_or_404(
        Result.objects.restrict(user).select_related(
            "campaign__rules", "enterprise", "park", "rules"
        ),
        pk=pk,
    )
    if _is_firm(user) and result.campaign.status == Campaign.Status.DRAFT:
        raise Http404
    rows, hints = _sheet_rows(result)
    context = {
        "result": result,
        "rows": rows,
        "hints": hints,
        "reason": sheets.grade_reason(result),
        "notes": sheets.note_texts(result),
        "advice": sheets.next_class_advice(result, _items(result)),
        "flags": [FLAG_LABELS[f] for f in result.low_efficiency],
        "flag_action": FLAG_ACTION,
        "objections": result.objections.all(),
        "may_object": services.may_object(result, user),
        "objection_form": ObjectionForm(),
    }
    return render(request, "evaluation/sheet.html", context)


@require_POST
@role_required(FIRMS)
def objection_submit(request: HttpRequest, pk: int) -> HttpResponse:
    result = get_object_or_404(Result.objects.restrict(request.user), pk=pk)
    form = ObjectionForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise services.EvaluationError(_("Say what is wrong."))
        services.submit_objection(
            result,
            request.user,  # type: ignore[arg-type]
            form.cleaned_data["text"],
            attachment=form.cleaned_data["attachment"],
        )
        messages.success(request, _("Your objection has been sent."))
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:result_detail", result.pk)


@require_POST
@role_required(OFFICIALS)
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.restrict(request.user, CHANGE), pk=pk)
    form = DecisionForm(request.POST)
    campaign_pk = objection.result.campaign_id
    try:
        if not form.is_valid():
            raise services.EvaluationError(_("Choose whether the objection is upheld."))
        services.decide_objection(
            objection,
            request.user,  # type: ignore[arg-type]
            form.cleaned_data["upheld"],
            form.cleaned_data["decision"],
        )
        messages.success(request, _("Objection decided."))
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:campaign_detail", campaign_pk)
