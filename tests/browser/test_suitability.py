"""An official imports idle assets from a bureau's ledger (its saved field-mapping template
applied in the preview), confirms the import as a background job, runs (with the demo context
layers stored) a scoring job whose status page polls until the result replaces it, and sees
the ranked table and the score map — in real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SOURCE = "自然资源局 闲置土地台账"
CSV = (
    "编号,名称,类型,现状,规划用途,wkt\n"
    'B-1,North shed,vacant_factory,good,industrial,"POLYGON ((107.86 24.37, 107.862 24.37, '
    '107.862 24.372, 107.86 24.372, 107.86 24.37))"\n'
    'B-2,South plot,idle_land,vacant_land,industrial,"POLYGON ((107.9 24.3, 107.903 24.3, '
    '107.903 24.303, 107.9 24.303, 107.9 24.3))"\n'
)
HOLD_POLLS = """
window.holdPolls = true;
document.body.addEventListener("htmx:beforeRequest", (event) => {
  if (window.holdPolls) event.preventDefault();
});
"""
MAPPING = {
    "code": "编号",
    "fields": {
        "name": "名称",
        "kind": "类型",
        "condition": "现状",
        "planning_designation": "规划用途",
    },
}


def test_upload_preview_confirm_score_map(
    live_server: Any, page: Any, shot: Any, home: Any, tmp_path: Any, settings: Any
) -> None:
    from microparks.apps.jobs.models import Job
    from microparks.apps.jobs.runner import run_job
    from microparks.apps.sites.models import Site
    from microparks.apps.suitability.models import MappingTemplate, ScoringJob
    from microparks.demo.suitability import load_demo_layers

    settings.DATA_DIR = tmp_path
    # The import runs at once; the scoring job waits for the worker run below. (The threaded
    # runner is tested in tests/apps/jobs: here, the test database's shared-cache SQLite would
    # refuse a job thread's writes while a poll reads the same table.)
    settings.JOBS_MODE = "sync"
    template = MappingTemplate.objects.create(region=home.county, name=SOURCE, mapping=MAPPING)
    base = live_server.url
    login(page, base, home.users["official"].username)

    # Upload the ledger into the township with its source's template, and preview it.
    page.click("a[href='/suitability/']")
    page.wait_for_url(f"{base}/suitability/")
    page.click("a[href='/suitability/import/']")
    page.select_option("select[name=region]", str(home.township.pk))
    page.select_option("select[name=target]", "sites")
    page.select_option("select[name=template]", str(template.pk))
    path = tmp_path / "ledger.csv"
    path.write_text(CSV, encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    page.click("form.card [type=submit]")
    page.wait_for_url(f"{base}/suitability/import/preview/")
    assert SOURCE in page.locator("#field-mapping summary").inner_text()
    assert page.locator("select[name=map_code]").input_value() == "编号"
    assert "South plot" in page.content()
    shot(page, "suitability-preview")

    # Confirm: the import runs as a job and its result, the import list, is shown.
    page.click("form[action='/suitability/import/confirm/'] [type=submit]")
    page.wait_for_url(f"{base}/suitability/", timeout=30000)
    assert set(Site.objects.filter(code__startswith="B-").values_list("region", flat=True)) == {
        home.township.pk
    }
    assert Site.objects.get(code="B-1").name == "North shed"
    assert Job.objects.get(kind="suitability.import").status == Job.Status.DONE

    # With the demo context layers stored, run the default scheme with a separate worker.
    load_demo_layers(home.county)
    settings.JOBS_MODE = "worker"  # the job waits in the queue until the worker below runs
    page.select_option(
        "form[action='/suitability/jobs/new/'] select[name=region]", str(home.county.pk)
    )
    page.click("form[action='/suitability/jobs/new/'] [type=submit]")
    page.wait_for_url(f"{base}/jobs/*/")
    status = page.locator("#job-status")
    assert status.get_attribute("data-status") == "queued"
    assert page.locator("#job-status progress").get_attribute("value") == "0"
    shot(page, "suitability-job-queued")
    job = Job.objects.get(kind="suitability.score")
    # hold the polls while the worker writes (see above), then let htmx find the job done
    page.evaluate(HOLD_POLLS)
    page.wait_for_timeout(1500)  # a poll in flight ends
    assert run_job(job.pk).status == Job.Status.DONE  # what `microparks jobs work` does
    page.evaluate("window.holdPolls = false")
    page.wait_for_url(f"{base}/suitability/jobs/*/", timeout=30000)  # htmx swapped to it
    scoring = ScoringJob.objects.get()
    assert scoring.status == ScoringJob.Status.DONE, scoring.message
    # the job's map fetches its layer and draws it on a canvas (one feature per scored site)
    drawn = page.wait_for_selector(".map#score-map[data-features]")
    assert drawn.get_attribute("data-features") == "3"
    assert "B-1" in page.content()
    shot(page, "suitability-job")

    # A site's explanation.
    site = Site.objects.get(code="B-1")
    page.goto(f"{base}/suitability/jobs/{scoring.pk}/sites/{site.pk}/")
    page.wait_for_selector(".leaflet-container path.leaflet-interactive", state="attached")
    assert site.name in page.content()
    shot(page, "suitability-site")
