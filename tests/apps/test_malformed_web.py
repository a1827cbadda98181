"""The malformed corpus (tests/data/malformed) through the web imports: no 5xx, no partial write.

Each spoiled file is posted to the upload page of its kind as an official of the county: the
site import (upload, then its preview), the evaluation records and the power company's file of
a campaign, and the county's spending ledger. Whatever the page says, it is never a server
error, and when the import is refused (the page is shown again, or the import's background job
fails with its reason) no row of any table changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.apps.evaluation.helpers import campaign
from tests.cli.test_malformed import MANIFEST
from tests.cli.test_sites_import_coordinates import qinglan  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[1] / "data" / "malformed"
BOOKKEEPING = {"audit", "sessions", "jobs", "admin", "contenttypes", "axes", "otp_totp"}
"""Apps whose rows record that something was tried (logs, sessions, queued jobs), not data."""


def _files(*folders: str) -> list[str]:
    return sorted(name for name in MANIFEST if name.split("/")[0] in folders)


def row_counts() -> dict[str, int]:
    """Rows of every data table (bookkeeping apps left out)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in BOOKKEEPING
    }


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(Path(name).name, (CORPUS / name).read_bytes())


def _check(name: str, response: Any, before: dict[str, int], client: Any = None) -> None:
    """No server error; a refusal, in the request or by the import's job, wrote nothing."""
    assert response.status_code < 500, f"{name}: {response.status_code}"
    if response.status_code == 200:  # the form again, with the problems: nothing written
        assert row_counts() == before, f"{name}: refused but rows changed"
    elif client is not None and "/jobs/" in response.get("Location", ""):
        _check_job(name, client, response["Location"], before)


def _check_job(name: str, client: Any, location: str, before: dict[str, int]) -> None:
    """The import ran as a job (synchronously in tests): its page renders, and a failed job
    says why and left every data table as it was."""
    from microparks.apps.jobs.models import Job

    page = client.get(location, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code < 500, f"{name}: job page {page.status_code}"
    job = Job.objects.latest("pk")
    if job.status == Job.Status.FAILED:
        assert job.message_text(), f"{name}: the job failed without saying why"
        assert row_counts() == before, f"{name}: the job refused the file but rows changed"
    else:
        assert job.status == Job.Status.DONE, f"{name}: job left {job.status}"


@pytest.fixture
def official(qinglan: Any) -> Any:  # noqa: F811
    from microparks.apps.accounts.models import User
    from microparks.apps.regions.models import Region

    return User.objects.create_user(
        username="malformed_official",
        password="pw-Test-12345",
        role="official",
        region=Region.objects.get(code="452999"),
        is_staff=True,
    )


@pytest.mark.parametrize(
    "name", _files("sites_import", "sites_import_geojson", "sites_import_shapefile")
)
def test_a_malformed_site_file_is_never_a_server_error(client: Any, official: Any, name: str):
    from microparks.apps.regions.models import Region
    from microparks.apps.sites.models import Site

    client.force_login(official)
    before = row_counts()
    data = {
        "region": Region.objects.get(code="452999").pk,
        "target": "sites",
        "file": _upload(name),
        "template": "",
    }
    response = client.post(reverse("suitability:upload"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    _check(name, response, before)
    preview = client.get(reverse("suitability:preview"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert preview.status_code < 500, f"{name}: preview {preview.status_code}"
    assert Site.objects.count() == 0  # nothing is written before the import is confirmed


@pytest.mark.parametrize("source", ["records", "power"])
@pytest.mark.parametrize("name", _files("evaluate_records"))
def test_a_malformed_evaluation_file_writes_nothing(
    client: Any, home: Any, name: str, source: str
) -> None:
    draft = campaign(home)
    client.force_login(home.users["official"])
    before = row_counts()
    if source == "records":
        url, data = reverse("evaluation:records_upload", args=[draft.pk]), {}
    else:
        url, data = reverse("evaluation:bureau_upload", args=[draft.pk]), {"source": "power"}
    response = client.post(url, {"file": _upload(name), **data}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    _check(name, response, before, client)


@pytest.mark.parametrize("name", _files("impact_programme"))
def test_a_malformed_spending_ledger_writes_nothing(client: Any, home: Any, name: str) -> None:
    client.force_login(home.users["official"])
    before = row_counts()
    response = client.post(
        reverse("impact:spending_import"), {"file": _upload(name)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    _check(name, response, before, client)
