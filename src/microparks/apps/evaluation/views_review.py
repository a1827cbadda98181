"""The officials' side of record collection: review, correct, lock, unlock, bureau figures.

County officials act; park managers and investment officers of the county see the same pages
without the forms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import ALL_STAFF, CHANGE, Role
from microparks.apps.common.permissions import role_required
from microparks.apps.common.row_problems import refuse_in_messages
from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, RecordEvent
from microparks.apps.enterprises.provenance import RecordLockedError, provenance
from microparks.apps.evaluation import submissions
from microparks.apps.evaluation.forms import (
    BureauUploadForm,
    CorrectionForm,
    ReturnForm,
    UnlockForm,
)
from microparks.apps.evaluation.models import Campaign, Submission
from microparks.apps.evaluation.records import import_bureau_figures
from microparks.apps.evaluation.services import EvaluationError
from microparks.apps.rules.vocabularies import vocabulary_in_effect
from microparks.io.errors import ImportValidationError
from microparks.io.evaluation_files import read_bureau_figures
from microparks.io.evaluation_records import RecordsFileError

OFFICIALS = frozenset({Role.OFFICIAL})


def value_rows(record: AnnualRecord) -> list[dict[str, Any]]:
    """Each figure of ``record`` with its current provenance and its history (for a tooltip)."""
    labels = {f.name: f.verbose_name for f in AnnualRecord._meta.fields}
    latest = provenance(record)
    history: dict[str, list[str]] = {}
    for e in record.events.filter(kind=RecordEvent.Kind.VALUE).select_related("user"):
        who = e.user.username if e.user else "—"
        line = (
            f"{e.at:%Y-%m-%d %H:%M} {e.get_source_display()} {who}: {e.old_value} → {e.new_value}"
        )
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
        "rows": rows,
        "may_edit": may_edit,
        "bureau_form": BureauUploadForm() if may_edit else None,
        "pending": sum(
            1 for r in rows if r["filing"] and r["filing"].status in submissions.UNREVIEWED
        ),
    }
    return render(request, "evaluation/review.html", context)


@role_required(ALL_STAFF)
def record_detail(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    record = _record(request, campaign, record_pk)
    may_edit = Campaign.objects.restrict(request.user, CHANGE).filter(pk=campaign.pk).exists()
    context = {
        "campaign": campaign,
        "record": record,
        "filing": Submission.objects.filter(enterprise=record.enterprise, year=record.year).first(),
        "rows": value_rows(record),
        "steps": record.events.exclude(kind=RecordEvent.Kind.VALUE).select_related("user"),
        "may_edit": may_edit,
        "return_form": ReturnForm(),
        "correction_form": CorrectionForm(),
        "unlock_form": UnlockForm(),
    }
    return render(request, "evaluation/record.html", context)


def _typed(name: str, value: Decimal) -> Any:
    """A corrected value in the type of the record's field."""
    field = AnnualRecord._meta.get_field(name)
    if isinstance(field, models.DecimalField):
        return value.quantize(Decimal("0.01"))
    if isinstance(field, models.IntegerField):
        return int(value)
    return float(value)


@require_POST
@role_required(OFFICIALS)
def record_action(request: HttpRequest, pk: int, record_pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, CHANGE)
    record = _record(request, campaign, record_pk)
    user: Any = request.user
    action = request.POST.get("action")
    try:
        if action == "accept":
            submissions.accept(record, user)
            messages.success(request, _("Accepted."))
        elif action == "return":
            form = ReturnForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            submissions.return_record(record, user, comment)
            messages.success(request, _("Returned to the enterprise."))
        elif action == "correct":
            correction = CorrectionForm(request.POST)
            if not correction.is_valid():
                raise EvaluationError(
                    _("Choose the figure, give the correct value and the reason.")
                )
            data = correction.cleaned_data
            submissions.correct(
                record, data["field"], _typed(data["field"], data["value"]), data["reason"], user
            )
            messages.success(request, _("Corrected."))
        elif action == "unlock":
            unlock = UnlockForm(request.POST)
            reason = unlock.cleaned_data["reason"] if unlock.is_valid() else ""
            submissions.unlock(record, user, reason)
            messages.success(request, _("Unlocked."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (EvaluationError, RecordLockedError) as exc:
        messages.error(request, str(exc))
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
    upload = form.cleaned_data["file"]
    try:
        vocabulary = vocabulary_in_effect("bureau", campaign.region)
        figures = read_bureau_figures(upload.read(), upload.name or "", vocabulary=vocabulary)
        n = import_bureau_figures(
            campaign,
            figures,
            form.cleaned_data["source"],
            upload.name or "",
            request.user,  # type: ignore[arg-type]
        )
    except RecordsFileError as exc:
        refuse_in_messages(request, exc.errors or exc.lines(gettext))
    except ImportValidationError as exc:
        refuse_in_messages(request, exc.errors)
    except EvaluationError as exc:
        messages.error(request, _("Nothing was saved: %(problems)s") % {"problems": exc})
    else:
        messages.success(request, _("%(n)d firms' figures imported.") % {"n": n})
    return redirect("evaluation:review", campaign.pk)
