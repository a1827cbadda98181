"""A site known only by its ledger point is a clickable circle marker on the sites map, beside
the outlines, in real headless Chromium; its page says it is a point."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_point_site_is_a_clickable_marker(
    live_server: Any, page: Any, shot: Any, home: Any
) -> None:
    from microparks.apps.sites.models import Site

    site = Site.objects.create(
        code="home-P1",
        name="北山村闲置地",
        kind=Site.Kind.IDLE_LAND,
        region=home.township,
        geometry={"type": "Point", "coordinates": [110.004, 25.004]},
        land_area_m2=200.0,  # smaller than the marker's minimum size at any zoom here
        condition=Site.Condition.VACANT_LAND,
    )
    base = live_server.url
    login(page, base, home.users["official"].username)
    page.goto(f"{base}/sites/")
    marker = page.locator(".map[data-geojson=all-sites] path.site-marker")
    marker.wait_for()
    assert marker.count() == 1
    assert (
        page.locator(".map[data-geojson=all-sites] path.leaflet-interactive").count() == 2
    )  # + the outline
    box = marker.bounding_box()
    assert box is not None
    assert box["width"] >= 14  # the minimum radius: 7 px
    marker.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "home-P1 北山村闲置地" in popup.inner_text()
    shot(page, "sites-map-point-marker")
    popup.locator("a").click()
    page.wait_for_url(f"{base}/sites/{site.pk}/")
    assert "台账坐标点" in page.locator("dl.facts").inner_text()
    page.locator("path.site-marker").wait_for()
