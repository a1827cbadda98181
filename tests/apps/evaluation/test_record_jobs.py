"""The records sheet and the bureaus' files are imported by a background job, not the request.

The request only checks the upload's size and keeps the file; the job reads it, checks every
row and saves all of them or none, reporting its progress; its page then leads to the campaign
(or the review page) saying how many were imported, or lists what was wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.evaluation.record_jobs import BUREAU_IMPORT, RECORDS_IMPORT
from microparks.apps.jobs.models import Job
from microparks.apps.jobs.runner import run_job
from tests.apps.evaluation.helpers import add_tenant, campaign, credit_code

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "data" / "ledgers"


@pytest.fixture
def draft(home, other, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the kept uploads go to tmp_path / "uploads"
    for i in (1, 2, 3):
        add_tenant(home, i, 100_000)
    return campaign(home)


def _taxes() -> list[float]:
    codes = [credit_code(i) for i in (1, 2, 3)]
    records = AnnualRecord.objects.filter(year=2024, enterprise__credit_code__in=codes)
    return sorted(float(r.tax_cny) for r in records)


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CORPUS / name).read_bytes())


def test_the_records_sheet_waits_for_the_job_then_the_job_imports_it(
    client, home, draft, settings, tmp_path
):
    settings.JOBS_MODE = "worker"  # queued for a worker: the request does not read the file
    client.force_login(home.users["official"])
    before = _taxes()
    url = reverse("evaluation:records_upload", args=[draft.pk])
    response = client.post(url, {"file": _upload("records_county.xlsx")})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status, job.region) == (RECORDS_IMPORT, "queued", home.county)
    assert _taxes() == before
    kept = Path(job.params["path"])
    assert kept.parent == tmp_path / "uploads"
    assert kept.exists()
    heard: list[tuple[int, str]] = []
    job = run_job(job.pk, on_progress=lambda percent, message: heard.append((percent, message)))
    assert job.status == "done", job.message
    assert heard == [(10, "Reading the file"), (50, "Checking and saving the rows")]
    assert _taxes() == [180_000.0, 456_000.0, 1_205_000.0]
    assert not kept.exists()  # the kept file goes once it is read
    page = client.get(reverse("jobs:detail", args=[job.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert page.redirect_chain[-1][0].endswith(f"/evaluation/{draft.pk}/?imported=3")
    assert "3 records updated; run the evaluation to use them." in page.content.decode()


def test_an_unreadable_file_fails_the_job_and_nothing_is_imported(client, home, draft):
    client.force_login(home.users["official"])
    before = _taxes()
    url = reverse("evaluation:bureau_upload", args=[draft.pk])
    data = {"file": SimpleUploadedFile("tax.xlsx", b"not a workbook"), "source": "tax_bureau"}
    page = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    job = Job.objects.get()
    assert (job.kind, job.status) == (BUREAU_IMPORT, "failed")
    text = page.content.decode()
    assert "Import of tax-bureau or power-company figures" in text  # the job page's title
    assert page.context["message"].startswith("Nothing was imported. ")
    assert reverse("evaluation:review", args=[draft.pk]) in text  # "Upload the file again"
    assert "Upload the file again" in text
    assert _taxes() == before
    assert not Path(job.params["path"]).exists()


def test_the_bureau_figures_page_says_how_many_were_imported(client, home, draft):
    client.force_login(home.users["official"])
    url = reverse("evaluation:bureau_upload", args=[draft.pk])
    data = {"file": _upload("tax_bureau.xlsx"), "source": "tax_bureau"}
    page = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.redirect_chain[-1][0].endswith(f"/evaluation/{draft.pk}/review/?imported=3")
    assert "已导入 3 家企业的数据。" in page.content.decode()
    assert Job.objects.get().params["source"] == "tax_bureau"


def test_a_file_over_the_size_limit_is_refused_in_the_request(client, home, draft, settings):
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "evaluation": 1024}
    client.force_login(home.users["official"])
    url = reverse("evaluation:records_upload", args=[draft.pk])
    big = SimpleUploadedFile("records.csv", b"credit_code\n" + b"x" * 4096)
    page = client.post(url, {"file": big}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "files of this kind may be at most" in page.content.decode()
    assert not Job.objects.exists()
