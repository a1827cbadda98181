"""The background jobs that import a labour register and a quarter's employment sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from microparks.apps.jobs.models import Job
from microparks.apps.jobs.refusals import import_refusal
from microparks.apps.jobs.runner import Progress, register
from microparks.apps.labour.records_import import import_records
from microparks.apps.labour.services import import_pool
from microparks.io.errors import ImportFileError, ImportValidationError

POOL_IMPORT = "labour.pool_import"
RECORDS_IMPORT = "labour.records_import"


@register(POOL_IMPORT, _("Import of the labour register"))
def pool_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """The uploaded register into the next version of the county's pool for the year."""
    path = Path(job.params["path"])
    name = job.params["name"]
    try:
        with translation.override(job.params.get("lang") or settings.LANGUAGE_CODE):
            pool = import_pool(
                path,
                job.region,
                int(job.params["year"]),
                job.created_by,
                file_name=name,
                progress=progress,
            )
    except (ImportFileError, ImportValidationError) as exc:
        raise import_refusal(exc, name) from None
    finally:
        path.unlink(missing_ok=True)
    url = reverse("labour:pool")
    return {
        "rows": pool.created_count,
        "version": pool.version,
        "url": f"{url}?year={pool.year}&version={pool.pk}",
    }


@register(RECORDS_IMPORT, _("Import of a quarter's employment sheet"))
def records_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """The uploaded sheet into the county's employment records of the quarter (all or none)."""
    path = Path(job.params["path"])
    name = job.params["name"]
    year, quarter = int(job.params["year"]), int(job.params["quarter"])
    try:
        with translation.override(job.params.get("lang") or settings.LANGUAGE_CODE):
            done = import_records(
                path, job.region, year, quarter, job.created_by, file_name=name, progress=progress
            )
    except (ImportFileError, ImportValidationError) as exc:
        raise import_refusal(exc, name) from None
    finally:
        path.unlink(missing_ok=True)
    url = reverse("labour:record_list")
    return {
        "created": done.created,
        "updated": done.updated,
        "unchanged": done.unchanged,
        "flagged": done.flagged,
        "vocabulary": str(done.vocabulary) if done.vocabulary else "shipped",
        "url": f"{url}?year={year}&quarter={quarter}",
    }
