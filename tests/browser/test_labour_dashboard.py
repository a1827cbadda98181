"""The labour dashboard in Chromium: its three charts drawn, and within a 1,366 px window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def test_the_dashboard_draws_its_charts_and_fits(
    live_server: Any, page: Any, demo: Any, shot: Any
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    base = live_server.url
    official = next(a for a in demo.accounts if a.role == "official")
    login(page, base, official.username, official.password)
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security" in m.text else None)
    for path in ("/labour/dashboard/", "/labour/events/"):
        assert page.goto(f"{base}{path}").status == 200, path
        width, window = page.evaluate(OVERFLOW)
        assert width <= window, f"{path} is {width} px wide"
    page.goto(f"{base}/labour/dashboard/")
    for chart in ("#jobs-chart", "#share-chart", "#wage-chart"):
        page.wait_for_selector(f"{chart} .main-svg")
    shot(page, "labour-dashboard")
    page.goto(f"{base}/labour/events/")
    page.locator("#event-table a").first.click()
    assert page.locator("#hire-table tbody tr").count() > 0
    assert not csp, csp
