"""Steps shared by the browser tests."""

from __future__ import annotations

from typing import Any

FIXTURE_PASSWORD = "pw-Test-12345"  # the password of every user of tests/conftest.py's counties


def login(page: Any, base: str, username: str, password: str = FIXTURE_PASSWORD) -> None:
    """Sign in through the login form (signing out whoever was signed in) and land on the
    dashboard."""
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.login [type=submit]")
    page.wait_for_url(f"{base}/")


# Each site symbol on the map now: [code, x, y, size in px] (size: a marker's diameter, an
# outline's smaller side), with x, y the point to click, in the map element's pixels.
SITE_SYMBOLS = """el => {
  const map = el.leafletMap, found = [];
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (!p || !p.code) return;  // the base, the group, …
    if (l instanceof L.CircleMarker) {
      const at = map.latLngToContainerPoint(l.getLatLng());
      found.push([p.code, at.x, at.y, 2 * l.getRadius()]);
    } else if (l.getBounds) {
      const b = l.getBounds();
      const nw = map.latLngToContainerPoint(b.getNorthWest());
      const se = map.latLngToContainerPoint(b.getSouthEast());
      const at = map.latLngToContainerPoint(l.getCenter());
      found.push([p.code, at.x, at.y, Math.min(se.x - nw.x, se.y - nw.y)]);
    }
  });
  return found;
}"""
