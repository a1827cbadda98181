"""Employment record pages: the records by quarter, filing, correcting, importing a quarter.

Firms file their own quarters in the tenant portal; park managers and county officials file or
correct for the tenants of their parks and county; investment officers read. A county's
officials also upload a quarter's sheet of every firm, checked and saved by a job
(:mod:`microparks.apps.labour.records_import`). Handlers have no access; a record outside the
user's scope is a 404, a change by a role that may only read a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from microparks.apps.base import ALL_STAFF, CHANGE, Role
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.jobs.uploads import enqueue_upload
from microparks.apps.labour.jobs import RECORDS_IMPORT
from microparks.apps.labour.models import RECORD_EDITORS, EmploymentRecord
from microparks.apps.labour.record_forms import RecordCorrectionForm, RecordForm, RecordsUploadForm
from microparks.apps.labour.records import file_record, flag_texts
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.core.labour.records import previous_quarter

READERS = ALL_STAFF | {Role.ENTERPRISE}
IMPORTERS = frozenset({Role.OFFICIAL})
"""Who uploads a quarter's sheet of every firm: a county's officials, into their county."""
QUARTERS = (1, 2, 3, 4)


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def _visible(request: HttpRequest, pk: int, action: str = "view") -> EmploymentRecord:
    found: EmploymentRecord | None = (
        EmploymentRecord.objects.restrict(request.user, action)
        .select_related("enterprise", "park")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        if (
            action != "view"
            and EmploymentRecord.objects.restrict(request.user).filter(pk=pk).exists()
        ):
            raise PermissionDenied  # seen but not theirs to change
        raise Http404
    return found


@role_required(READERS)
def record_list(request: HttpRequest) -> HttpResponse:
    """The records the user may see, latest quarter first; filters year, quarter, park."""
    visible = EmploymentRecord.objects.restrict(request.user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    parks = list(Park.objects.restrict(request.user).order_by("name").only("pk", "name"))
    year, quarter = _number(request.GET.get("year")), _number(request.GET.get("quarter"))
    park = _number(request.GET.get("park"))
    rows = visible.select_related("enterprise", "park", "filed_by")
    if year is not None:
        rows = rows.filter(year=year)
    if quarter in QUARTERS:
        rows = rows.filter(quarter=quarter)
    if park is not None:
        rows = rows.filter(park_id=park)
    page = paginate(request, rows)
    changeable = set(
        EmploymentRecord.objects.restrict(request.user, CHANGE)
        .filter(pk__in=[r.pk for r in page])
        .values_list("pk", flat=True)
    )
    items = [
        {
            "record": r,
            "local_share": _share(r.local, r.headcount),
            "poor_share": _share(r.poverty_alleviated, r.headcount),
            "flags": flag_texts(r),
            "may_change": r.pk in changeable,
        }
        for r in page
    ]
    context: dict[str, Any] = {
        "page": page,
        "items": items,
        "years": years,
        "quarters": QUARTERS,
        "parks": parks,
        "year": year,
        "quarter": quarter,
        "park": park,
        "may_file": request.user.has_role(*RECORD_EDITORS),  # type: ignore[union-attr]
        "may_import": _import_county(request) is not None,
    }
    return render(request, "labour/records.html", context)


def _filed(request: HttpRequest, record: EmploymentRecord, done: str) -> HttpResponse:
    messages.success(request, done)
    for text in flag_texts(record):
        messages.warning(request, text)
    return redirect("labour:record_list")


def _refused(form: Any, error: ValidationError) -> None:
    for name, texts in error.message_dict.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


def _last_quarter() -> dict[str, int]:
    """The quarter ended last (the one usually filed now): Q4 of last year in Q1."""
    today = timezone.localdate()
    current = (today.month - 1) // 3 + 1
    year, quarter = previous_quarter(today.year, current)
    return {"year": year, "quarter": quarter}


@role_required(RECORD_EDITORS)
def record_new(request: HttpRequest) -> HttpResponse:
    """File a quarter's record for one of the tenancies the user may file for."""
    form = RecordForm(request.POST or None, user=request.user, initial=_last_quarter())
    if request.method == "POST" and form.is_valid():
        try:
            record = file_record(form.save(commit=False), request.user)
        except ValidationError as error:
            _refused(form, error)
        except IntegrityError:  # filed by someone else since the form was checked
            form.add_error("quarter", _("This quarter is filed already: correct it."))
        else:
            return _filed(request, record, _("The employment record is filed."))
    return render(request, "labour/record_form.html", {"form": form, "record": None})


@role_required(RECORD_EDITORS)
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a filed quarter's figures (refused if someone saved it meanwhile)."""
    record = _visible(request, pk, CHANGE)
    if request.method != "POST":
        form = RecordCorrectionForm(instance=record)
        return render(request, "labour/record_form.html", {"form": form, "record": record})
    with transaction.atomic():
        form = RecordCorrectionForm(request.POST, instance=record)
        if form.is_valid():
            try:
                saved = file_record(form.save(commit=False), request.user)
            except ValidationError as error:
                _refused(form, error)
            else:
                return _filed(request, saved, _("The employment record is corrected."))
    return render(request, "labour/record_form.html", {"form": form, "record": record})


def _import_county(request: HttpRequest) -> Region | None:
    """The county whose sheet the user may upload: an official's own county, else none."""
    user: Any = request.user
    county: Region | None = getattr(user, "region", None)
    if user.role not in IMPORTERS or county is None or county.level != Region.Level.COUNTY:
        return None
    return county


@role_required(IMPORTERS)
def record_import(request: HttpRequest) -> HttpResponse:
    """Upload a quarter's sheet: a background job checks it and files every row, or none."""
    county = _import_county(request)
    if county is None:
        raise PermissionDenied  # a sheet goes into the official's own county
    initial = _last_quarter()
    form = RecordsUploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        back = reverse("labour:record_import")
        job = enqueue_upload(
            RECORDS_IMPORT, request, county, data["file"], back,
            year=data["year"], quarter=data["quarter"],
        )  # fmt: skip
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "labour/record_import.html", {"form": form, "county": county})
