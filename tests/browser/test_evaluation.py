"""A tenant files its annual record, the official accepts and locks it, runs and publishes the
evaluation, and the tenant sees its class and policy terms — in real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tests.apps.evaluation.helpers import FIGURES
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_review_run_and_result(live_server: Any, page: Any, shot: Any, home: Any) -> None:
    from microparks.apps.enterprises.models import AnnualRecord
    from microparks.apps.evaluation.models import Campaign, Result, Submission

    campaign = Campaign.objects.create(region=home.county, year=2025, scheme="huaian")
    base = live_server.url

    # The tenant fills in its 2025 figures, first with a mistake the form names.
    login(page, base, home.users["enterprise"].username)
    page.goto(f"{base}/evaluation/my-records/")
    page.click("a[href='/evaluation/my-records/2025/']")
    for name, value in FIGURES.items():
        page.fill(f"input[name={name}]", value)
    page.fill("input[name=local_jobs]", "70")
    page.click("button[value=submit]")
    page.wait_for_selector(".errorlist")
    assert not AnnualRecord.objects.filter(year=2025).exists()
    page.fill("input[name=local_jobs]", "50")
    page.click("button[value=submit]")
    page.wait_for_selector("table.provenance")
    assert page.locator("form.record-form").count() == 0  # no longer editable
    assert Submission.objects.get(enterprise=home.enterprise).status == "submitted"
    shot(page, "evaluation-submitted")

    # The official accepts and locks it, then runs and publishes the evaluation.
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2025)
    login(page, base, home.users["official"].username)
    page.goto(f"{base}/evaluation/{campaign.pk}/review/")
    page.click(f"a[href='/evaluation/{campaign.pk}/review/{record.pk}/']")
    assert home.users["enterprise"].username in page.inner_text("table.provenance")
    page.click("form.accept button[value=accept]")
    page.wait_for_selector("form.correct")
    page.goto(f"{base}/evaluation/{campaign.pk}/review/")
    page.click(f"form[action$='/{campaign.pk}/review/lock/'] button")
    page.wait_for_url(f"{base}/evaluation/{campaign.pk}/review/")
    record.refresh_from_db()
    assert record.locked
    page.goto(f"{base}/evaluation/{campaign.pk}/")
    page.click("button[value=run]")
    page.wait_for_url(f"{base}/evaluation/{campaign.pk}/")
    page.click("button[value=publish]")
    page.wait_for_url(f"{base}/evaluation/{campaign.pk}/")
    result = Result.objects.get(campaign=campaign, enterprise=home.enterprise)
    assert result.inputs["tax_cny"] == 500000.0

    # The tenant sees its class and its terms.
    login(page, base, home.users["enterprise"].username)
    page.goto(f"{base}/evaluation/")
    assert "已公示" in page.inner_text("#notices")  # told of the publication
    page.click(f"table a[href='/evaluation/results/{result.pk}/']")
    text = page.inner_text("body")
    # a lone firm: graded by score bands, not D by quota, and the sheet says so
    assert "按分数段评为" in page.inner_text("#grade-reason")
    with translation.override("zh-hans"):  # the page speaks the browser's Chinese
        assert str(result.get_evaluation_class_display()) in text
    assert "元/千瓦时" in text  # the surcharge terms, in Chinese
    shot(page, "evaluation-result")
