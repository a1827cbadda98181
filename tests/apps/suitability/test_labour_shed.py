"""The labour shed in the apps: the scoring criterion reads the county's pool and records it;
the site and park pages show the county's stored shed, and officials have it worked out.

The home county's site (tests/conftest.py) lies at about (110.001, 25.001). Roads: east along
latitude 25.001 to 110.05 at 40 km/h (0.049° × 100.9 km/° ≈ 4.95 km: 7.4 min), then on to
110.2 at 60 km/h (≈ 15.1 km: 15.1 min more, 22.5 min in all). Township 1 (500 available at
home) is a small square on 110.05, township 2 (300) on 110.2; their points sit on road
vertices, so the access time is nil. Within 15 / 30 / 45 minutes: 500 / 800 / 800.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from microparks.apps.jobs.models import Job
from microparks.apps.labour.models import PoolEntry, PoolVersion
from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Kind
from microparks.apps.sites.models import Site
from microparks.apps.suitability import labour, services
from microparks.apps.suitability.models import LabourShed, ScoringJob, ShedFigure

pytestmark = pytest.mark.django_db

Y = 25.001


def square(x, y, d=0.002):
    ring = [[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]
    return {"type": "Polygon", "coordinates": [ring]}


def line(points, **properties):
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": points},
        "properties": properties,
    }


ROADS = {
    "type": "FeatureCollection",
    "features": [
        line([[110.001, Y], [110.05, Y]], speed_kmh=40),
        line([[110.05, Y], [110.2, Y]], speed_kmh=60),
    ],
}

SCHEME = """\
name: labour-test
version: "1"
method: wsm
criteria:
  - name: labour_30
    label: Labour within 30 minutes by road
    source: labour_shed
    layer: roads
    minutes: 30
    speed_kmh: 30
    unit: person
    kind: benefit
    transform: linear
    lower: 0
    upper: 1000
    weight: 1
"""


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def give_labour(place, year=2025, version=1, first=500, second=300):
    """Two townships with outlines on the roads, a road layer and a pool version."""
    town = place.township
    town.geometry = square(110.05, Y)
    town.save()
    far, _ = Region.objects.get_or_create(
        code=place.county.code + "102",
        defaults={"name": "far town", "level": Region.Level.TOWNSHIP, "parent": place.county},
    )
    far.geometry = square(110.2, Y)
    far.save()
    services.ContextLayer.objects.update_or_create(
        region=place.county, name="roads", defaults={"features": ROADS, "feature_count": 2}
    )
    pool = PoolVersion.objects.create(
        region=place.county, year=year, version=version, file_name="r.xlsx", sha256="ab" * 32
    )
    for row, (township, available) in enumerate(((town, first), (far, second)), start=2):
        PoolEntry.objects.create(
            pool=pool,
            township=township,
            village="",
            source_row=row,
            labour=available * 2,
            available=available,
        )
    return pool


def scheme_doc(place):
    draft = rules.Draft(
        kind=Kind.SUITABILITY, name="labour-test", title="t", content=SCHEME, region=place.county
    )
    return rules.save_draft(place.users["official"], draft)


def test_current_pool_is_the_latest_year_and_version(home):
    give_labour(home)
    PoolVersion.objects.create(region=home.county, year=2024, version=7, file_name="o", sha256="0")
    latest = PoolVersion.objects.create(
        region=home.county, year=2025, version=2, file_name="n", sha256="1"
    )
    assert labour.current_pool(home.township) == latest
    assert labour.county_of(home.township) == home.county


def test_pool_frame_sums_townships_at_a_point_inside(home):
    pool = give_labour(home)
    PoolEntry.objects.create(
        pool=pool, township=home.township, village="二村", source_row=9, labour=100, available=20
    )
    frame = labour.pool_frame(pool)
    assert sorted(frame["labour"].tolist()) == [300.0, 520.0]
    assert frame.attrs["unplaced"] == 0
    x = sorted(round(p.x, 3) for p in frame.geometry)
    assert x == [110.05, 110.2]


def test_scoring_job_uses_and_records_the_pool_version(home):
    pool = give_labour(home)
    job = services.run_scoring(home.county, None, scheme_doc(home))
    assert job.status == ScoringJob.Status.DONE, job.message
    recorded = job.layers["labour_pool_version"]
    assert recorded["pool_version"] == pool.pk
    assert (recorded["year"], recorded["version"], recorded["sha256"]) == (2025, 1, "ab" * 32)
    assert recorded["features"] == 2
    score = job.scores.get(site=home.site)
    assert score.values["labour_30"] == 800.0  # both townships within 30 min (7.4, 22.5)
    assert score.utilities["labour_30"] == pytest.approx(0.8)


def test_a_new_pool_version_changes_the_job_record_and_value(home):
    give_labour(home)
    first = services.run_scoring(home.county, None, scheme_doc(home))
    newer = give_labour(home, version=2, first=100, second=300)
    second = services.run_scoring(home.county, None, scheme_doc(home))
    assert second.layers["labour_pool_version"]["pool_version"] == newer.pk
    assert second.scores.get(site=home.site).values["labour_30"] == 400.0
    assert first.input_hash != second.input_hash


def test_scoring_without_a_pool_fails_naming_it(home):
    doc = scheme_doc(home)
    job = services.run_scoring(home.county, None, doc)
    assert job.status == ScoringJob.Status.FAILED
    assert "labour pool" in job.message
    assert "人社" in job.message


def test_compute_shed_stores_sites_and_parks_by_hand(home):
    pool = give_labour(home)
    shed = labour.compute_shed(home.county, None)
    assert shed.pool == pool
    assert shed.pool_label == "2025 v1"
    assert shed.minutes == [15.0, 30.0, 45.0]
    assert len(shed.roads_sha256) == 64
    assert (shed.nodes, shed.edges) == (3, 2)
    assert ShedFigure.objects.get(shed=shed, site=home.site).labour == [500.0, 800.0, 800.0]
    # the park's only site is its place
    assert ShedFigure.objects.get(shed=shed, park=home.park).labour == [500.0, 800.0, 800.0]
    again = labour.compute_shed(home.county, None)
    assert list(LabourShed.objects.filter(region=home.county)) == [again]
    assert ShedFigure.objects.filter(shed__region=home.county).count() == 2


def test_compute_shed_refuses_a_county_without_pool_or_roads(home):
    with pytest.raises(labour.ShedInputError, match="roads"):
        labour.compute_shed(home.county, None)
    services.ContextLayer.objects.create(region=home.county, name="roads", features=ROADS)
    with pytest.raises(labour.ShedInputError, match="labour pool"):
        labour.compute_shed(home.county, None)


# --- the pages -------------------------------------------------------------------------------


def site_url(place):
    return reverse("web:site_detail", args=[place.site.pk])


def park_url(place):
    return reverse("web:park_detail", args=[place.park.pk])


def figures_on(body):
    return "500" in body and "800" in body and "within 15 minutes" in body


def test_pages_say_not_worked_out_and_officials_get_the_button(client, home):
    give_labour(home)
    client.force_login(home.users["official"])
    body = client.get(site_url(home)).content.decode()
    assert "has not been worked out yet" in body
    assert reverse("suitability:shed_compute", args=[home.county.pk]) in body
    client.force_login(home.users["park_manager"])
    body = client.get(site_url(home)).content.decode()
    assert "has not been worked out yet" in body
    assert reverse("suitability:shed_compute", args=[home.county.pk]) not in body


@pytest.mark.parametrize("role", ["official", "investment", "park_manager"])
def test_site_and_park_pages_show_the_countys_figures(client, home, other, role):
    give_labour(home)
    give_labour(other, first=7, second=3)
    labour.compute_shed(home.county, None)
    labour.compute_shed(other.county, None)
    client.force_login(home.users[role])
    for url in (site_url(home), park_url(home)):
        body = client.get(url).content.decode()
        assert figures_on(body), url
        assert "2025 v1" in body
        assert "changed since" not in body
    # the other county's objects stay out of reach (their figures with them)
    assert client.get(site_url(other)).status_code == 404
    assert client.get(park_url(other)).status_code == 404


def test_other_county_sees_its_own_figures_only(client, home, other):
    give_labour(home)
    give_labour(other, first=7, second=3)
    labour.compute_shed(home.county, None)
    labour.compute_shed(other.county, None)
    client.force_login(other.users["official"])
    body = client.get(site_url(other)).content.decode()
    assert "within 15 minutes" in body
    assert ">7<" in body
    assert ">10<" in body
    assert ">500<" not in body
    assert ">800<" not in body


def test_tenant_sees_no_site_page(client, home):
    give_labour(home)
    labour.compute_shed(home.county, None)
    client.force_login(home.users["enterprise"])
    assert client.get(site_url(home)).status_code in (302, 403)


def test_a_new_pool_marks_the_figures_stale(client, home):
    give_labour(home)
    labour.compute_shed(home.county, None)
    give_labour(home, version=2)
    client.force_login(home.users["official"])
    body = client.get(site_url(home)).content.decode()
    assert figures_on(body)
    assert "changed since" in body
    assert reverse("suitability:shed_compute", args=[home.county.pk]) in body


def test_button_enqueues_one_job_for_the_officials_county(client, home, other):
    give_labour(home)
    url = reverse("suitability:shed_compute", args=[home.county.pk])
    client.force_login(other.users["official"])
    assert client.post(url).status_code == 404
    client.force_login(home.users["investment"])
    assert client.post(url).status_code in (302, 403)
    assert not Job.objects.filter(kind=labour.SHED_JOB).exists()
    client.force_login(home.users["official"])
    response = client.post(url, {"next": site_url(home)})
    assert response.status_code == 302
    job = Job.objects.get(kind=labour.SHED_JOB)
    assert job.region == home.county
    assert job.params["back_url"] == site_url(home)
    # jobs run at once in the tests (conftest): done, and back to the page with the figures
    assert job.status == Job.Status.DONE, job.message
    assert response["Location"] == site_url(home)
    assert LabourShed.objects.filter(region=home.county).count() == 1
    assert figures_on(client.get(site_url(home)).content.decode())
    client.post(url, {"next": "https://evil.example/"})
    assert Job.objects.filter(kind=labour.SHED_JOB).order_by("pk").last().params["back_url"] == ""


def test_page_queries_do_not_grow_with_sites(client, home):
    give_labour(home)
    client.force_login(home.users["official"])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    labour.compute_shed(home.county, None)
    count(site_url(home))  # the first request of a session writes it
    before = (count(site_url(home)), count(park_url(home)))
    for k in range(12):
        Site.objects.create(
            code=f"home-X{k}",
            name=f"x{k}",
            kind=Site.Kind.IDLE_LAND,
            region=home.township,
            park=home.park,
            geometry=square(110.001 + k * 0.001, Y, 0.0003),
            land_area_m2=1000,
        )
    labour.compute_shed(home.county, None)
    assert (count(site_url(home)), count(park_url(home))) == before


def test_the_export_names_the_pool_used(home):
    from microparks.apps.suitability.exports import about_frame

    give_labour(home)
    job = services.run_scoring(home.county, None, scheme_doc(home))
    about = dict(about_frame(job, list(job.scores.all())).to_numpy().tolist())
    assert about["Labour pool used"] == f"{home.county.code} 2025 v1 (SHA-256 {'ab' * 32})"


def test_the_job_page_names_the_pool_used(client, home):
    give_labour(home)
    job = services.run_scoring(home.county, None, scheme_doc(home))
    client.force_login(home.users["official"])
    body = client.get(reverse("suitability:job_detail", args=[job.pk])).content.decode()
    assert "Labour pool 2025 v1" in body
