"""The matching maps draw one line per prospect → place in real headless Chromium, with a popup
naming both and the cost; nothing is fetched from outside this machine (the page fixture)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import SITE_SYMBOLS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lines_from_prospect_to_places(live_server: Any, page: Any, shot: Any, home: Any) -> None:
    from microparks.apps.attraction.models import point_of
    from microparks.apps.parks.models import ParkUnit

    for code in ("U1", "U2", "U3"):
        ParkUnit.objects.create(park=home.park, site=home.site, code=code, floor_area_m2=1000)
    home.prospect.location = point_of(107.9, 24.4)
    home.prospect.save()
    base = live_server.url
    login(page, base, home.users["investment"].username)

    # The prospect's page: a line to each of its three recommended units, one of them solid.
    page.goto(f"{base}/matching/prospects/{home.prospect.pk}/")
    page.wait_for_selector("path.match-line")
    assert page.locator("path.match-line").count() == 3
    assert page.locator("path.match-line.assigned").count() == 1
    assert page.locator("path.match-prospect").count() == 1
    page.locator("path.match-line.assigned").dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert home.prospect.name in popup.inner_text()
    assert home.park.name in popup.inner_text()
    shot(page, "matching-prospect-map")

    # The park's and the county's pages: the plan's one line.
    page.goto(f"{base}/matching/parks/{home.park.pk}/")
    page.wait_for_selector("path.match-line")
    assert page.locator("path.match-line").count() == 1
    page.goto(f"{base}/matching/")
    page.wait_for_selector("path.match-line")
    assert page.locator("path.match-line").count() == 1
    sizes = [size for *_, size in page.locator(".map[data-match]").evaluate(SITE_SYMBOLS)]
    assert sizes
    assert min(sizes) >= 8  # every site a symbol one can see and click
    shot(page, "matching-county-map")

    # Without a location: no line, and the page says so.
    home.prospect.location = None
    home.prospect.save()
    page.goto(f"{base}/matching/")
    page.wait_for_selector(".map .leaflet-pane", state="attached")
    assert page.locator("path.match-line").count() == 0
    assert page.locator(".no-location").count() == 1
