"""Suitability pages: jobs, layers, a job's ranked table and map, a site's explanation.

The import runs upload → preview → confirm. Views are thin; the work is in ``services``.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.regions.models import Region
from microparks.apps.suitability import services
from microparks.apps.suitability.forms import RegionForm, ScoringForm, UploadForm
from microparks.apps.suitability.models import AssetImport, ContextLayer, ScoringJob, SiteScore
from microparks.apps.web.permissions import role_required
from microparks.core.suitability import SchemeError
from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.spatial import SITE_MAPPING, read_layer

VIEW_ROLES = frozenset({Role.OFFICIAL, Role.INVESTMENT})
"""Who may open the suitability pages (each sees their region's jobs)."""
EDIT_ROLES = frozenset({Role.OFFICIAL})
"""Who may import, load layers and run jobs (``scope.edit`` of the models)."""
UPLOAD_SESSION_KEY = "suitability_upload"
SCORE_COLOURS = ("#c0392b", "#e67e22", "#f1c40f", "#7dbb42", "#1e8449")  # low → high
VETO_COLOUR = "#555555"


def _may_edit(request: HttpRequest) -> bool:
    return bool(request.user.has_role(*EDIT_ROLES))  # type: ignore[union-attr]


def _upload_dir() -> Path:
    folder = Path(getattr(settings, "DATA_DIR", tempfile.gettempdir())) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@role_required(VIEW_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "jobs": ScoringJob.objects.restrict(request.user).select_related("region")[:50],
        "layers": ContextLayer.objects.restrict(request.user).select_related("region"),
        "imports": AssetImport.objects.restrict(request.user).select_related("region")[:20],
        "may_edit": _may_edit(request),
        "scoring_form": ScoringForm(request.user),
        "demo_form": RegionForm(request.user, auto_id="demo_%s"),
    }
    return render(request, "suitability/index.html", context)


@role_required(EDIT_ROLES)
@require_POST
def job_new(request: HttpRequest) -> HttpResponse:
    form = ScoringForm(request.user, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a region."))
        return redirect("suitability:index")
    scheme_path = None
    if form.cleaned_data["scheme"]:
        scheme_path = _upload_dir() / f"{uuid.uuid4().hex}.yaml"
        scheme_path.write_bytes(form.cleaned_data["scheme"].read())
    try:
        job = services.run_scoring(form.cleaned_data["region"], request.user, scheme_path)  # type: ignore[arg-type]
    except SchemeError as exc:
        messages.error(request, _("The scheme was refused: %(reason)s") % {"reason": exc})
        return redirect("suitability:index")
    finally:
        if scheme_path:
            scheme_path.unlink(missing_ok=True)
    if job.status == ScoringJob.Status.FAILED:
        messages.error(request, _("Scoring failed: %(reason)s") % {"reason": job.message})
    return redirect("suitability:job_detail", pk=job.pk)


@role_required(EDIT_ROLES)
@require_POST
def demo_layers(request: HttpRequest) -> HttpResponse:
    region = get_object_or_404(Region.objects.restrict(request.user), pk=request.POST.get("region"))
    layers = services.load_demo_layers(region, request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(n)d demo context layers loaded.") % {"n": len(layers)})
    return redirect("suitability:index")


def _colour(score: float | None) -> str:
    if score is None:
        return VETO_COLOUR
    return SCORE_COLOURS[min(int(score * len(SCORE_COLOURS)), len(SCORE_COLOURS) - 1)]


def _geojson(job: ScoringJob, rows: list[SiteScore]) -> dict[str, Any]:
    features = []
    for row in rows:
        if row.vetoed:
            status = _("Vetoed: %(vetoes)s") % {"vetoes": ", ".join(row.vetoes)}
        else:
            status = _("Score %(score).3f, rank %(rank)d") % {"score": row.score, "rank": row.rank}
        features.append(
            {
                "type": "Feature",
                "geometry": row.site.geometry,
                "properties": {
                    "code": row.site.code,
                    "name": row.site.name,
                    "status": status,
                    "colour": _colour(row.score),
                    "url": reverse("suitability:score_detail", args=[job.pk, row.site_id]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _legend() -> list[tuple[str, str]]:
    steps = len(SCORE_COLOURS)
    items = [
        (colour, f"{i / steps:.1f}–{(i + 1) / steps:.1f}") for i, colour in enumerate(SCORE_COLOURS)
    ]
    return [*items, (VETO_COLOUR, _("Vetoed"))]


@role_required(VIEW_ROLES)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ScoringJob.objects.restrict(request.user), pk=pk)
    rows = list(job.scores.select_related("site").order_by("vetoed", "rank"))
    criteria = [c["name"] for c in job.scheme.get("criteria", [])]
    # scheme labels are data; the shipped ones are in the translation catalogue
    labels = {c["name"]: _(c.get("label", c["name"])) for c in job.scheme.get("criteria", [])}
    others = (
        ScoringJob.objects.restrict(request.user)
        .filter(region=job.region, status=ScoringJob.Status.DONE)
        .exclude(pk=job.pk)
    )
    compare = None
    compare_ranks: dict[int, int] = {}
    if request.GET.get("compare", "").isdigit():
        compare = get_object_or_404(others, pk=int(request.GET["compare"]))
        compare_ranks = dict(compare.scores.values_list("site_id", "rank"))
    table = [
        (row, [row.contributions.get(c) for c in criteria], compare_ranks.get(row.site_id))
        for row in rows
    ]
    context = {
        "job": job,
        "table": table,
        "criteria": [labels[c] for c in criteria],
        "ranked": sum(1 for r in rows if not r.vetoed),
        "vetoed": sum(1 for r in rows if r.vetoed),
        "geojson": _geojson(job, rows),
        "legend": _legend(),
        "others": others,
        "compare": compare,
        "sensitivity": services.job_sensitivity(job),
    }
    return render(request, "suitability/job.html", context)


@role_required(VIEW_ROLES)
def score_detail(request: HttpRequest, pk: int, site_pk: int) -> HttpResponse:
    job = get_object_or_404(ScoringJob.objects.restrict(request.user), pk=pk)
    row = get_object_or_404(job.scores.select_related("site"), site_id=site_pk)
    weights = {}
    for c in job.scheme.get("criteria", []):
        weights[c["name"]] = c.get("weight")
    lines = [
        (
            _(c.get("label", c["name"])),
            c.get("unit", ""),
            row.values.get(c["name"]),
            row.utilities.get(c["name"]),
            weights.get(c["name"]),
            row.contributions.get(c["name"]),
        )
        for c in job.scheme.get("criteria", [])
    ]
    veto_labels = {
        v.get("name", v["layer"]): _(v.get("label", v["layer"]))
        for v in job.scheme.get("vetoes", [])
    }
    context = {
        "job": job,
        "row": row,
        "lines": lines,
        "vetoes": [veto_labels.get(v, v) for v in row.vetoes],
        "geojson": _geojson(job, [row]),
        "legend": _legend(),
    }
    return render(request, "suitability/score.html", context)


@role_required(EDIT_ROLES)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        suffix = Path(data["file"].name).suffix.lower()
        token = uuid.uuid4().hex
        path = _upload_dir() / f"{token}{suffix}"
        with path.open("wb") as handle:
            for chunk in data["file"].chunks():
                handle.write(chunk)
        request.session[UPLOAD_SESSION_KEY] = {
            "token": token,
            "suffix": suffix,
            "name": data["file"].name,
            "region": data["region"].pk,
            "target": data["target"],
            "layer_name": data["layer_name"],
            "source_layer": data["source_layer"],
            "crs": data["crs"],
        }
        return redirect("suitability:preview")
    return render(request, "suitability/upload.html", {"form": form})


def _pending(request: HttpRequest) -> tuple[dict[str, Any], Path, Region]:
    pending = request.session.get(UPLOAD_SESSION_KEY)
    if not pending:
        raise PermissionDenied
    region = get_object_or_404(Region.objects.restrict(request.user), pk=pending["region"])
    return pending, _upload_dir() / f"{pending['token']}{pending['suffix']}", region


@role_required(EDIT_ROLES)
def preview(request: HttpRequest) -> HttpResponse:
    pending, path, region = _pending(request)
    sites = pending["target"] == UploadForm.Target.SITES
    context: dict[str, Any] = {"pending": pending, "region": region, "errors": [], "rows": []}
    try:
        read = read_layer(
            path,
            layer=pending["source_layer"] or None,
            crs=pending["crs"] or None,
            mapping=SITE_MAPPING if sites else None,
            require_code=sites,
        )
    except ImportFileError as exc:
        context["problem"] = str(exc).replace(path.name, pending["name"])
    except ImportValidationError as exc:
        context["errors"] = exc.errors
    else:
        frame = read.frame
        context["columns"] = [c for c in frame.columns if c != frame.geometry.name]
        context["rows"] = [
            [row[c] for c in context["columns"]] for _, row in frame.head(10).iterrows()
        ]
        context["count"] = len(frame)
        context["source_crs"] = read.provenance.source_crs
    return render(request, "suitability/preview.html", context)


@role_required(EDIT_ROLES)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    pending, path, region = _pending(request)
    user = cast(User, request.user)
    try:
        if pending["target"] == UploadForm.Target.SITES:
            record = services.import_sites(
                path,
                region,
                user,
                layer=pending["source_layer"] or None,
                crs=pending["crs"] or None,
                file_name=pending["name"],
            )
            messages.success(
                request,
                _("%(created)d idle assets created, %(updated)d updated.")
                % {"created": record.created_count, "updated": record.updated_count},
            )
        else:
            layer = services.import_layer(
                path,
                region,
                pending["layer_name"],
                request.user,  # type: ignore[arg-type]
                layer=pending["source_layer"] or None,
                crs=pending["crs"] or None,
                file_name=pending["name"],
            )
            messages.success(
                request,
                _("Layer %(name)s saved with %(n)d features.")
                % {"name": layer.name, "n": layer.feature_count},
            )
    except (ImportFileError, ImportValidationError) as exc:
        messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": exc})
        return redirect("suitability:preview")
    path.unlink(missing_ok=True)
    del request.session[UPLOAD_SESSION_KEY]
    return redirect("suitability:index")
