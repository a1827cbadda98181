"""No main page is wider than a 1,366 × 768 window (the common office laptop screen).

A suitability job page was once 2,186 px wide; wide tables now scroll inside their own box.
One browser session walks the official's main pages and collects every page that overflows.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _pages() -> list[str]:
    """The main pages, with the demo's first park, evaluation and scoring job.

    A few slow pages with the same tables as these are left out to keep the walk near 10 s.
    """
    from microparks.apps.evaluation.models import Campaign
    from microparks.apps.parks.models import Park
    from microparks.apps.suitability.models import ScoringJob

    first = {model: model.objects.earliest("pk").pk for model in (Park, Campaign, ScoringJob)}
    return [
        "/",
        "/parks/",
        f"/parks/{first[Park]}/",
        "/sites/",
        "/enterprises/",
        "/pipeline/",
        "/pipeline/board/",
        "/servicedesk/tickets/",
        "/evaluation/",
        f"/evaluation/{first[Campaign]}/",
        "/matching/",
        "/suitability/",
        f"/suitability/jobs/{first[ScoringJob]}/",
        "/impact/",
        "/targeting/",
        "/rules/",
    ]


def test_no_page_is_wider_than_the_window(live_server: Any, page: Any, demo: Any) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    base = live_server.url
    official = next(a for a in demo.accounts if a.role == "official")
    login(page, base, official.username, official.password)
    wide = {}
    for path in _pages():
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        width, window = page.evaluate(OVERFLOW)
        if width > window:
            wide[path] = width
    assert not wide, f"pages wider than the 1,366 px window: {wide}"
