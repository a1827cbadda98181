"""A scoring job's downloads: every scored site, vetoes, criteria, provenance; same scope."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from shapely.geometry import shape

from microparks.apps.sites.models import Site
from microparks.apps.suitability import services
from microparks.apps.suitability.models import ContextLayer, ScoringJob
from microparks.demo.suitability import load_demo_layers

pytestmark = pytest.mark.django_db

XLSX, GPKG = "suitability:job_export_xlsx", "suitability:job_export_gpkg"
SHIFTED = {
    "type": "Polygon",
    "coordinates": [
        [[110.01, 25.0], [110.012, 25.0], [110.012, 25.002], [110.01, 25.002], [110.01, 25.0]]
    ],
}


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def job(home):
    """A finished job of the home county: its factory ranked, a second site on the red line."""
    Site.objects.create(
        code="home-S2",
        name="home plot",
        kind=Site.Kind.IDLE_LAND,
        region=home.township,
        geometry=SHIFTED,
        land_area_m2=10000,
        condition=Site.Condition.VACANT_LAND,
    )
    load_demo_layers(home.county)
    red_line = ContextLayer.objects.get(region=home.county, name="ecological_red_line")
    frame = gpd.GeoDataFrame(geometry=[shape(SHIFTED).buffer(0.001)], crs=4326)
    services.save_layer(home.county, red_line.name, frame, None)
    job = services.run_scoring(home.county, home.users["official"])
    assert job.status == ScoringJob.Status.DONE
    return job


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _records(sheet):
    values = list(sheet.iter_rows(values_only=True))
    return list(values[0]), [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_anonymous_is_sent_to_login(client, job):
    for name in (XLSX, GPKG):
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
def test_roles_without_the_job_page_are_forbidden(client, home, job, role):
    client.force_login(home.users[role])
    for name in (XLSX, GPKG):
        assert client.get(reverse(name, args=[job.pk])).status_code == 403


@pytest.mark.parametrize("role", ["official", "investment"])
def test_other_countys_job_is_404(client, other, job, role):
    client.force_login(other.users[role])
    for name in (XLSX, GPKG):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_unfinished_job_has_nothing_to_download(client, home, job):
    ScoringJob.objects.filter(pk=job.pk).update(status=ScoringJob.Status.FAILED)
    client.force_login(home.users["official"])
    assert client.get(reverse(XLSX, args=[job.pk])).status_code == 404


def test_excel_scores_and_about(client, home, job):
    client.force_login(home.users["investment"])  # who may look may download
    book = _book(client.get(reverse(XLSX, args=[job.pk])))
    assert book.sheetnames == ["Scores", "About"]
    headers, rows = _records(book["Scores"])
    assert len(rows) == job.scores.count() == 2
    assert headers[:6] == ["rank", "asset code", "name", "score", "vetoed", "vetoes"]
    criteria = job.scheme["criteria"]
    assert len(headers) == 6 + 3 * len(criteria)
    assert "Land area: value (mu)" in headers
    assert "Land area: utility" in headers
    assert "Distance to the nearest road: contribution" in headers
    ranked, vetoed = rows
    assert ranked["asset code"] == "home-S1"
    assert ranked["rank"] == 1
    assert ranked["vetoed"] == "No"
    assert 0 <= ranked["score"] <= 1
    assert ranked["Land area: value (mu)"] == pytest.approx(30.0)
    contributions = [ranked[h] for h in headers if h.endswith(": contribution")]
    assert sum(contributions) == pytest.approx(ranked["score"])
    assert vetoed["asset code"] == "home-S2"
    assert vetoed["rank"] is None  # no rank when vetoed
    assert vetoed["score"] is None
    assert vetoed["vetoed"] == "Yes"
    assert "Ecological protection red line" in vetoed["vetoes"]
    about = dict(book["About"].iter_rows(min_row=2, values_only=True))
    assert about["scheme"] == job.scheme_name
    assert about["scheme version"] == job.scheme_version
    assert about["SHA-256 of the inputs"] == job.input_hash
    assert len(job.input_hash) == 64
    assert about["Sites vetoed"] == 1


def test_excel_speaks_the_request_language(client, home, job):
    client.force_login(home.users["official"])
    response = client.get(reverse(XLSX, args=[job.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    headers, rows = _records(_book(response).worksheets[0])
    assert headers[0] == "排名"
    assert "生态保护红线" in rows[1][headers[5]]


def test_geopackage_scores_with_provenance(client, home, job, tmp_path):
    client.force_login(home.users["official"])
    response = client.get(reverse(GPKG, args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geopackage+sqlite3"
    path = tmp_path / "scores.gpkg"
    path.write_bytes(response.content)
    layer = gpd.read_file(path, layer="suitability_scores").set_index("code")
    assert layer.crs.to_epsg() == 4326
    assert len(layer) == 2
    assert layer.loc["home-S1", "rank"] == 1
    assert layer.loc["home-S1", "area_value"] == pytest.approx(30.0)
    assert {"area_utility", "area_contribution", "road_value"} <= set(layer.columns)
    assert bool(layer.loc["home-S2", "vetoed"])
    assert pd.isna(layer.loc["home-S2", "rank"])  # no rank when vetoed
    assert "ecological_red_line" in layer.loc["home-S2", "vetoes"]
    assert set(layer["input_hash"]) == {job.input_hash}
    assert set(layer["scheme_version"]) == {job.scheme_version}
    meta = pyogrio.read_info(path, layer="suitability_scores")["layer_metadata"]
    assert meta["scheme"] == job.scheme_name
    assert meta["input_hash"] == job.input_hash


def test_job_page_links_to_both_downloads(client, home, job):
    client.force_login(home.users["official"])
    body = client.get(reverse("suitability:job_detail", args=[job.pk])).content.decode()
    assert reverse(XLSX, args=[job.pk]) in body
    assert reverse(GPKG, args=[job.pk]) in body


def test_a_chinese_scheme_name_makes_a_valid_file_name(client, home, job):
    ScoringJob.objects.filter(pk=job.pk).update(scheme_name="县级方案")
    client.force_login(home.users["official"])
    response = client.get(reverse(XLSX, args=[job.pk]))
    assert response.status_code == 200
    assert "filename*=utf-8''suitability-" in response["Content-Disposition"]
