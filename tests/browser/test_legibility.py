"""Every button and link with text is legible on the page it sits on (WCAG contrast ≥ 3:1).

A small button once kept the header's outline style everywhere: white text on the white cards
of five pages. This walks the main pages of each role in Chromium and measures the contrast of
every visible control against the nearest opaque background behind it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Relative luminance and contrast ratio as WCAG 2.1 defines them.
ILLEGIBLE = """() => {
  const rgb = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const behind = el => { for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
    return {r: 255, g: 255, b: 255, a: 1}; };
  const bad = [];
  for (const el of document.querySelectorAll('button, a, input[type=submit]')) {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    const text = (el.innerText || el.value || '').trim();
    if (!box.width || !box.height || style.visibility === 'hidden' || !text) continue;
    const fg = lum(rgb(style.color)), bg = lum(behind(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const name = `${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`;
    if (ratio < 3) bad.push(`${name} ${ratio.toFixed(2)}:1`);
  }
  return bad;
}"""

PAGES = {
    "official": [
        "/",
        "/parks/",
        "/sites/",
        "/pipeline/",
        "/evaluation/",
        "/matching/",
        "/suitability/",
        "/suitability/mappings/",
        "/servicedesk/",
        "/servicedesk/tickets/",
        "/servicedesk/notifications/",
        "/impact/",
        "/targeting/",
    ],
    "enterprise": ["/", "/servicedesk/portal/", "/evaluation/my-records/"],
}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_controls_are_legible(live_server: Any, page: Any, demo: Any, role: str) -> None:
    base = live_server.url
    account = next(a for a in demo.accounts if a.role == role)
    login(page, base, account.username, account.password)
    problems = {}
    for path in PAGES[role]:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        bad = page.evaluate(ILLEGIBLE)
        if bad:
            problems[path] = bad
    assert not problems
