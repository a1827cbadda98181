"""An official imports idle assets, previews and confirms them, loads the demo context layers,
runs a scoring job and sees the ranked table and the score map — in real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CSV = (
    "code,name,kind,condition,planning_designation,wkt\n"
    'B-1,North shed,vacant_factory,good,industrial,"POLYGON ((107.86 24.37, 107.862 24.37, '
    '107.862 24.372, 107.86 24.372, 107.86 24.37))"\n'
    'B-2,South plot,idle_land,vacant_land,industrial,"POLYGON ((107.9 24.3, 107.903 24.3, '
    '107.903 24.303, 107.9 24.303, 107.9 24.3))"\n'
)


def test_upload_preview_confirm_score_map(
    live_server: Any, page: Any, shot: Any, home: Any, tmp_path: Any, settings: Any
) -> None:
    from microparks.apps.sites.models import Site
    from microparks.apps.suitability.models import ScoringJob

    settings.DATA_DIR = tmp_path
    base = live_server.url
    login(page, base, home.users["official"].username)

    # Upload a CSV of idle assets into the township and preview it.
    page.click("a[href='/suitability/']")
    page.wait_for_url(f"{base}/suitability/")
    page.click("a[href='/suitability/import/']")
    page.select_option("select[name=region]", str(home.township.pk))
    page.select_option("select[name=target]", "sites")
    path = tmp_path / "assets.csv"
    path.write_text(CSV, encoding="utf-8")
    page.set_input_files("input[name=file]", str(path))
    page.click("form.card [type=submit]")
    page.wait_for_url(f"{base}/suitability/import/preview/")
    assert "B-2" in page.content()
    shot(page, "suitability-preview")

    # Confirm: the assets are in the database.
    page.click("form[action='/suitability/import/confirm/'] [type=submit]")
    page.wait_for_url(f"{base}/suitability/")
    assert set(Site.objects.filter(code__startswith="B-").values_list("region", flat=True)) == {
        home.township.pk
    }

    # Load the demo context layers for the county and run the default scheme.
    page.select_option(
        "form[action='/suitability/layers/demo/'] select[name=region]", str(home.county.pk)
    )
    page.click("form[action='/suitability/layers/demo/'] [type=submit]")
    page.wait_for_url(f"{base}/suitability/")
    page.select_option(
        "form[action='/suitability/jobs/new/'] select[name=region]", str(home.county.pk)
    )
    page.click("form[action='/suitability/jobs/new/'] [type=submit]")
    page.wait_for_url(f"{base}/suitability/jobs/*/")
    job = ScoringJob.objects.get()
    assert job.status == ScoringJob.Status.DONE, job.message
    page.wait_for_selector(".leaflet-container path.leaflet-interactive", state="attached")
    assert page.locator(".leaflet-container path.leaflet-interactive").count() == 3
    assert "B-1" in page.content()
    shot(page, "suitability-job")

    # A site's explanation.
    site = Site.objects.get(code="B-1")
    page.goto(f"{base}/suitability/jobs/{job.pk}/sites/{site.pk}/")
    page.wait_for_selector(".leaflet-container path.leaflet-interactive", state="attached")
    assert site.name in page.content()
    shot(page, "suitability-site")
