"""The sites map can be read and used at 1,366 × 768, in real headless Chromium.

The demo's sites once drew at a pixel or less on a blank grey box. Now every site is a symbol
of at least 8 px (an outline, or a marker where the outline would be smaller) and a click on
it opens its popup (zooming in where neighbours overlap at county zoom); the county's
townships and roads are drawn beneath with a legend; the controls speak Chinese; a scale bar
is shown; a map with nothing on it says why.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import SITE_SYMBOLS as SYMBOLS
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZOOM_TO = """(el, code) => {
  const map = el.leafletMap;
  map.closePopup();
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.code === code)
      map.setView(l.getLatLng ? l.getLatLng() : l.getCenter(), 17, {animate: false});
  });
}"""


def _popup_code(page: Any, sites_map: Any, x: float, y: float) -> str:
    sites_map.evaluate("el => el.leafletMap.closePopup()")
    sites_map.click(position={"x": x, "y": y})
    popup = page.locator(".leaflet-popup-content a")
    popup.wait_for(timeout=3000)
    return popup.inner_text().split(" ")[0]


def test_every_site_is_a_clickable_symbol(
    live_server: Any, page: Any, shot: Any, demo: Any
) -> None:
    from microparks.apps.sites.models import Site

    page.set_viewport_size({"width": 1366, "height": 768})
    base = live_server.url
    official = next(a for a in demo.accounts if a.role == "official")
    login(page, base, official.username, official.password)
    page.goto(f"{base}/sites/")
    sites_map = page.locator(".map#all-sites[data-features][data-base]")
    sites_map.wait_for()
    located = Site.objects.restrict(official_user(official)).exclude(geometry=None).count()
    assert int(sites_map.get_attribute("data-features")) == located
    assert int(sites_map.get_attribute("data-base")) > 0  # townships, roads, red lines
    shot(page, "sites-map-county")

    symbols = sites_map.evaluate(SYMBOLS)
    assert len(symbols) == located
    small = [(code, size) for code, _x, _y, size in symbols if size < 8]
    assert not small, f"sites drawn under 8 px: {small}"

    # The base: township names, a legend naming its layers, a metric scale bar, Chinese controls.
    assert page.locator(".township-label").count() >= 3
    legend = page.locator(".map-legend").inner_text()
    assert "道路" in legend
    assert "乡镇界线" in legend
    assert page.locator(".leaflet-control-scale-line").inner_text().endswith(("m", "km"))
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "放大"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == "缩小"
    assert "本县数据" in page.locator(".leaflet-control-attribution").inner_text()

    # Click every site: at county zoom where it is on top, else zoomed in on it.
    sites_map.evaluate(
        "el => { el.countyView = [el.leafletMap.getCenter(), el.leafletMap.getZoom()]; }"
    )
    missed = []
    for code, x, y, _size in symbols:
        if _popup_code(page, sites_map, x, y) == code:
            continue
        sites_map.evaluate(ZOOM_TO, code)
        here = {c: (cx, cy) for c, cx, cy, _ in sites_map.evaluate(SYMBOLS)}
        if code not in here or _popup_code(page, sites_map, *here[code]) != code:
            missed.append(code)
        sites_map.evaluate("el => el.leafletMap.setView(...el.countyView, {animate: false})")
    assert not missed, f"sites that could not be clicked: {missed}"


def official_user(account: Any) -> Any:
    from microparks.apps.accounts.models import User

    return User.objects.get(username=account.username)


def test_a_map_with_nothing_says_why(live_server: Any, page: Any, demo: Any) -> None:
    from microparks.apps.sites.models import Site

    page.set_viewport_size({"width": 1366, "height": 768})
    base = live_server.url
    official = next(a for a in demo.accounts if a.role == "official")
    login(page, base, official.username, official.password)
    site = Site.objects.restrict(official_user(official)).exclude(geometry=None).first()
    Site.objects.filter(pk=site.pk).update(geometry={})
    page.goto(f"{base}/sites/{site.pk}/")
    note = page.locator(".map .map-empty")
    note.wait_for()
    assert "还没有位置" in note.inner_text()
