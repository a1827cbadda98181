"""A job's page and status fragment: anonymous, wrong role, other region, right role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from microparks.apps.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(home):
    return Job.objects.create(
        kind="tests.echo",
        region=home.county,
        status="running",
        progress=40,
        message="Measuring the criteria",
        created_by=home.users["official"],
    )


@pytest.fixture
def done(home):
    return Job.objects.create(
        kind="tests.echo",
        region=home.county,
        status="done",
        progress=100,
        result={"url": "/suitability/"},
    )


def urls(job):
    return [reverse("jobs:detail", args=[job.pk]), reverse("jobs:status", args=[job.pk])]


def test_anonymous_is_sent_to_login(client, running):
    for url in urls(running):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
def test_roles_outside_the_region_scope_do_not_see_it(client, home, running, role):
    client.force_login(home.users[role])
    for url in urls(running):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["official", "investment"])
def test_other_region_does_not_see_it(client, other, running, role):
    client.force_login(other.users[role])
    for url in urls(running):
        assert client.get(url).status_code == 404


def test_running_job_polls_with_a_progress_bar(client, home, running):
    client.force_login(home.users["investment"])
    page = client.get(reverse("jobs:detail", args=[running.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'hx-get="{reverse("jobs:status", args=[running.pk])}"' in html
    assert 'value="40"' in html
    assert "Measuring the criteria" in html
    fragment = client.get(reverse("jobs:status", args=[running.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Redirect" not in fragment
    assert "hx-trigger" in fragment.content.decode()


def test_message_is_translated(client, home, running):
    # handlers store English msgids; the page translates them (one the catalogue has)
    Job.objects.filter(pk=running.pk).update(message="Stopped.")
    client.force_login(home.users["official"])
    page = client.get(reverse("jobs:status", args=[running.pk]))
    assert "已停止。" in page.content.decode()


def test_done_job_swaps_to_its_result(client, home, done):
    client.force_login(home.users["official"])
    fragment = client.get(reverse("jobs:status", args=[done.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Redirect"] == "/suitability/"
    assert "hx-trigger" not in fragment.content.decode()  # polling stops
    page = client.get(reverse("jobs:detail", args=[done.pk]))
    assert page.status_code == 302
    assert page["Location"] == "/suitability/"


def test_failed_job_shows_its_message_and_stops_polling(client, home):
    job = Job.objects.create(
        kind="tests.echo",
        region=home.county,
        status="failed",
        message="the input was refused",
        params={"back_url": "/suitability/import/"},
    )
    client.force_login(home.users["official"])
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "the input was refused" in html
    assert "hx-trigger" not in html
    assert 'href="/suitability/import/"' in html


def test_failed_job_shows_its_message_note_and_problems_translated_without_a_bar(client, home):
    job = Job.objects.create(
        kind="tests.echo",
        region=home.county,
        status="failed",
        progress=67,  # where it stopped: no longer shown
        message="Row problems in %(file)s: %(count)s. Fix them and upload the file again.",
        result={
            "params": {"file": "台账.csv", "count": 1},
            "note": "Nothing was imported.",
            "problems": [
                {
                    "row": 5,
                    "field": "code",
                    "value": "X-1",
                    "reason": "the code belongs to another region (%(region)s)",
                    "params": {"region": "某县"},
                }
            ],
            "problem_count": 1,
        },
        params={"back_url": "/suitability/import/", "back_label": "Upload the file again"},
    )
    client.force_login(home.users["official"])
    url = reverse("jobs:detail", args=[job.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "没有导入任何内容。 台账.csv 中有 1 处行问题。请改正后重新上传。" in html
    assert "<td>5</td><td>code</td><td>X-1</td><td>代码已属于另一个行政区（某县）</td>" in html
    assert "<progress" not in html
    assert "67 %" not in html
    assert '<a href="/suitability/import/">重新上传文件</a>' in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing was imported. Row problems in 台账.csv: 1." in english
    assert "the code belongs to another region (某县)" in english
