"""The button of the site and park pages that has a county's labour shed worked out (a job)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from microparks.apps.common.permissions import role_required
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import enqueue
from microparks.apps.regions.models import Region
from microparks.apps.suitability.import_views import after_enqueue
from microparks.apps.suitability.labour import SHED_JOB, may_compute
from microparks.apps.suitability.views import EDIT_ROLES


@role_required(EDIT_ROLES)
@require_POST
def shed_compute(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the labour shed of county ``pk`` (an official of it; one job at a time)."""
    county = get_object_or_404(
        Region.objects.restrict(request.user).defer("geometry"), pk=pk, level=Region.Level.COUNTY
    )
    if not may_compute(request.user, county):
        raise Http404
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    running = Job.objects.filter(
        kind=SHED_JOB, region=county, status__in=(Job.Status.QUEUED, Job.Status.RUNNING)
    ).first()
    job = running or enqueue(SHED_JOB, region=county, user=request.user, params={"back_url": back})
    return after_enqueue(job)
