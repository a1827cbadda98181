"""Background jobs of site suitability: scoring a region, and confirming an import.

Registered with :mod:`microparks.apps.jobs.runner` when the app is ready; each handler returns
the ``url`` of the page that shows its outcome.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import JobError, Progress, register
from microparks.apps.rules.models import RulesDocument
from microparks.apps.suitability import services
from microparks.apps.suitability.mappings import site_mapping
from microparks.apps.suitability.models import ScoringJob
from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.rules import DocumentError

SCORE = "suitability.score"
IMPORT = "suitability.import"


@register(SCORE, _("Scoring of the idle assets"))
def score_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Score ``job.region`` with the rules document ``params["rules"]`` (its id)."""
    doc = RulesDocument.objects.filter(pk=job.params.get("rules") or 0).first()
    if doc is None:
        # queued before schemes were rules documents, or the draft was deleted meanwhile
        raise JobError("The scheme of this job is not stored; run the scoring again.")
    try:
        scoring = services.run_scoring(job.region, job.created_by, doc, progress=progress)
    except DocumentError as exc:
        raise JobError(str(exc)) from None
    if scoring.status == ScoringJob.Status.FAILED:
        raise JobError(scoring.message)
    return {
        "scoring_job": scoring.pk,
        "url": reverse("suitability:job_detail", args=[scoring.pk]),
    }


@register(IMPORT, _("Import of a file"))
def import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Import an uploaded file (``params``: path, name, target, layers, CRS, mapping)."""
    params = job.params
    path = Path(params["path"])
    user = job.created_by
    try:
        if params["target"] == "sites":
            record = services.import_sites(
                path,
                job.region,
                user,
                mapping=site_mapping(params.get("mapping") or {}),
                layer=params.get("source_layer") or None,
                crs=params.get("crs") or None,
                file_name=params["name"],
                progress=progress,
            )
            outcome: dict[str, Any] = {
                "created": record.created_count,
                "updated": record.updated_count,
            }
        else:
            progress(10, gettext_noop("Reading and checking the file"))
            layer = services.import_layer(
                path,
                job.region,
                params["layer_name"],
                user,
                layer=params.get("source_layer") or None,
                crs=params.get("crs") or None,
                file_name=params["name"],
            )
            outcome = {"layer": layer.name, "features": layer.feature_count}
    except (ImportFileError, ImportValidationError) as exc:
        raise JobError(f"Nothing was imported: {exc}") from None
    path.unlink(missing_ok=True)
    return {**outcome, "url": reverse("suitability:index")}
