"""Background jobs of site suitability: scoring a region, and confirming an import.

Registered with :mod:`microparks.apps.jobs.runner` when the app is ready; each handler returns
the ``url`` of the page that shows its outcome.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from microparks.apps.jobs.models import Job
from microparks.apps.jobs.refusals import import_refusal
from microparks.apps.jobs.runner import JobError, Progress, register
from microparks.apps.rules.models import RulesDocument
from microparks.apps.suitability import labour, services, site_import
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
        raise JobError(gettext_noop("The scheme of this job is not stored; run the scoring again."))
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


@register(labour.SHED_JOB, _("Labour shed of the sites and parks"))
def shed_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Work out the labour shed of ``job.region`` (a county) once, for its site and park pages."""
    try:
        shed = labour.compute_shed(job.region, job.created_by, progress=progress)
    except labour.ShedInputError as exc:  # no roads, no pool
        raise JobError(exc.message.template, exc.message.params) from None
    except ValueError as exc:  # a road without a speed (named: layer, feature, field)
        raise JobError(str(exc)) from None
    return {
        "labour_shed": shed.pk,
        "url": job.params.get("back_url") or reverse("suitability:index"),
    }


@register(IMPORT, _("Import of a file"))
def import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Import an uploaded file (``params``: path, name, target, layers, CRS, mapping, lang).

    The same check as the preview's (:func:`site_import.check_sites`, :func:`services.check_layer`),
    then the save; in the language of the user who confirmed it, which Django's own model
    messages are given in.
    """
    params = job.params
    path = Path(params["path"])
    with translation.override(params.get("lang") or settings.LANGUAGE_CODE):
        try:
            outcome = _import(job, path, progress)
        except (ImportFileError, ImportValidationError) as exc:
            raise import_refusal(exc) from None
    path.unlink(missing_ok=True)
    return {**outcome, "url": reverse("suitability:index")}


def _import(job: Job, path: Path, progress: Progress) -> dict[str, Any]:
    params = job.params
    layer = params.get("source_layer") or None
    crs = params.get("crs") or None
    if params["target"] == "sites":
        plan = site_import.check_sites(
            path,
            job.region,
            mapping=site_mapping(params.get("mapping") or {}),
            layer=layer,
            crs=crs,
            file_name=params["name"],
            progress=progress,
        )
        record = site_import.save_sites(plan, job.created_by, progress=progress)
        return {"created": record.created_count, "updated": record.updated_count}
    progress(10, gettext_noop("Reading and checking the file"))
    read = services.check_layer(path, layer=layer, crs=crs, region=job.region)
    saved = services.save_layer(
        job.region,
        params["layer_name"],
        read.frame,
        job.created_by,
        source_file=params["name"],
        sha256=read.provenance.sha256,
        source_crs=read.provenance.source_crs,
    )
    return {"layer": saved.name, "features": saved.feature_count}
