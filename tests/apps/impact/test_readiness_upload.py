"""Readiness computed from the page: an official uploads the census (and boundaries); a job ranks.

Jobs run synchronously in tests, so a POST returns after the job has run; the job page then
leads back to the readiness page.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.jobs.models import Job
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db

CENSUS = SHARED_DATA / "census_county_2020_v1.xlsx"
BOUNDARIES = SHARED_DATA / "cn_counties_2875_simplified.parquet"
URL = "/impact/readiness/"


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path: Path) -> Path:
    """A data folder of the test's own, and no configured file to hide the computed one."""
    settings.DATA_DIR = tmp_path
    settings.READINESS_FILE = ""
    settings.READINESS_SCHEME = ""
    return tmp_path


def _upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_url():
    assert reverse("impact:readiness") == URL


def test_anonymous_goes_to_login(client):
    for response in (client.get(URL), client.post(URL, {})):
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("role", ["park_manager", "investment", "enterprise", "handler"])
def test_other_roles_cannot_compute(client, home, role):
    client.force_login(home.users[role])
    census = SimpleUploadedFile("census.xlsx", b"PK\x03\x04")
    assert client.post(URL, {"census": census}).status_code == 403
    assert not Job.objects.exists()
    response = client.get(URL)
    if role in ("enterprise", "handler"):  # not a page of theirs at all
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert response.context["compute_form"] is None
        assert "readiness-compute" not in response.content.decode()


@pytest.mark.parametrize("role", ["official", "admin"])
def test_officials_and_admins_see_the_form(client, home, role):
    client.force_login(home.users[role])
    response = client.get(URL)
    text = response.content.decode()
    assert response.context["compute_form"] is not None
    assert "Compute from the census" in text
    assert 'enctype="multipart/form-data"' in text
    assert "No ranking yet: compute one above" in text  # no command line for officials


def test_census_must_be_xlsx(client, home, data_dir):
    client.force_login(home.users["official"])
    response = client.post(URL, {"census": SimpleUploadedFile("census.csv", b"a,b\n1,2\n")})
    assert response.status_code == 200
    assert response.context["compute_form"].errors["census"]
    assert not Job.objects.exists()


def test_bad_workbook_fails_the_job_and_writes_nothing(client, home, data_dir):
    client.force_login(home.users["official"])
    census = SimpleUploadedFile("县普查.xlsx", b"this is not a workbook\n")
    response = client.post(URL, {"census": census})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.kind == "impact.readiness"
    assert job.status == Job.Status.FAILED
    assert "县普查.xlsx is not an Excel workbook" in job.message
    assert str(data_dir) not in job.message  # no server path in what the user reads
    page = client.get(response["Location"]).content.decode()  # the job page tells why
    assert "县普查.xlsx is not an Excel workbook" in page
    assert not (data_dir / "readiness").exists()
    assert not any((data_dir / "uploads").iterdir())  # the upload is removed
    assert client.get(URL).context["frame"] is False


@pytest.mark.shared_data
def test_official_computes_from_the_census(client, home, data_dir):
    client.force_login(home.users["official"])
    response = client.post(URL, {"census": _upload(CENSUS)}, follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.message
    assert response.redirect_chain[0][0] == reverse("jobs:detail", args=[job.pk])
    assert response.redirect_chain[-1][0] == URL
    assert (data_dir / "readiness" / "readiness.csv").exists()
    assert not (data_dir / "readiness" / "readiness.parquet").exists()
    assert job.result["scheme"].startswith("china-county-readiness")
    counts = response.context["counts"]
    assert 2700 < counts["scored"] <= counts["regions"] < 3000
    rows = response.context["rows"]
    assert [r["rank"] for r in rows[:3]] == [1, 2, 3]
    assert response.context["computed_at"] is not None
    text = response.content.decode()
    assert "Recompute from the census" in text
    assert rows[0]["name"] in text
    assert response.context["geojson"]["features"] == []  # no boundaries, no map
    # read-only roles see the ranking, without the form
    client.force_login(home.users["investment"])
    other = client.get(URL)
    assert other.context["counts"] == counts
    assert "readiness-compute" not in other.content.decode()


@pytest.mark.shared_data
def test_official_computes_with_boundaries(client, home, data_dir):
    stale = data_dir / "readiness" / "readiness.csv"
    stale.parent.mkdir()
    stale.write_text("region,score\n450101,0.5\n")  # an older ranking without boundaries
    client.force_login(home.users["official"])
    files = {"census": _upload(CENSUS), "boundaries": _upload(BOUNDARIES)}
    response = client.post(URL, files, follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.message
    written = data_dir / "readiness" / "readiness.parquet"
    assert written.exists()
    assert not stale.exists()  # only the newest ranking counts
    assert "distance_to_east_km" in gpd.read_parquet(written).columns
    assert job.result["with_geometry"] > 2700
    assert response.context["counts"]["scored"] > 2700
    features = response.context["geojson"]["features"]
    assert len(features) > 2700
    assert 'id="readiness-map"' in response.content.decode()


@pytest.mark.shared_data
def test_unreadable_boundaries_fail_the_job(client, home, data_dir):
    client.force_login(home.users["official"])
    files = {
        "census": _upload(CENSUS),
        "boundaries": SimpleUploadedFile("counties.geojson", b"not geojson"),
    }
    client.post(URL, files)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("The ranking was not computed:")
    assert "counties.geojson" in job.message
    assert str(data_dir) not in job.message
    assert not (data_dir / "readiness" / "readiness.parquet").exists()
