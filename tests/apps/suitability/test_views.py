"""Suitability pages: anonymous, wrong role, other region and right role; the import flow."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from microparks.apps.sites.models import Site
from microparks.apps.suitability import services
from microparks.apps.suitability.models import ContextLayer, ScoringJob
from microparks.demo.suitability import load_demo_layers

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(home):
    load_demo_layers(home.county)
    return services.run_scoring(home.county, home.users["official"])


def login(client, user):
    client.force_login(user)
    return client


def pages(job, site):
    return [
        reverse("suitability:index"),
        reverse("suitability:job_detail", args=[job.pk]),
        reverse("suitability:score_detail", args=[job.pk, site.pk]),
    ]


def test_anonymous_is_sent_to_login(client, home, job):
    for url in [*pages(job, home.site), reverse("suitability:upload")]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
def test_wrong_roles_are_forbidden(client, home, job, role):
    login(client, home.users[role])
    for url in [*pages(job, home.site), reverse("suitability:upload")]:
        assert client.get(url).status_code == 403


def test_investment_officer_may_look_but_not_act(client, home, job):
    login(client, home.users["investment"])
    for url in pages(job, home.site):
        assert client.get(url).status_code == 200
    assert client.get(reverse("suitability:upload")).status_code == 403
    response = client.post(reverse("suitability:job_new"), {"region": home.county.pk})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["official", "investment"])
def test_other_regions_job_is_404(client, home, other, job, role):
    login(client, other.users[role])
    assert client.get(reverse("suitability:job_detail", args=[job.pk])).status_code == 404
    url = reverse("suitability:score_detail", args=[job.pk, home.site.pk])
    assert client.get(url).status_code == 404
    index = client.get(reverse("suitability:index"))
    assert job.scheme_name not in [j.scheme_name for j in index.context["page"]]


def test_official_sees_ranked_table_map_and_explanation(client, home, job):
    login(client, home.users["official"])
    page = client.get(reverse("suitability:job_detail", args=[job.pk]))
    assert page.status_code == 200
    assert b"score-map" in page.content
    layer = client.get(page.context["map_url"])  # the map fetches its layer
    assert layer["Content-Type"].startswith("application/geo+json")
    feature = layer.json()["features"][0]
    assert feature["properties"]["code"] == home.site.code
    assert feature["geometry"] == home.site.geometry
    row = job.scores.get(site=home.site)
    assert feature["properties"]["url"] == reverse(
        "suitability:score_detail", args=[job.pk, home.site.pk]
    )
    assert f"{row.score:.3f}" in feature["properties"]["status"]
    again = client.get(page.context["map_url"], HTTP_IF_NONE_MATCH=layer["ETag"])
    assert again.status_code == 304
    detail = client.get(reverse("suitability:score_detail", args=[job.pk, home.site.pk]))
    assert detail.status_code == 200
    labels = [line[0] for line in detail.context["lines"]]
    assert "距最近道路的距离" in labels  # the shipped label, in the default language


def test_official_runs_a_job_and_compares_two(client, home, job):
    login(client, home.users["official"])
    response = client.post(reverse("suitability:job_new"), {"region": home.county.pk})
    second = ScoringJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("suitability:job_detail", args=[second.pk])
    page = client.get(reverse("suitability:job_detail", args=[second.pk]), {"compare": job.pk})
    assert page.context["compare"] == job
    assert page.context["table"][0][2] == job.scores.get(site=home.site).rank


def test_other_official_cannot_score_for_home(client, home, other):
    login(client, other.users["official"])
    client.post(reverse("suitability:job_new"), {"region": home.county.pk})
    assert not ScoringJob.objects.exists()


CSV_OK = (
    "code,name,kind,condition,wkt\n"
    'U-1,Upload one,vacant_factory,fair,"POLYGON ((108 24.5, 108.002 24.5, 108.002 24.502, '
    '108 24.502, 108 24.5))"\n'
)
CSV_BAD = CSV_OK + 'U-1,Again,idle_land,fair,"POLYGON EMPTY"\n'


def _upload(client, home, text, target="sites", layer_name=""):
    data = {
        "region": home.township.pk,
        "target": target,
        "layer_name": layer_name,
        "file": io.BytesIO(text.encode()),
    }
    data["file"].name = "assets.csv"
    return client.post(reverse("suitability:upload"), data)


def test_upload_preview_confirm(client, home):
    login(client, home.users["official"])
    assert _upload(client, home, CSV_OK).status_code == 302
    preview = client.get(reverse("suitability:preview"))
    assert preview.status_code == 200
    assert preview.context["count"] == 1
    assert client.post(reverse("suitability:confirm")).status_code == 302
    site = Site.objects.get(code="U-1")
    assert site.region == home.township
    assert site.source_file == "assets.csv"


def test_bad_upload_is_previewed_with_rows_and_changes_nothing(client, home):
    login(client, home.users["official"])
    _upload(client, home, CSV_BAD)
    preview = client.get(reverse("suitability:preview"))
    found = {(e.row, e.field, e.text()) for e in preview.context["errors"]}
    assert (3, "code", "duplicate code (also on row 2)") in found
    assert (3, "geometry", "empty geometry") in found
    client.post(reverse("suitability:confirm"))
    assert not Site.objects.filter(code="U-1").exists()


def test_layer_upload_needs_a_name_and_is_stored(client, home):
    login(client, home.users["official"])
    text = "name,lon,lat\nsub A,108.0,24.5\n"
    response = _upload(client, home, text, target="layer")
    assert response.status_code == 200
    assert "layer_name" in response.context["form"].errors
    _upload(client, home, text, target="layer", layer_name="substations")
    client.post(reverse("suitability:confirm"))
    layer = ContextLayer.objects.get(name="substations")
    assert layer.region == home.township
    assert layer.feature_count == 1


def test_job_page_has_no_sensitivity_with_a_single_site(client, home, job):
    login(client, home.users["official"])
    page = client.get(reverse("suitability:job_detail", args=[job.pk]))
    assert job.scores.filter(vetoed=False).count() == 1
    assert page.context["sensitivity"] is None


def test_sensitivity_with_two_sites(home):
    Site.objects.create(
        code="home-S2",
        name="second",
        kind="idle_land",
        region=home.township,
        geometry={
            "type": "Polygon",
            "coordinates": [
                [[107.86, 24.37], [107.861, 24.37], [107.861, 24.371], [107.86, 24.37]]
            ],
        },
        land_area_m2=40000,
        condition="vacant_land",
        planning_designation="industrial",
    )
    load_demo_layers(home.county)
    job = services.run_scoring(home.county, None)
    out = services.job_sensitivity(job, n_samples=200, seed=1)
    assert out is not None
    best = job.scores.get(rank=1).site
    assert out["top"] == best
    assert 0 <= out["stability"] <= 1
    assert out == services.job_sensitivity(job, n_samples=200, seed=1)  # seeded
    # the job stored its own (1,000 samples, seed 0) when it ran; the page reads them back
    stored = job.sensitivity
    assert stored is not None
    assert stored == services.sensitivity_facts(job)
    assert services.job_sensitivity(job)["top"].pk == stored["top"] == best.pk
    if out["flip"]:
        assert out["flip"]["new_top"] != best
        assert out["flip"]["delta"] != 0


def test_scoring_runs_as_a_background_job(client, home):
    from microparks.apps.jobs.models import Job

    load_demo_layers(home.county)
    login(client, home.users["official"])
    client.post(reverse("suitability:job_new"), {"region": home.county.pk})
    job = Job.objects.get(kind="suitability.score")
    scoring = ScoringJob.objects.get()
    assert job.status == Job.Status.DONE
    assert job.result["url"] == reverse("suitability:job_detail", args=[scoring.pk])
    assert job.region == home.county
    assert job.created_by == home.users["official"]
    assert scoring.progress == 100


def test_a_failed_scoring_job_shows_why(client, home):
    from microparks.apps.jobs.models import Job

    login(client, home.users["official"])  # no context layers loaded
    response = client.post(reverse("suitability:job_new"), {"region": home.county.pk})
    job = Job.objects.get(kind="suitability.score")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.FAILED
    assert "context layer" in job.message
    assert ScoringJob.objects.get().status == ScoringJob.Status.FAILED


def test_a_bad_scheme_is_refused_before_any_job(client, home):
    from microparks.apps.jobs.models import Job

    login(client, home.users["official"])
    scheme = io.BytesIO(b"name: x\nversion: '1'\ncriteria: []\n")
    scheme.name = "bad.yaml"
    response = client.post(
        reverse("suitability:job_new"), {"region": home.county.pk, "scheme": scheme}
    )
    assert response["Location"] == reverse("suitability:index")
    assert not Job.objects.exists()


def test_confirming_a_bad_file_ends_in_a_failed_job(client, home):
    from microparks.apps.jobs.models import Job

    login(client, home.users["official"])
    _upload(client, home, CSV_BAD)
    response = client.post(reverse("suitability:confirm"))
    job = Job.objects.get(kind="suitability.import")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.FAILED
    reasons = {(p["row"], p["field"]) for p in job.result["problems"]}
    assert {(3, "code"), (3, "geometry")} <= reasons
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "duplicate code" in page.content.decode()


def test_forms_start_with_the_officials_own_county(client, home, other):
    from microparks.apps.suitability.forms import RegionForm

    form = RegionForm(home.users["official"])
    assert form["region"].value() == home.county.pk
    assert RegionForm(home.users["admin"])["region"].value() is None  # sees every region
    client.force_login(home.users["official"])
    page = client.get(reverse("suitability:index")).content.decode()
    assert f'<option value="{home.county.pk}" selected>' in page


def test_the_flipping_criterion_is_named_in_the_users_language():
    from django.utils import translation

    from microparks.apps.suitability.views import _translated_flip

    with translation.override("zh-hans"):
        out = _translated_flip({"flip": {"criterion": "Distance from residential areas"}})
    assert out["flip"]["criterion"] != "Distance from residential areas"
    assert "居民" in out["flip"]["criterion"]
    assert _translated_flip(None) is None
