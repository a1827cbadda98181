"""The pipeline pages: list, Kanban board (htmx), and a prospect's page with its actions.

Staff roles may look (each within their scope); the county official and the investment
officer act. The actions are thin: they call :mod:`microparks.apps.attraction.services`.
The stage moves (the move and signing forms, the board's drag) post the revision the page
showed; a prospect changed since is not moved, and the page says what changed (409).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.admission import gate, wording
from microparks.apps.admission.models import ConditionCheck, Decision, Declaration, Outcome
from microparks.apps.admission.services import is_current, latest_decision, run_admission
from microparks.apps.attraction import after_signing, services
from microparks.apps.attraction.forms import (
    ActivityForm,
    ConditionForm,
    DeclarationForm,
    MoveForm,
    OverrideForm,
    ProspectForm,
    SignForm,
)
from microparks.apps.attraction.funnel import build_funnel, check_commitments, export_workbook
from microparks.apps.attraction.models import EXITS, PIPELINE, Prospect
from microparks.apps.attraction.table_import import vocabulary_of
from microparks.apps.base import Role
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import PARK_ROLES, role_required
from microparks.apps.common.revision_forms import SEEN, conflict_lines, rebase, seen_in
from microparks.apps.common.revisions import EditConflict

VIEW_ROLES = PARK_ROLES
"""Who may open the pipeline pages (each sees the prospects of their scope)."""
EDIT_ROLES = frozenset({Role.OFFICIAL, Role.INVESTMENT})
"""Who may act on prospects (``Prospect.scope.edit``)."""


def _visible(request: HttpRequest) -> QuerySet[Prospect]:
    return Prospect.objects.restrict(request.user).select_related(
        "industry", "target_park", "owner"
    )


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


@role_required(VIEW_ROLES)
def pipeline_list(request: HttpRequest) -> HttpResponse:
    rows = _visible(request).order_by("next_follow_up", "name")
    stage = request.GET.get("stage", "")
    if stage in Prospect.Stage.values:
        rows = rows.filter(stage=stage)
    only_overdue = request.GET.get("overdue") == "1"
    if only_overdue:
        rows = services.overdue(rows)
    today = services.today()
    page = paginate(request, rows)
    context = {
        "page": page,
        "rows": [(p, services.is_overdue(p, today)) for p in page],
        "stages": Prospect.Stage.choices,
        "stage": stage,
        "only_overdue": only_overdue,
        "overdue_count": services.overdue(_visible(request)).count(),
        "may_create": request.user.has_role(*EDIT_ROLES),  # type: ignore[union-attr]
        "may_import": getattr(request.user, "region", None) is not None
        and request.user.has_role(*EDIT_ROLES),  # type: ignore[union-attr]
    }
    return render(request, "attraction/list.html", context)


LANE_SIZE = 30
"""Cards shown per lane of the board; the lane's heading counts them all and links to the list."""


def _board_context(request: HttpRequest) -> dict[str, Any]:
    # A province's pipeline holds thousands of prospects: each lane shows the most pressing
    # cards (next follow-up first, none last) and its count, in one query per lane.
    visible = _visible(request)
    counts = dict(visible.order_by().values_list("stage").annotate(n=Count("pk")))
    urgent = (F("next_follow_up").asc(nulls_last=True), "name", "pk")
    today = services.today()
    columns = []
    for stage in (*PIPELINE, *EXITS):
        shown = (
            visible.filter(stage=stage).order_by(*urgent)[:LANE_SIZE] if counts.get(stage) else []
        )
        cards = [(p, services.is_overdue(p, today)) for p in shown]
        columns.append((stage, Prospect.Stage(stage).label, cards, counts.get(stage, 0)))
    may_edit = request.user.has_role(*EDIT_ROLES)  # type: ignore[union-attr]
    shown_ids = [p.pk for _stage, _label, cards, _n in columns for p, _late in cards]
    return {
        "columns": columns,
        "may_edit": may_edit,
        "lane_size": LANE_SIZE,
        "flagged": after_signing.flagged_ids(visible.filter(pk__in=shown_ids)),
        "signed_notices": after_signing.unread_notices(request.user),
    }


@role_required(VIEW_ROLES)
def pipeline_board(request: HttpRequest) -> HttpResponse:
    return render(request, "attraction/board.html", _board_context(request))


@require_POST
@role_required(EDIT_ROLES)
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card (htmx): answer the board again, with the refusal if there is one."""
    prospect = get_object_or_404(_visible(request), pk=pk)
    stage = request.POST.get("stage", "")
    error: list[str] = []
    status = 200
    try:
        if stage == Prospect.Stage.SIGNED or stage in EXITS:
            raise ValidationError(
                _("Open the prospect to sign it or to record why it leaves the pipeline.")
            )
        seen = seen_in(request.POST, {"stage": stage})
        services.move_prospect(prospect, stage, request.user, seen=seen)
    except EditConflict as conflict:  # the card was dragged on a board older than the prospect
        error, status = conflict_lines(conflict, action=True), 409
    except ValidationError as exc:
        error, status = _errors(exc), 422
    context = _board_context(request) | {"error": error}
    return render(request, "attraction/_board.html", context, status=status)


@role_required(VIEW_ROLES)
def prospect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_object_or_404(_visible(request), pk=pk)
    return _detail(request, prospect)


def _detail(
    request: HttpRequest,
    prospect: Prospect,
    status: int = 200,
    conflict: EditConflict | None = None,
    **forms: Any,
) -> HttpResponse:
    """The prospect's page, with its forms.

    ``conflict``: a refused stale move, said above the forms (whose own may be gone: a
    prospect lost meanwhile offers no move).
    """
    user: Any = request.user
    decisions = list(Decision.objects.restrict(user).filter(prospect=prospect)[:10])
    latest = decisions[0] if decisions else None
    declaration = Declaration.objects.filter(prospect=prospect).first()
    moves = [s for s in services.allowed_moves(prospect.stage) if s != Prospect.Stage.SIGNED]
    may_edit = services.editable(user).filter(pk=prospect.pk).exists()
    shown = {SEEN: prospect.revision}
    after_signing.read_notices(user, [prospect.pk])  # the official has seen the warning now
    context = {
        "after_signing": after_signing.warning(after_signing.current(prospect)),
        "prospect": prospect,
        "conflict": conflict_lines(conflict, action=True) if conflict else [],
        "overdue": services.is_overdue(prospect),
        "decisions": decisions,
        "latest": latest,
        "reasons": _reasons(latest),
        "not_decided": gate.not_decided_reason(latest),
        "category_and_tier": wording.category_and_tier(latest.result) if latest else ("", ""),
        "blocked": gate.refusal_text(latest) if gate.blocking(prospect) and latest else "",
        "gate_override": gate.override_of(latest),
        "may_gate_override": gate.may_override(user, latest),
        "conditions": gate.conditions(latest)
        if latest and latest.outcome == Outcome.CONDITIONS
        else [],
        "override_form": forms.get("override_form") or OverrideForm(),
        "condition_form": forms.get("condition_form") or ConditionForm(),
        "latest_current": latest is not None and is_current(latest, prospect),
        "passing": services.passing_decision(prospect),
        "declaration": declaration,
        "activities": prospect.activities.select_related("by")[:50],
        "transitions": prospect.transitions.select_related("by", "decision")[:50],
        "commitment": getattr(prospect, "commitment", None),
        "may_edit": may_edit,
        "may_override": services.may_override(user, prospect),
        "may_sign": Prospect.Stage.SIGNED in services.allowed_moves(prospect.stage),
        "activity_form": forms.get("activity_form") or ActivityForm(),
        "move_form": forms.get("move_form") or MoveForm(moves=moves, initial=shown),
        "sign_form": forms.get("sign_form") or SignForm(initial=shown),
        "declaration_form": forms.get("declaration_form")
        or DeclarationForm(instance=declaration or Declaration(prospect=prospect)),
    }
    return render(request, "attraction/detail.html", context, status=status)


def _reasons(decision: Decision | None) -> list[dict[str, Any]]:
    """The fired rules worded: outcome label (准入 … 不予准入), what it checks, value, limit."""
    if decision is None:
        return []
    return [
        {
            **f,
            "outcome_text": Outcome(f["outcome"]).label if f.get("outcome") else "",
            "kind_text": wording.KINDS.get(f.get("message_id") or "", ""),
            "shown": wording.value_and_limit(f),
        }
        for f in wording.worded(decision.result)
    ]


def _editable_or_404(request: HttpRequest, pk: int) -> Prospect:
    """The prospect if the user may see it (else 404); the services check the change right."""
    return get_object_or_404(_visible(request), pk=pk)


@require_POST
@role_required(EDIT_ROLES)
def prospect_move(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = _editable_or_404(request, pk)
    moves = [s for s in services.allowed_moves(prospect.stage) if s != Prospect.Stage.SIGNED]
    form = MoveForm(request.POST, moves=moves)
    seen = seen_in(request.POST, {"stage": request.POST.get("stage", "")})
    try:
        if not form.is_valid():
            # A stage offered on a page out of date may be gone: say what changed first.
            seen.check(prospect, lock=False)
            return _detail(request, prospect, 422, move_form=form)
        data = form.cleaned_data
        services.move_prospect(
            prospect, data["stage"], request.user, reason=data["reason"], seen=seen
        )
    except EditConflict as conflict:
        rebase(form, conflict)
        return _detail(request, _editable_or_404(request, pk), 409, conflict, move_form=form)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, prospect, 422, move_form=form)
    messages.success(request, _("Moved to %(stage)s.") % {"stage": prospect.get_stage_display()})
    return redirect("attraction:prospect_detail", pk=prospect.pk)


@require_POST
@role_required(EDIT_ROLES)
def prospect_activity(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = _editable_or_404(request, pk)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return _detail(request, prospect, 422, activity_form=form)
    try:
        services.log_activity(prospect, request.user, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, prospect, 422, activity_form=form)
    messages.success(request, _("Activity logged."))
    return redirect("attraction:prospect_detail", pk=prospect.pk)


@require_POST
@role_required(EDIT_ROLES)
def prospect_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = _editable_or_404(request, pk)
    if not services.editable(request.user).filter(pk=prospect.pk).exists():
        raise PermissionDenied
    instance = Declaration.objects.filter(prospect=prospect).first()
    form = DeclarationForm(request.POST, instance=instance or Declaration(prospect=prospect))
    if not form.is_valid():
        return _detail(request, prospect, 422, declaration_form=form)
    decision = services.save_declaration(request.user, form.save(commit=False))
    messages.success(
        request,
        _("Admission data saved; admission decision: %(outcome)s.")
        % {"outcome": decision.get_outcome_display()},
    )
    return redirect("attraction:prospect_detail", pk=prospect.pk)


@require_POST
@role_required(EDIT_ROLES)
def prospect_override(request: HttpRequest, pk: int) -> HttpResponse:
    """Override the latest decision (a reject) with a written reason."""
    prospect = _editable_or_404(request, pk)
    form = OverrideForm(request.POST)
    decision = latest_decision(prospect)
    if not form.is_valid() or decision is None:
        return _detail(request, prospect, 422, override_form=form)
    try:
        gate.override(decision, request.user, form.cleaned_data["reason"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, prospect, 422, override_form=form)
    messages.success(request, _("The rejection is overridden for this decision."))
    return redirect("attraction:prospect_detail", pk=prospect.pk)


@require_POST
@role_required(EDIT_ROLES)
def prospect_condition(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a condition of the latest decision met, with evidence (text and/or a file)."""
    prospect = _editable_or_404(request, pk)
    form = ConditionForm(request.POST, request.FILES)
    decision = latest_decision(prospect)
    if not form.is_valid() or decision is None:
        return _detail(request, prospect, 422, condition_form=form)
    try:
        gate.mark_condition_met(
            decision,
            form.cleaned_data["condition"],
            request.user,
            evidence=form.cleaned_data["evidence"],
            attachment=form.cleaned_data["attachment"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, prospect, 422, condition_form=form)
    messages.success(request, _("The condition is marked met."))
    return redirect("attraction:prospect_detail", pk=prospect.pk)


@require_POST
@role_required(EDIT_ROLES)
def prospect_admission(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = _editable_or_404(request, pk)
    try:
        decision = run_admission(prospect, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(
            request,
            _("Admission decision: %(outcome)s.") % {"outcome": decision.get_outcome_display()},
        )
    return redirect("attraction:prospect_detail", pk=prospect.pk)


@require_POST
@role_required(EDIT_ROLES)
def prospect_sign(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = _editable_or_404(request, pk)
    form = SignForm(request.POST)
    seen = seen_in(request.POST, {"stage": Prospect.Stage.SIGNED})
    try:
        if not form.is_valid():
            seen.check(prospect, lock=False)  # as in prospect_move
            return _detail(request, prospect, 422, sign_form=form)
        services.sign_prospect(
            prospect,
            request.user,
            form.commitment(),
            justification=form.cleaned_data["justification"],
            credit_code=form.cleaned_data["credit_code"],
            size=form.cleaned_data["size"],
            seen=seen,
        )
    except EditConflict as conflict:
        rebase(form, conflict)
        return _detail(request, _editable_or_404(request, pk), 409, conflict, sign_form=form)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, prospect, 422, sign_form=form)
    messages.success(request, _("Signed."))
    return redirect("attraction:prospect_detail", pk=prospect.pk)


@role_required(EDIT_ROLES)
def prospect_new(request: HttpRequest) -> HttpResponse:
    form = ProspectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        prospect = form.save(commit=False)
        prospect.industry = form.cleaned_data["industry_code"]
        try:
            services.create_prospect(request.user, prospect)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Lead created."))
            return redirect("attraction:prospect_detail", pk=prospect.pk)
    status = 422 if form.is_bound else 200
    return render(request, "attraction/new.html", {"form": form}, status=status)


@role_required(VIEW_ROLES)  # type: ignore[arg-type]
def prospect_evidence(request: HttpRequest, pk: int, check_pk: int) -> HttpResponseBase:
    """The file that shows a condition met (media files are not served publicly)."""
    prospect = get_object_or_404(_visible(request), pk=pk)
    checks = ConditionCheck.objects.restrict(request.user).exclude(attachment="")
    check = get_object_or_404(checks, pk=check_pk, decision__prospect=prospect)
    name = Path(check.attachment.name).name
    return FileResponse(check.attachment.open("rb"), as_attachment=True, filename=name)


@role_required(EDIT_ROLES)
def prospect_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a prospect's data; a change the admission gate reads runs it again."""
    prospect = _editable_or_404(request, pk)
    if not services.editable(request.user).filter(pk=prospect.pk).exists():
        raise PermissionDenied
    # The page's copy is stale when the revision it was loaded from is no longer the stored one.
    stale = request.method == "POST" and request.POST.get(SEEN) != str(prospect.revision)
    form = ProspectForm(request.POST or None, instance=prospect, user=request.user)
    if request.method == "POST" and _save_edit(request, form):
        messages.success(request, _("Prospect saved."))
        return redirect("attraction:prospect_detail", pk=prospect.pk)
    status = (409 if stale else 422) if form.is_bound else 200
    context = {"form": form, "prospect": prospect}
    return render(request, "attraction/new.html", context, status=status)


def _save_edit(request: HttpRequest, form: ProspectForm) -> bool:
    """Validate and save in one transaction: the revision checked stays locked until saved."""
    try:
        with transaction.atomic():
            if not form.is_valid():
                return False
            prospect = form.save(commit=False)
            prospect.industry = form.cleaned_data["industry_code"]
            changed = ["industry" if n == "industry_code" else n for n in form.changed_data]
            services.update_prospect(request.user, prospect, changed)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


@role_required(VIEW_ROLES)
def pipeline_funnel(request: HttpRequest) -> HttpResponse:
    prospects = Prospect.objects.restrict(request.user)
    funnel = build_funnel(prospects)
    checks = check_commitments(prospects)
    by = [(_("By source"), funnel.by_source), (_("By owner"), funnel.by_owner)]
    context = {"funnel": funnel, "chart": funnel.chart(), "checks": checks, "by": by}
    return render(request, "attraction/funnel.html", context)


@role_required(VIEW_ROLES)
def pipeline_export(request: HttpRequest) -> HttpResponse:
    prospects = Prospect.objects.restrict(request.user)
    words, _doc = vocabulary_of("prospects", getattr(request.user, "region", None))
    data = export_workbook(prospects, build_funnel(prospects), check_commitments(prospects), words)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"pipeline-{services.today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
