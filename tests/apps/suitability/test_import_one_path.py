"""One path for a site import: the preview is a dry run of the job's own check.

Every problem the job would meet (the reader's, the database's, the model's) is in the preview;
a job that fails anyway ends failed, shows its problems in the user's language with no progress
bar, and writes nothing.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation

from microparks.apps.common.row_problems import problem_data, problem_of, translated_problems
from microparks.apps.jobs.models import Job
from microparks.apps.sites.models import Site
from microparks.apps.suitability.models import AssetImport
from microparks.io.errors import RowError

pytestmark = pytest.mark.django_db

SQUARE = '"POLYGON ((108 24.5, 108.002 24.5, 108.002 24.502, 108 24.502, 108 24.5))"'
ANOTHER_REGION = "the code belongs to another region (%(region)s)"


def _csv(*rows: str) -> str:
    return "code,name,kind,condition,wkt\n" + "".join(f"{r},{SQUARE}\n" for r in rows)


def _upload(client, home, text):
    client.force_login(home.users["official"])
    data = {"region": home.township.pk, "target": "sites", "layer_name": "", "file": None}
    data["file"] = io.BytesIO(text.encode())
    data["file"].name = "ledger.csv"
    assert client.post(reverse("suitability:upload"), data).status_code == 302


def _state():
    sites = list(Site.objects.order_by("code").values_list("code", "name", "region", "geometry"))
    return sites, AssetImport.objects.count()


def _found(problems):
    return {(p.row, p.field, p.value, p.reason) for p in problems}


def test_a_code_of_another_region_is_in_the_preview_and_in_the_failed_job(client, home, other):
    before = _state()
    _upload(
        client, home, _csv("N-1,new,vacant_factory,fair", f"{other.site.code},x,idle_land,fair")
    )
    preview = client.get(reverse("suitability:preview"))
    shown = _found(preview.context["errors"])
    assert shown == {(3, "code", other.site.code, ANOTHER_REGION)}
    assert b"Confirm the import" not in preview.content  # nothing to confirm

    response = client.post(reverse("suitability:confirm"))
    job = Job.objects.get(kind="suitability.import")
    assert job.status == Job.Status.FAILED
    assert _found(problem_of(p) for p in job.result["problems"]) == shown  # exactly the same
    assert job.result["problems"][0]["params"] == {"region": str(other.township)}
    assert _state() == before  # nothing written
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])


def test_a_model_choice_error_is_in_the_preview(client, home):
    _upload(client, home, _csv("N-1,new,castle,fair"))
    preview = client.get(reverse("suitability:preview"))
    assert {(e.row, e.field, e.value) for e in preview.context["errors"]} == {(2, "kind", "castle")}
    assert preview.context["problem_count"] == 1


def test_the_preview_plans_new_and_updated_assets_and_writes_nothing(client, home):
    before = _state()
    _upload(client, home, _csv("N-1,new,vacant_factory,fair", f"{home.site.code},renamed,,fair"))
    preview = client.get(reverse("suitability:preview"), HTTP_ACCEPT_LANGUAGE="en")
    assert (preview.context["created"], preview.context["updated"]) == (1, 1)
    assert "The import will add 1 idle assets and update 1." in preview.content.decode()
    assert _state() == before
    client.post(reverse("suitability:confirm"))
    assert Site.objects.get(code=home.site.code).name == "renamed"
    assert AssetImport.objects.get().created_count == 1


def test_the_failed_job_page_shows_the_problems_in_chinese_without_a_progress_bar(
    client, home, other
):
    _upload(client, home, _csv(f"{other.site.code},x,idle_land,fair"))
    response = client.post(reverse("suitability:confirm"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-status="failed"' in page
    assert "<progress" not in page
    assert "hx-trigger" not in page  # no more polling
    assert "没有导入任何内容。" in page
    assert f"代码已属于另一个行政区（{other.township}）" in page
    assert other.site.code in page  # the value
    assert f'href="{reverse("suitability:upload")}"' in page
    assert "重新上传文件" in page


def test_a_row_problem_reads_in_chinese_and_in_english():
    error = RowError(4, "code", ANOTHER_REGION, "S-9", {"region": "某县"})
    assert problem_of(problem_data(error)) == error
    with translation.override("zh-hans"):
        (shown,) = translated_problems([problem_data(error)])
    assert shown == {
        "row": 4,
        "field": "code",
        "value": "S-9",
        "reason": "代码已属于另一个行政区（某县）",
    }
    with translation.override("en"):
        assert (
            translated_problems([error])[0]["reason"] == "the code belongs to another region (某县)"
        )


def test_a_page_lists_the_first_two_hundred_problems_and_says_how_many(client, home):
    rows = [f"N-{i},n,castle,fair" for i in range(230)]
    _upload(client, home, _csv(*rows))
    preview = client.get(reverse("suitability:preview"), HTTP_ACCEPT_LANGUAGE="en")
    assert (len(preview.context["problems"]), preview.context["problem_count"]) == (200, 230)
    assert "The first 200 of 230 problems are listed." in preview.content.decode()


def test_a_problem_keeps_a_list_parameter_as_a_list():
    error = RowError(2, "kind", "unknown value; accepted: %(accepted)s", "x", {"accepted": ("a",)})
    assert problem_data(error)["params"] == {"accepted": ["a"]}
    assert problem_of(problem_data(error)).params == {"accepted": ["a"]}
