"""Suitability pages: jobs, layers, a job's ranked table and map, a site's explanation.

Scoring runs as a background job (``jobs``); the import pages are in ``import_views``.
Views are thin; the work is in ``services``.
"""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from shapely.geometry import shape

from microparks.apps.base import Role
from microparks.apps.common.exports import GPKG, XLSX, download
from microparks.apps.common.pagination import paginate
from microparks.apps.common.permissions import role_required
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import enqueue
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Kind
from microparks.apps.suitability import exports, schemes, services
from microparks.apps.suitability.basemap import layer_label
from microparks.apps.suitability.forms import ScoringForm
from microparks.apps.suitability.geojson import (
    SCORE_COLOURS,
    VETO_COLOUR,
    score_collection,
    score_map_response,
)
from microparks.apps.suitability.import_views import after_enqueue
from microparks.apps.suitability.jobs import IMPORT, SCORE
from microparks.apps.suitability.models import AssetImport, ContextLayer, ScoringJob
from microparks.io.exports import write_gpkg, write_table_xlsx

VIEW_ROLES = frozenset({Role.OFFICIAL, Role.INVESTMENT})
"""Who may open the suitability pages (each sees their region's jobs)."""
EDIT_ROLES = frozenset({Role.OFFICIAL})
"""Who may import, load layers and run jobs (``scope.edit`` of the models)."""


def _may_edit(request: HttpRequest) -> bool:
    return bool(request.user.has_role(*EDIT_ROLES))  # type: ignore[union-attr]


@role_required(VIEW_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "page": paginate(
            request,
            ScoringJob.objects.restrict(request.user)
            .select_related("region", "rules")
            .defer("region__geometry", "rules__content"),
        ),
        "active": Job.objects.restrict(request.user)
        .filter(kind__in=(SCORE, IMPORT), status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
        .select_related("region"),
        "layers": [
            (layer, layer_label(layer.name))
            for layer in ContextLayer.objects.restrict(request.user).select_related("region")
        ],
        "imports": AssetImport.objects.restrict(request.user).select_related("region")[:20],
        "may_edit": _may_edit(request),
        "scoring_form": ScoringForm(request.user),
    }
    return render(request, "suitability/index.html", context)


@role_required(EDIT_ROLES)
@require_POST
def job_new(request: HttpRequest) -> HttpResponse:
    """Pick the scheme's document now, then score as a background job.

    An uploaded scheme is checked and saved as a draft document first (a quick refusal).
    """
    form = ScoringForm(request.user, request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect("suitability:index")
    region, doc = form.cleaned_data["region"], form.cleaned_data["rules"]
    upload = form.cleaned_data["scheme"]
    try:
        if upload:
            doc = schemes.draft_from_upload(request.user, region, upload.read(), upload.name)
            messages.info(
                request,
                _("The scheme was saved as the draft %(label)s; the job runs with it.")
                % {"label": doc.label},
            )
        elif doc is None:
            doc = rules.in_effect(Kind.SUITABILITY, region=region)
    except ValidationError as exc:
        reason = "; ".join(exc.messages)
        messages.error(request, _("The scheme was refused: %(reason)s") % {"reason": reason})
        return redirect("suitability:index")
    except rules.NoDocumentError as exc:
        messages.error(request, str(exc))
        return redirect("suitability:index")
    params = {"rules": doc.pk, "back_url": reverse("suitability:index")}
    job = enqueue(SCORE, region=region, user=request.user, params=params)
    return after_enqueue(job)


def _legend() -> list[tuple[str, str]]:
    steps = len(SCORE_COLOURS)
    items = [
        (colour, f"{i / steps:.1f}–{(i + 1) / steps:.1f}") for i, colour in enumerate(SCORE_COLOURS)
    ]
    return [*items, (VETO_COLOUR, _("Vetoed"))]


def _translated_flip(sensitivity: dict[str, Any] | None) -> dict[str, Any] | None:
    """The criterion that flips the top site named in the user's language (see the labels)."""
    if sensitivity and sensitivity["flip"]:
        sensitivity["flip"]["criterion"] = _(sensitivity["flip"]["criterion"])
    return sensitivity


@role_required(VIEW_ROLES)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's table, map and sensitivity, all from the scheme the job recorded."""
    job = get_object_or_404(
        ScoringJob.objects.restrict(request.user)
        .select_related("region", "rules")
        .defer("region__geometry"),
        pk=pk,
    )
    # One page of rows with their sites; the counts in one query; the map fetched apart.
    rows = job.scores.select_related("site").defer("site__geometry").order_by("vetoed", "rank")
    counts = job.scores.order_by().aggregate(
        ranked=Count("pk", filter=Q(vetoed=False)), vetoed=Count("pk", filter=Q(vetoed=True))
    )
    criteria = [c["name"] for c in job.scheme.get("criteria", [])]
    # scheme labels are data; the shipped ones are in the translation catalogue
    labels = {c["name"]: _(c.get("label", c["name"])) for c in job.scheme.get("criteria", [])}
    others = (
        ScoringJob.objects.restrict(request.user)
        .filter(region=job.region, status=ScoringJob.Status.DONE)
        .exclude(pk=job.pk)
        .select_related("rules")
    )
    compare = None
    page = paginate(request, rows)
    compare_ranks: dict[int, int] = {}
    if request.GET.get("compare", "").isdigit():
        compare = get_object_or_404(others, pk=int(request.GET["compare"]))
        shown = [row.site_id for row in page]
        compare_ranks = dict(
            compare.scores.filter(site_id__in=shown).values_list("site_id", "rank")
        )
    table = [
        (row, [row.contributions.get(c) for c in criteria], compare_ranks.get(row.site_id))
        for row in page
    ]
    context = {
        "job": job,
        "page": page,
        "table": table,
        "criteria": [labels[c] for c in criteria],
        "ranked": counts["ranked"],
        "vetoed": counts["vetoed"],
        "map_url": reverse("suitability:job_map", args=[job.pk]),
        "legend": _legend(),
        "others": others,
        "compare": compare,
        "sensitivity": _translated_flip(services.job_sensitivity(job)),
    }
    return render(request, "suitability/job.html", context)


@role_required(VIEW_ROLES)
def job_map(request: HttpRequest, pk: int) -> HttpResponse:
    """The job page's map layer (GeoJSON), with an ETag."""
    job = get_object_or_404(ScoringJob.objects.restrict(request.user), pk=pk)
    return score_map_response(request, job)


@role_required(VIEW_ROLES)
def score_detail(request: HttpRequest, pk: int, site_pk: int) -> HttpResponse:
    jobs = ScoringJob.objects.restrict(request.user).select_related("rules")
    job = get_object_or_404(jobs, pk=pk)
    row = get_object_or_404(job.scores.select_related("site"), site_id=site_pk)
    weights = services.job_weights(job)
    lines = [
        (
            _(c.get("label", c["name"])),
            _(c["unit"]) if c.get("unit") else "",  # scheme data; translated where known
            row.values.get(c["name"]),
            row.utilities.get(c["name"]),
            weights.get(c["name"]),
            row.contributions.get(c["name"]),
        )
        for c in job.scheme.get("criteria", [])
    ]
    veto_labels = exports.veto_labels(job)
    context = {
        "job": job,
        "row": row,
        "lines": lines,
        "vetoes": [veto_labels.get(v, v) for v in row.vetoes],
        "geojson": json.loads(score_collection(job, job.scores.filter(pk=row.pk))),
        "legend": _legend(),
    }
    return render(request, "suitability/score.html", context)


@role_required(VIEW_ROLES)
def job_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every scored site of a finished job as Excel (with an "About" sheet) or GeoPackage."""
    job = get_object_or_404(
        ScoringJob.objects.restrict(request.user).select_related("region", "rules"), pk=pk
    )
    if job.status != ScoringJob.Status.DONE:
        raise Http404("the job has no results")
    rows = list(job.scores.select_related("site").order_by("vetoed", "rank", "site__code"))
    stem = f"suitability-{job.region.code}-{job.scheme_name}-{job.scheme_version}-{job.pk}"
    if fmt == "gpkg":
        frame = exports.scores_frame(job, rows, for_gis=True)
        geometry = gpd.GeoSeries([shape(r.site.geometry) for r in rows], crs=4326)
        layer = gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)
        metadata = {
            "scheme": job.scheme_name,
            "scheme_version": job.scheme_version,
            "rules_document": job.rules.label if job.rules else "",
            "rules_sha256": job.rules.sha256 if job.rules else "",
            "input_hash": job.input_hash,
            "region": job.region.code,
            "created_at": job.created_at.isoformat(),
        }
        return download(write_gpkg(layer, exports.LAYER, metadata), GPKG, stem, fmt)
    sheets = {
        _("Scores"): exports.scores_frame(job, rows, for_gis=False),
        _("About"): exports.about_frame(job, rows),
    }
    return download(write_table_xlsx(sheets), XLSX, stem, "xlsx")
