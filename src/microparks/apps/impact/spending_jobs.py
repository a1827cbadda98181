"""The background job that imports a spending file (a county's file may hold 100 000 rows).

Read in the request, such a file held the request for minutes; the view now saves the upload
and enqueues this job, and the job's page shows its progress and, on refusal, every row
problem. All rows or none, as before (:func:`~microparks.apps.impact.programme.import_spending`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from microparks.apps.impact import programme
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.refusals import import_refusal
from microparks.apps.jobs.runner import Progress, register
from microparks.apps.rules.vocabularies import vocabulary_in_effect
from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.spending import read_spending_upload

SPENDING_IMPORT = "impact.spending_import"


@register(SPENDING_IMPORT, _("Spending import"))
def spending_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Read the saved file, check every row and store them all, or refuse with the problems."""
    path = Path(job.params["path"])
    name = job.params["name"]
    try:
        with translation.override(job.params.get("lang") or settings.LANGUAGE_CODE):
            progress(10, gettext_noop("Reading the file"))
            vocabulary = vocabulary_in_effect("spending", job.region)
            rows = read_spending_upload(path.read_bytes(), name, vocabulary=vocabulary)
            progress(50, gettext_noop("Checking and saving the rows"))
            count = programme.import_spending(job.created_by, rows, name)
    except (ImportFileError, ImportValidationError) as exc:
        raise import_refusal(exc, name) from None
    finally:
        path.unlink(missing_ok=True)
    park = job.params.get("park")
    url = reverse("impact:park", args=[park]) if park else reverse("impact:county")
    return {"count": count, "url": f"{url}?saved={count}#cost-benefit"}
