"""In headless Chromium: create a lead, log a visit, drag it on the board, run admission, sign,
and see it in the funnel. Any request off this machine fails the test (see tests/browser)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_to_signing_and_funnel(live_server: Any, page: Any, shot: Any, demo: Any) -> None:
    from microparks.apps.attraction.models import Prospect
    from microparks.apps.parks.models import Park

    base = live_server.url
    officer = next(a for a in demo.accounts if a.role == "investment")
    login(page, base, officer.username, officer.password)
    park = Park.objects.get(code=demo.demo.parks[4].code)  # positioning 20, 21, 24

    # A new lead.
    page.goto(f"{base}/pipeline/new/")
    page.fill("input[name=name]", "竹木家具项目")
    page.fill("input[name=company_name]", "瑶山竹木家具有限公司")
    page.fill("input[name=industry_code]", "2120")
    page.select_option("select[name=target_park]", str(park.pk))
    page.select_option("select[name=source]", "returnee")
    page.fill("input[name=annual_energy_tce]", "60")
    page.click("form.stacked [type=submit]")
    page.wait_for_url("**/pipeline/*/")
    prospect = Prospect.objects.get(name="竹木家具项目")
    detail = f"{base}/pipeline/{prospect.pk}/"

    # Log a visit.
    visit = page.locator("form[action$='/activity/']")
    visit.locator("select[name=kind]").select_option("visit")
    visit.locator("input[name=date]").fill("2026-03-02")
    visit.locator("textarea[name=summary]").fill("考察瑶山园区标准厂房")
    visit.locator("input[name=next_follow_up]").fill("2026-03-20")
    visit.locator("[type=submit]").click()
    page.wait_for_url(detail)
    assert "考察瑶山园区标准厂房" in page.content()

    # Drag the card on the board from "lead" to "visited" (htmx posts the move).
    page.goto(f"{base}/pipeline/board/")
    card = page.locator(f"#prospect-{prospect.pk}")
    card.drag_to(page.locator(".lane[data-stage=visited]"))
    page.wait_for_selector(f".lane[data-stage=visited] #prospect-{prospect.pk}")
    shot(page, "pipeline-board")
    prospect.refresh_from_db()
    assert prospect.stage == "visited"

    # To admission review, declare the data, run the gate.
    page.goto(detail)
    move = page.locator("form[action$='/move/']")
    move.locator("select[name=stage]").select_option("admission")
    move.locator("[type=submit]").click()
    page.wait_for_url(detail)
    declared = page.locator("form[action$='/declaration/']")
    for name, value in {
        "annual_electricity_kwh": "300000",
        "output_cny": "20000000",
        "water_m3": "2000",
        "cod_t": "0.2",
        "nh3_n_t": "0.02",
        "so2_t": "0",
        "nox_t": "0",
        "vocs_t": "0.8",
        "processes": "cutting, sanding, water-based coating",
        "materials": "bamboo, rattan",
        "hazardous_chemicals_t": "0.5",
    }.items():
        declared.locator(f"input[name={name}]").fill(value)
    declared.locator("[type=submit]").click()
    page.wait_for_url(detail)
    page.locator("form[action$='/admission/'] [type=submit]").click()
    page.wait_for_url(detail)
    # the gate ran on creation and on the declaration too: the page's run is the latest
    assert prospect.admission_decisions.order_by("-pk").first().outcome == "admit"
    shot(page, "prospect-admission")

    # Sign with the commitments.
    sign = page.locator("form[action$='/sign/']")
    for name, value in {
        "signed_on": "2026-04-01",
        "investment_cny": "8000000",
        "investment_cny_per_mu": "2000000",
        "jobs": "60",
        "local_jobs": "55",
        "tax_cny_per_year": "400000",
        "tax_cny_per_mu": "100000",
        "start_date": "2026-05-01",
        "production_date": "2026-12-01",
    }.items():
        sign.locator(f"input[name={name}]").fill(value)
    sign.locator("[type=submit]").click()
    page.wait_for_url(detail)
    prospect.refresh_from_db()
    assert prospect.stage == "signed"

    # The funnel counts it, with its Plotly chart drawn from the bundled file.
    page.goto(f"{base}/pipeline/funnel/")
    page.wait_for_selector("#funnel-chart .main-svg")
    assert "竹木家具项目" in page.content()  # in the commitments table
    shot(page, "pipeline-funnel")
