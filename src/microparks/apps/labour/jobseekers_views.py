"""The job-seeker register's pages, under ``/labour/jobseekers/``.

Only the labour-service role (就业服务专员) opens them — every other role, the administrator
included, gets 403 — and sees only its own county's records (another county's: 404). Lists,
exports and matching show the phone and ID numbers masked; the record's own page shows them in
full. Every page that shows personal data writes an audit entry naming the user and the records.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from microparks.apps.audit.models import AuditEntry
from microparks.apps.base import Role
from microparks.apps.common.exports import XLSX, download
from microparks.apps.common.pagination import paginate
from microparks.apps.labour import jobseekers as register
from microparks.apps.labour.jobseekers_forms import JobSeekerForm
from microparks.apps.labour.jobseekers_models import JobSeeker
from microparks.apps.labour.models import Vacancy
from microparks.apps.regions.models import Region
from microparks.io.exports import write_table_csv, write_table_xlsx

View = Callable[..., HttpResponse]


def labour_service(view: View) -> View:
    """Signed in (else the login page) as the labour-service role of a county (else 403).

    Never cached: a browser or a proxy keeps no copy of a page or export of personal data.
    """

    @never_cache
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if user.role != Role.LABOUR_SERVICE or not user.region_id:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _rows(request: HttpRequest) -> QuerySet[JobSeeker]:
    return JobSeeker.objects.restrict(request.user).select_related("township")


def _seeker(request: HttpRequest, pk: int) -> JobSeeker:
    return get_object_or_404(_rows(request), pk=pk)


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        "township": request.GET.get("township", "").strip(),
        "skill": request.GET.get("skill", "").strip()[:50],
    }


@labour_service
def seeker_list(request: HttpRequest) -> HttpResponse:
    """The county's job seekers, masked, filtered by township and skill."""
    filters = _filters(request)
    rows = register.filtered(_rows(request), filters["township"], filters["skill"])
    page = paginate(request, rows)
    register.log_read(
        request.user,
        AuditEntry.Action.VIEW,
        [s.pk for s in page],
        _("Job seeker list"),
        filters={k: v for k, v in filters.items() if v},
    )
    context = {
        "page": page,
        "items": [register.masked(s) for s in page],
        "filters": filters,
        "townships": Region.objects.filter(parent_id=request.user.region_id).order_by("code"),  # type: ignore[union-attr]
        "query": request.GET.urlencode(),
    }
    return render(request, "labour/jobseekers.html", context)


@labour_service
def seeker_new(request: HttpRequest) -> HttpResponse:
    """Register a job seeker: the consent (when, how, which text) is required."""
    form = JobSeekerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        seeker = form.save(commit=False)
        seeker.consent_by = request.user
        seeker.save()
        messages.success(request, _("The job seeker is registered."))
        return redirect("labour:seeker_detail", pk=seeker.pk)
    return render(request, "labour/jobseeker_form.html", {"form": form, "seeker": None})


@labour_service
def seeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One record with the full numbers; the view is in the audit log."""
    seeker = _seeker(request, pk)
    register.log_read(request.user, AuditEntry.Action.VIEW, [pk], str(seeker), one=True)
    return render(request, "labour/jobseeker_detail.html", {"seeker": seeker})


@labour_service
def seeker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a record (the form shows the full numbers: a view, logged)."""
    seeker = _seeker(request, pk)
    form = JobSeekerForm(request.POST or None, instance=seeker, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The record is saved."))
        return redirect("labour:seeker_detail", pk=pk)
    register.log_read(request.user, AuditEntry.Action.VIEW, [pk], str(seeker), one=True)
    return render(request, "labour/jobseeker_form.html", {"form": form, "seeker": seeker})


@labour_service
def seeker_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a record at the person's request (confirmed by a POST)."""
    seeker = _seeker(request, pk)
    if request.method != "POST":
        register.log_read(request.user, AuditEntry.Action.VIEW, [pk], str(seeker), one=True)
        return render(request, "labour/jobseeker_erase.html", {"seeker": seeker})
    number = register.erase(seeker, register.ERASED_ON_REQUEST)
    messages.success(request, _("Job seeker no. %(pk)s is erased.") % {"pk": number})
    return redirect("labour:seeker_list")


@labour_service
def seeker_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered register as CSV or Excel, the numbers masked; the export is logged."""
    filters = _filters(request)
    rows = register.filtered(_rows(request), filters["township"], filters["skill"])
    table = register.export_table(rows)
    register.log_read(
        request.user,
        AuditEntry.Action.EXPORT,
        [int(n) for n in table.iloc[:, 0]],
        _("Job seeker export"),
        filters={k: v for k, v in filters.items() if v},
        format=fmt,
    )
    if fmt == "csv":
        return download(write_table_csv(table), "text/csv; charset=utf-8", "job-seekers", "csv")
    return download(write_table_xlsx({_("Job seekers"): table}), XLSX, "job-seekers", "xlsx")


@labour_service
def seeker_matches(request: HttpRequest, vacancy: int) -> HttpResponse:
    """Active job seekers of the county whose skills (or township) fit a vacancy, masked."""
    post = Vacancy.objects.restrict(request.user).select_related("park", "enterprise")
    found = post.filter(pk=vacancy).first()
    if found is None:
        raise Http404
    townships = [found.park.region_id]
    rows = register.matches(_rows(request), found.skills or found.post, townships)
    page = paginate(request, rows)
    register.log_read(
        request.user,
        AuditEntry.Action.VIEW,
        [s.pk for s in page],
        _("Job seekers matching a vacancy"),
        vacancy=found.pk,
    )
    context = {"vacancy": found, "page": page, "items": [register.masked(s) for s in page]}
    return render(request, "labour/jobseeker_matches.html", context)
