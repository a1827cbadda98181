"""The firm's side of record collection: its annual data, the form, the Excel template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.base import Role
from microparks.apps.common.permissions import role_required
from microparks.apps.common.revision_forms import SEEN, refuse_stale
from microparks.apps.common.row_problems import refuse_in_messages
from microparks.apps.common.xlsx_templates import template_response
from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, Enterprise
from microparks.apps.enterprises.provenance import RecordLockedError
from microparks.apps.evaluation import submissions
from microparks.apps.evaluation.forms import AnnualRecordForm
from microparks.apps.evaluation.models import Submission
from microparks.apps.evaluation.records import RECORD_FIELDS
from microparks.apps.evaluation.services import EvaluationError
from microparks.apps.evaluation.views_review import value_rows
from microparks.apps.jobs.uploads import check_upload
from microparks.apps.rules.vocabularies import vocabulary_in_effect
from microparks.io.evaluation_records import RecordsFileError, read_evaluation_records_upload

FIRMS = frozenset({Role.ENTERPRISE})


def _firm(request: HttpRequest) -> Enterprise:
    user: Any = request.user
    if user.role != Role.ENTERPRISE or user.enterprise is None:
        raise PermissionDenied
    firm: Enterprise = user.enterprise
    return firm


@role_required(FIRMS)
def my_records(request: HttpRequest) -> HttpResponse:
    firm = _firm(request)
    filings = {s.year: s for s in Submission.objects.restrict(request.user).filter(enterprise=firm)}
    records = {
        r.year: r for r in AnnualRecord.objects.restrict(request.user).filter(enterprise=firm)
    }
    years = sorted(set(submissions.open_years(firm)) | set(filings) | set(records), reverse=True)
    open_years = set(submissions.open_years(firm))
    rows = [
        {
            "year": y,
            "open": y in open_years,
            "filing": filings.get(y),
            "record": records.get(y),
        }
        for y in years
    ]
    return render(request, "evaluation/my_records.html", {"firm": firm, "rows": rows})


def _initial(firm: Enterprise, year: int, filing: Submission | None) -> dict[str, Any]:
    record = submissions.record_of(firm, year)
    initial: dict[str, Any] = {}
    if record is not None:
        initial = {f: getattr(record, f) for f in VALUE_FIELDS}
    if filing is not None:
        initial.update(filing.values)
    return initial


def _file(
    form: AnnualRecordForm,
    action: str | None,
    firm: Enterprise,
    year: int,
    record: AnnualRecord | None,
    user: Any,
) -> str:
    """Save the draft or submit it; what to tell the firm ("" when refused on the form).

    A submission writes into the record: one the county changed since the page was shown (a
    correction, an import) is refused with what changed rather than overwritten.
    """
    if action != "submit":
        submissions.save_draft(firm, year, form.cleaned_data, user)
        return _("Draft saved.")
    values = {k: v for k, v in form.cleaned_data.items() if k in VALUE_FIELDS}
    if record is not None and refuse_stale(form, record, values):
        return ""
    submissions.submit(firm, year, values, user)
    return _("Submitted; the county will review it.")


@role_required(FIRMS)
def my_record(request: HttpRequest, year: int) -> HttpResponse:
    firm = _firm(request)
    user: Any = request.user
    filing = Submission.objects.filter(enterprise=firm, year=year).first()
    record = submissions.record_of(firm, year)
    editable = submissions.may_edit(firm, year)
    if record is None and not editable and filing is None:
        raise PermissionDenied
    initial = {**_initial(firm, year, filing), SEEN: record.revision if record else None}
    form = AnnualRecordForm(initial=initial) if editable else None
    if request.method == "POST":
        if not editable:
            messages.error(
                request,
                _("This record has been submitted or locked; an official must return it first."),
            )
            return redirect("evaluation:my_record", year)
        action = request.POST.get("action")
        form = AnnualRecordForm(request.POST, draft=action != "submit")
        if form.is_valid():
            try:
                with transaction.atomic():  # the record stays locked until the filing is saved
                    done = _file(form, action, firm, year, record, user)
                if done:
                    messages.success(request, done)
                    return redirect("evaluation:my_record", year)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            except (EvaluationError, RecordLockedError) as exc:
                messages.error(request, str(exc))
    context = {
        "firm": firm,
        "year": year,
        "filing": filing,
        "record": record,
        "form": form,
        "rows": value_rows(record) if record is not None else [],
    }
    return render(request, "evaluation/my_record.html", context)


@role_required(FIRMS)
def my_template(request: HttpRequest, year: int) -> HttpResponse:
    firm = _firm(request)
    filing = Submission.objects.filter(enterprise=firm, year=year).first()
    values = _initial(firm, year, filing)
    row: dict[str, Any] = {"credit_code": firm.credit_code, "name": firm.name}
    row["above_size"] = 1 if firm.is_above_size else 0
    row["land_m2"] = round(sum(lease.land_area_m2 for lease in firm.leases.all()), 2)
    for column, name in RECORD_FIELDS.items():
        value = values.get(name)
        row[column] = None if value is None else float(value)
    return template_response(
        request,
        "records",
        vocabulary_in_effect("records", firm.region),
        rows=[row],
        filename=f"record-{firm.credit_code}-{year}.xlsx",
    )


@require_POST
@role_required(FIRMS)
def my_upload(request: HttpRequest, year: int) -> HttpResponse:
    """The filled template becomes the firm's draft; the firm checks it and submits."""
    firm = _firm(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("evaluation:my_record", year)
    try:  # size and archive checks before anything reads the file
        check_upload(upload, "evaluation")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evaluation:my_record", year)
    try:
        vocabulary = vocabulary_in_effect("records", firm.region)
        data = read_evaluation_records_upload(
            upload.read(), upload.name or "", vocabulary=vocabulary
        )
        if list(data.credit_codes) != [firm.credit_code]:
            raise EvaluationError(
                _("The file must hold one row, for %(code)s.") % {"code": firm.credit_code}
            )
        filing = Submission.objects.filter(enterprise=firm, year=year).first()
        values = _initial(firm, year, filing)
        for column, name in RECORD_FIELDS.items():
            value = float(data.columns[column][0])
            values[name] = None if value != value else value  # NaN: left blank
        values["jobs"] = None if values.get("jobs") is None else int(values["jobs"])
        form = AnnualRecordForm(values, draft=True)
        if not form.is_valid():
            sep = pgettext("label", ": ")  # ：in Chinese
            problems = "; ".join(
                f"{form.fields[k].label if k in form.fields else ''}{sep}"
                + " ".join(str(e) for e in v)
                for k, v in form.errors.items()
            )
            raise EvaluationError(problems)
        submissions.save_draft(firm, year, form.cleaned_data, request.user)  # type: ignore[arg-type]
    except RecordsFileError as exc:
        refuse_in_messages(request, exc.errors or exc.lines(gettext))
    except EvaluationError as exc:
        messages.error(request, _("Nothing was saved: %(problems)s") % {"problems": exc})
    else:
        messages.success(request, _("The file is saved as your draft; check it and submit."))
    return redirect("evaluation:my_record", year)
