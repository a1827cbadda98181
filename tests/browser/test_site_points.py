"""A site known only by its ledger point is a clickable circle marker on the sites map, beside
the outlines, in real headless Chromium; its page says it is a point."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (x, y, radius) in the map's pixels of each circle marker of the map element's Leaflet map
MARKERS = """el => {
  const map = el.leafletMap, found = [];
  map.eachLayer(l => {
    if (l instanceof L.CircleMarker) {
      const p = map.latLngToContainerPoint(l.getLatLng());
      found.push([p.x, p.y, l.getRadius()]);
    }
  });
  return found;
}"""


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
    # The layer is fetched after the page and drawn on a canvas (no SVG path per site): wait
    # for the map to say how many features it drew, then find the marker through Leaflet.
    sites_map = page.locator(".map#all-sites[data-features]")
    sites_map.wait_for()
    assert sites_map.get_attribute("data-features") == "2"  # the point and the outline
    marker = sites_map.evaluate(MARKERS)
    assert len(marker) == 1
    x, y, radius = marker[0]
    assert radius >= 7  # the minimum radius in pixels
    sites_map.click(position={"x": x, "y": y})
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "home-P1 北山村闲置地" in popup.inner_text()
    shot(page, "sites-map-point-marker")
    again = page.request.get(f"{base}/sites/map.geojson")  # the browser's session
    repeat = page.request.get(
        f"{base}/sites/map.geojson", headers={"If-None-Match": again.headers["etag"]}
    )
    assert (again.status, repeat.status) == (200, 304)
    popup.locator("a").click()
    page.wait_for_url(f"{base}/sites/{site.pk}/")
    assert "台账坐标点" in page.locator("dl.facts").inner_text()
    page.locator("path.site-marker").wait_for()  # the site's own small map: inline, SVG
