"""The background jobs that import a campaign's records sheet and a bureau's file.

A county's 亩均 sheet and the tax bureau's or power company's file hold a row per firm, and
read in the request such a file held it for as long as the reading, the checks and the saves
took. The views now save the upload and enqueue one of these jobs; the job's page shows its
progress and, on refusal, every row problem. All rows or none, as before
(:func:`~microparks.apps.evaluation.records.import_records`,
:func:`~microparks.apps.evaluation.records.import_bureau_figures`). The command line reads its
files in the foreground, with its own progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from microparks.apps.evaluation.models import Campaign
from microparks.apps.evaluation.records import import_bureau_figures, import_records
from microparks.apps.evaluation.services import EvaluationError
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.refusals import NOTHING_IMPORTED, import_refusal
from microparks.apps.jobs.runner import JobError, Progress, register
from microparks.apps.jobs.uploads import enqueue_upload as enqueue_file
from microparks.apps.rules.vocabularies import vocabulary_in_effect
from microparks.io.errors import ImportValidationError
from microparks.io.evaluation_files import read_bureau_figures
from microparks.io.evaluation_records import RecordsFileError, read_evaluation_records_upload

RECORDS_IMPORT = "evaluation.records_import"
BUREAU_IMPORT = "evaluation.bureau_import"
IMPORTED = "imported"
"""The query parameter that tells the page the job leads to how many rows it imported."""


def enqueue_upload(
    kind: str,
    request: HttpRequest,
    campaign: Campaign,
    upload: UploadedFile,
    back_url: str,
    **extra: str,
) -> Job:
    """Keep ``upload`` (already size-checked) for a job of ``kind`` on ``campaign``; enqueue it.

    ``extra``: what the job needs besides the file (the bureau's source).
    """
    return enqueue_file(
        kind, request, campaign.region, upload, back_url, campaign=campaign.pk, **extra
    )


def imported_count(request: HttpRequest) -> int | None:
    """How many rows the job that led here imported (``None``: the page was not a job's result)."""
    given = request.GET.get(IMPORTED, "")
    return int(given) if given.isdigit() else None


def _run(job: Job, progress: Progress, work: Callable[[Campaign, bytes, str], int]) -> int:
    """Read the saved file and hand it to ``work``; a refusal becomes the job's failure.

    In the uploader's language, which Django's model checks (named in the row problems) and the
    services' messages are given in. The saved file is removed whatever happens.
    """
    path = Path(job.params["path"])
    name = job.params["name"]
    try:
        with translation.override(job.params.get("lang") or settings.LANGUAGE_CODE):
            campaign = Campaign.objects.select_related("region").get(pk=job.params["campaign"])
            progress(10, gettext_noop("Reading the file"))
            return work(campaign, path.read_bytes(), name)
    except ImportValidationError as exc:  # the readers' RecordsFileError too
        if isinstance(exc, RecordsFileError) and exc.file_error is not None:  # unreadable
            raise import_refusal(exc.file_error) from None
        raise import_refusal(exc, name) from None
    except EvaluationError as exc:  # e.g. a final campaign: told in the job's language already
        raise JobError(str(exc), note=NOTHING_IMPORTED) from None
    finally:
        path.unlink(missing_ok=True)


@register(RECORDS_IMPORT, _("Import of the annual records sheet"))
def records_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """The county's records sheet into the tenants' annual records of the campaign's year."""

    def work(campaign: Campaign, data: bytes, name: str) -> int:
        vocabulary = vocabulary_in_effect("records", campaign.region)
        records = read_evaluation_records_upload(data, name, vocabulary=vocabulary)
        progress(50, gettext_noop("Checking and saving the rows"))
        return import_records(campaign, records, job.created_by, name)

    count = _run(job, progress, work)
    url = reverse("evaluation:campaign_detail", args=[job.params["campaign"]])
    return {"count": count, "url": f"{url}?{IMPORTED}={count}"}


@register(BUREAU_IMPORT, _("Import of tax-bureau or power-company figures"))
def bureau_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    """A tax bureau's or power company's file (``params["source"]``) into the records."""

    def work(campaign: Campaign, data: bytes, name: str) -> int:
        vocabulary = vocabulary_in_effect("bureau", campaign.region)
        figures = read_bureau_figures(data, name, vocabulary=vocabulary)
        progress(50, gettext_noop("Checking and saving the rows"))
        source = job.params["source"]
        return import_bureau_figures(campaign, figures, source, name, job.created_by)

    count = _run(job, progress, work)
    url = reverse("evaluation:review", args=[job.params["campaign"]])
    return {"count": count, "url": f"{url}?{IMPORTED}={count}"}
