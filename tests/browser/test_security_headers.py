"""The main pages run under the Content-Security-Policy with no violation, in real headless
Chromium: maps (Leaflet), charts (plotly.js), the pipeline board, the rules editor's live
preview (htmx) and the API docs; and every page carries the security headers.

A violation is recorded however the browser reports it: the page's ``securitypolicyviolation``
event (an init script, which the policy does not govern, turns it into a console error) and
Chromium's own console message ("Refused to …").
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCHED = ("Content Security Policy", "CSP violation", "Permissions-Policy", "Permissions policy")
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
});
"""


@pytest.fixture
def violations(page: Any) -> list[str]:
    """Every CSP violation and Permissions-Policy complaint the browser reports."""
    found: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS)

    def note(message: Any) -> None:
        text = message.text
        if any(word in text for word in WATCHED):
            found.append(f"{page.url}: {text}")

    page.on("console", note)
    return found


def _visit(page: Any, url: str, ready: str) -> dict[str, str]:
    """Open ``url``, wait for ``ready`` (the map, chart or board drawn) and return the
    response's headers."""
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_selector(ready, state="attached")
    page.wait_for_load_state("networkidle")
    return response.headers


def test_main_pages_pass_the_policy(
    live_server: Any, page: Any, violations: list[str], demo: Any
) -> None:
    from playwright.sync_api import expect

    from microparks.apps.evaluation.models import Campaign
    from microparks.apps.parks.models import Park

    base = live_server.url
    official = next(a for a in demo.accounts if a.role == "official")
    login(page, base, official.username, official.password)
    park = Park.objects.order_by("code").first()
    campaign = Campaign.objects.order_by("-year").first()
    plot = ".js-plotly-plot .main-svg"
    drawn = ".map[data-features]"  # a map layer fetched and drawn (on a canvas)
    pages = {
        "/": plot,  # the dashboard's chart
        "/sites/": drawn,  # the site map
        f"/parks/{park.pk}/": drawn,  # a map and a chart on one page
        "/pipeline/board/": "#board",
        "/pipeline/funnel/": plot,
        f"/evaluation/{campaign.pk}/": plot,
        "/servicedesk/analytics/": plot,
        "/matching/": ".leaflet-container",
        "/labour/": ".map[data-features]",  # the labour pool: township outlines (common/map.js)
        "/api/docs": ".swagger-ui .opblock",
    }
    for path, ready in pages.items():
        headers = _visit(page, f"{base}{path}", ready)
        policy = headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, (path, policy)
        assert "unsafe" not in policy, (path, policy)
        assert headers.get("referrer-policy") == "same-origin", path
        assert "camera=()" in headers.get("permissions-policy", ""), path
        assert "waitress" not in headers.get("server", ""), path

    # The rules editor: its live preview answers as a weight is typed (htmx under the policy).
    page.goto(f"{base}/rules/new/suitability/")
    share = page.locator("output.share").first
    expect(share).to_contain_text("%")
    before = share.inner_text()
    page.locator("input[name$='-weight']").first.fill("9")
    expect(share).not_to_have_text(before)
    expect(page.locator("#editor-feedback")).to_contain_text("（应为 1）")
    page.wait_for_load_state("networkidle")

    assert not violations, "\n".join(violations)


def test_a_blocked_inline_script_is_recorded(
    live_server: Any, page: Any, violations: list[str], demo: Any
) -> None:
    """The control: the recorder does see a violation (an inline script added to a page)."""
    base = live_server.url
    page.goto(f"{base}/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert any("script-src" in v for v in violations), violations
