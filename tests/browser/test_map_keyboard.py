"""Every feature of a map is reachable by keyboard, in real headless Chromium.

The canvas draws sites that no Tab reaches; common/map.js adds a list of the map's features,
one Tab stop: the arrow keys move through them (the map pans to each), Enter opens the popup
and puts the focus on its link, Escape comes back to the list.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "() => [document.activeElement.tagName, document.activeElement.textContent]"


def test_tab_to_a_site_and_open_it(live_server: Any, page: Any, home: Any) -> None:
    from microparks.apps.sites.models import Site

    site = Site.objects.create(
        code="home-P1",
        name="北山村闲置地",
        kind=Site.Kind.IDLE_LAND,
        region=home.township,
        geometry={"type": "Point", "coordinates": [110.004, 25.004]},
        land_area_m2=200.0,
        condition=Site.Condition.VACANT_LAND,
    )
    base = live_server.url
    login(page, base, home.users["official"].username)
    page.goto(f"{base}/sites/")
    sites_map = page.locator(".map#all-sites[data-keyboard]")
    sites_map.wait_for()
    assert sites_map.get_attribute("data-keyboard") == "2"  # the outline and the point
    listbox = sites_map.locator("[role=listbox]")
    assert "方向键" in listbox.get_attribute("aria-label")  # read out in Chinese

    for _ in range(60):  # Tab through the page until the map's list has the focus
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.map-features')"):
            break
    else:
        pytest.fail("no Tab reached the map's features")
    seen = set()
    for _ in range(2):
        tag, text = page.evaluate(FOCUSED)
        seen.add(text.split(" · ")[0])
        if text.startswith("home-P1"):
            break
        page.keyboard.press("ArrowDown")
    assert tag == "LI"
    assert "home-P1" in seen
    assert page.locator(".map-features li:focus").is_visible()  # the focus is seen
    centre = sites_map.evaluate("el => el.leafletMap.getCenter()")
    assert abs(centre["lng"] - 110.004) < 1e-4  # the map went to the site (to a pixel)
    assert abs(centre["lat"] - 25.004) < 1e-4

    page.keyboard.press("Enter")
    tag, text = page.evaluate(FOCUSED)
    assert (tag, text) == ("A", "home-P1 北山村闲置地")  # the popup's link has the focus
    page.keyboard.press("Escape")
    assert page.evaluate(FOCUSED)[1].startswith("home-P1")  # back on the list
    page.locator(".leaflet-popup").wait_for(state="detached", timeout=2000)  # after its fade
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # follow the link
    page.wait_for_url(f"{base}/sites/{site.pk}/")
