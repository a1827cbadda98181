"""The officials' side of record collection: review, correct, lock, unlock, bureau figures.

County officials act; park managers and investment officers of the county see the same pages
without the forms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import ALL_STAFF, CHANGE, Role
from microparks.apps.common.display import person_name
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.common.revision_forms import SEEN, refuse_stale
from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, RecordEvent
from microparks.apps.enterprises.provenance import RecordLockedError, provenance
from microparks.apps.evaluation import submissions
from microparks.apps.evaluation.forms import (
    AcceptForm,
    BureauUploadForm,
    CorrectionForm,
    ReturnForm,
    ReviewStepForm,
    UnlockForm,
)
from microparks.apps.evaluation.models import Campaign, Submission
from microparks.apps.evaluation.record_jobs import BUREAU_IMPORT, enqueue_upload, imported_count
from microparks.apps.evaluation.services import EvaluationError

OFFICIALS = frozenset({Role.OFFICIAL})


def value_rows(record: AnnualRecord) -> list[dict[str, Any]]:
    """Each figure of ``record`` with its current provenance and its history (for a tooltip)."""
    labels = {f.name: f.verbose_name for f in AnnualRecord._meta.fields}
    latest = provenance(record)
    history: dict[str, list[str]] = {}
    for e in record.events.filter(kind=RecordEvent.Kind.VALUE).select_related("user"):
        # Local time (stored in UTC); the person by name.
        line = _("%(at)s %(source)s %(who)s: %(old)s → %(new)s") % {
            "at": f"{timezone.localtime(e.at):%Y-%m-%d %H:%M}",
            "source": e.get_source_display(),
            "who": person_name(e.user),
            "old": e.old_value,
            "new": e.new_value,
        }
        history.setdefault(e.field, []).append(line + (f" ({e.note})" if e.note else ""))
    return [
        {
            "name": name,
            "label": labels[name],
            "value": getattr(record, name),
            "event": latest.get(name),
            "history": "\n".join(history.get(name, [])),
        }
        for name in VALUE_FIELDS
    ]


def _campaign(request: HttpRequest, pk: int, action: str = "view") -> Campaign:
    found: Campaign = get_object_or_404(Campaign.objects.restrict(request.user, action), pk=pk)
    return found


def _record(request: HttpRequest, campaign: Campaign, record_pk: int) -> AnnualRecord:
    record: AnnualRecord = get_object_or_404(
        AnnualRecord.objects.restrict(request.user).select_related("enterprise"), pk=record_pk
    )
    if record.year != campaign.year or record not in submissions.campaign_records(campaign):
        raise Http404
    return record


def _imported_note(request: HttpRequest) -> str:
    """What the bureau import that led here did (the job's result page is this one)."""
    n = imported_count(request)
    if n is None:
        return ""
    return _("%(n)d firms' figures imported.") % {"n": n}


@role_required(ALL_STAFF)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    visible = set(AnnualRecord.objects.restrict(request.user).values_list("pk", flat=True))
    records = [r for r in submissions.campaign_records(campaign) if r.pk in visible]
    filings = {
        s.enterprise_id: s
        for s in Submission.objects.filter(
            year=campaign.year, enterprise_id__in=[r.enterprise_id for r in records]
        )
    }
    rows: list[dict[str, Any]] = [
        {"record": r, "filing": filings.get(r.enterprise_id)} for r in records
    ]
    may_edit = Campaign.objects.restrict(request.user, CHANGE).filter(pk=campaign.pk).exists()
    context = {
        "campaign": campaign,
        "page": paginate(request, rows),
        "may_edit": may_edit,
        "bureau_form": BureauUploadForm() if may_edit else None,
        "imported": _imported_note(request),
        "pending": sum(
            1 for r in rows if r["filing"] and r["filing"].status in submissions.UNREVIEWED
        ),
    }
    return render(request, "evaluation/review.html", context)


STEPS: dict[str, type[ReviewStepForm]] = {
    "accept": AcceptForm,
    "return": ReturnForm,
    "correct": CorrectionForm,
    "unlock": UnlockForm,
}
"""Each step an official takes on the record page, with its form (``<action>_form`` there)."""


def _page(
    request: HttpRequest,
    campaign: Campaign,
    record: AnnualRecord,
    conflict: Any = (),
    **bound: ReviewStepForm,
) -> HttpResponse:
    """The record page; every step's form carries the revision shown (``bound``: kept input)."""
    may_edit = Campaign.objects.restrict(request.user, CHANGE).filter(pk=campaign.pk).exists()
    seen = {SEEN: record.revision}
    context: dict[str, Any] = {
        "campaign": campaign,
        "record": record,
        "filing": Submission.objects.filter(enterprise=record.enterprise, year=record.year).first(),
        "rows": value_rows(record),
        "steps": record.events.exclude(kind=RecordEvent.Kind.VALUE).select_related("user"),
        "may_edit": may_edit,
        "conflict": conflict,
        **{f"{action}_form": form(initial=seen) for action, form in STEPS.items()},
        **bound,
    }
    return render(request, "evaluation/record.html", context)


@role_required(ALL_STAFF)
def record_detail(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    return _page(request, campaign, _record(request, campaign, record_pk))


def _typed(name: str, value: Decimal) -> Any:
    """A corrected value in the type of the record's field."""
    field = AnnualRecord._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return value.quantize(Decimal("0.01"))
    if isinstance(field, models.IntegerField):
        return int(value)
    return float(value)


def _take_step(action: str, record: AnnualRecord, form: ReviewStepForm, user: Any) -> str:
    """Take the step; what to tell the official."""
    data = form.cleaned_data
    if action == "accept":
        submissions.accept(record, user)
        return _("Accepted.")
    if action == "return":
        submissions.return_record(record, user, data.get("comment", ""))
        return _("Returned to the enterprise.")
    if action == "correct":
        if not form.is_valid():
            raise EvaluationError(_("Choose the figure, give the correct value and the reason."))
        value = _typed(data["field"], data["value"])
        submissions.correct(record, data["field"], value, data["reason"], user)
        return _("Corrected.")
    submissions.unlock(record, user, data.get("reason", ""))
    return _("Unlocked.")


def _yours(form: ReviewStepForm) -> dict[str, Any]:
    """The figures the step would set (a correction's), to set beside what changed meanwhile."""
    data = form.cleaned_data
    if isinstance(form, CorrectionForm) and "field" in data and "value" in data:
        return {data["field"]: _typed(data["field"], data["value"])}
    return {}


@require_POST
@role_required(OFFICIALS)
def record_action(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    """Accept, return, correct or unlock, unless the record changed since the page was shown.

    A step on a stale page is refused with what changed (figures, lock) and the official's
    input kept, based on the new revision: taking it again then is a choice made knowingly.
    """
    campaign = _campaign(request, pk, CHANGE)
    record = _record(request, campaign, record_pk)
    action = request.POST.get("action", "")
    if action not in STEPS:
        messages.error(request, _("Unknown action."))
        return redirect("evaluation:record_detail", campaign.pk, record.pk)
    form = STEPS[action](request.POST)
    form.is_valid()  # a step's missing input is told by the step itself, as before
    stale = False
    try:
        with transaction.atomic():  # the revision stays locked until the step is saved
            stale = refuse_stale(form, record, _yours(form))
            if not stale:
                messages.success(request, _take_step(action, record, form, request.user))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (EvaluationError, RecordLockedError) as exc:
        messages.error(request, str(exc))
    if stale:
        record.refresh_from_db()
        kept = {f"{action}_form": STEPS[action](form.data)}  # the input, on the new revision
        return _page(request, campaign, record, form.non_field_errors(), **kept)
    return redirect("evaluation:record_detail", campaign.pk, record.pk)


@require_POST
@role_required(OFFICIALS)
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, CHANGE)
    locked, open_ = submissions.lock_records(campaign, request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(n)d records locked.") % {"n": locked})
    if open_:
        messages.warning(
            request,
            _("Not locked, still under review or being filled: %(firms)s")
            % {"firms": ", ".join(str(f) for f in open_)},
        )
    return redirect("evaluation:review", campaign.pk)


@require_POST
@role_required(OFFICIALS)
def bureau_upload(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, CHANGE)
    form = BureauUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the source and a file to upload."))
        return redirect("evaluation:review", campaign.pk)
    # A bureau's file holds a row per firm: read, check and store it in a job, not here.
    back = reverse("evaluation:review", args=[campaign.pk])
    source = form.cleaned_data["source"]
    job = enqueue_upload(
        BUREAU_IMPORT, request, campaign, form.cleaned_data["file"], back, source=source
    )
    return redirect("jobs:detail", pk=job.pk)
