"""The background job that imports a labour register (the upload page enqueues it)."""

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
from microparks.apps.labour.services import import_pool
from microparks.io.errors import ImportFileError, ImportValidationError

POOL_IMPORT = "labour.pool_import"


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
