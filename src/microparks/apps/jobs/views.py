"""A job's page: a progress bar polled with htmx that turns into the job's result when done."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from microparks.apps.common.row_problems import problems_context
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import label_of

POLL_SECONDS = 1


def visible_jobs(request: HttpRequest) -> QuerySet[Job]:
    """Jobs of the user's scope (region), and the user's own."""
    scoped = Job.objects.restrict(request.user).values("pk")
    return Job.objects.filter(Q(pk__in=scoped) | Q(created_by=request.user.pk))


def _context(job: Job) -> dict[str, object]:
    context: dict[str, object] = {"job": job, "label": label_of(job.kind), "poll": POLL_SECONDS}
    failed = job.status == Job.Status.FAILED
    result = job.result if failed and isinstance(job.result, dict) else {}
    context["message"] = job.message_text()
    # a handler may name where its link back goes (an msgid, e.g. "Upload the file again")
    context["back_label"] = _(str(job.params.get("back_label") or "Back"))
    if failed and result.get("problems"):
        context.update(problems_context(result["problems"], result.get("problem_count")))
    return context


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(visible_jobs(request), pk=pk)
    if job.status == Job.Status.DONE and job.result.get("url"):
        return redirect(job.result["url"])
    return render(request, "jobs/job.html", _context(job))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment; once the job is done, htmx is told to go to its result."""
    job = get_object_or_404(visible_jobs(request), pk=pk)
    response = render(request, "jobs/_status.html", _context(job))
    if job.status == Job.Status.DONE and job.result.get("url"):
        response["HX-Redirect"] = job.result["url"]
    return response
