"""A tenant's pages and the service desk on a phone, in real headless Chromium.

At 390 × 844 (a common phone) and 360 px wide (the narrowest common Android width) no page of
the tenant is wider than the window (wide tables scroll inside their own box), the menu is
collapsed behind a button, buttons and the rating radios are at least 44 px tall, a skip link
leads to the content, and every chart has an accessible name.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# Visible controls smaller than a finger (44 CSS px) in either direction: [tag, label, w, h]
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main button, main input[type=radio], main input[type=checkbox], main select, .topbar button')]
  .filter(el => el.offsetParent !== null)
  .map(el => {
    const target = el.closest('label') || el;
    const box = target.getBoundingClientRect();
    return [el.tagName, el.name || el.textContent.trim(), box.width, box.height];
  })
  .filter(([, , w, h]) => w < 44 || h < 44)"""
# Every one-level data table is shown as cards, each value labelled with its column's name.
TABLES_AS_CARDS = """() => [...document.querySelectorAll('table.data')].every(t =>
  !t.tHead || t.tHead.rows.length !== 1 || !t.tBodies.length || !t.tBodies[0].rows.length ||
  (t.classList.contains('cards') && getComputedStyle(t.tBodies[0].rows[0]).display === 'block'
   && [...t.tBodies[0].rows[0].cells].some(c => c.dataset.label || c.colSpan > 1)))"""
CHART_NAMES = """() => [...document.querySelectorAll('.chart')].map(el => [
  el.getAttribute('role'),
  el.getAttribute('aria-label') ||
    (document.getElementById(el.getAttribute('aria-labelledby')) || {}).textContent || ''])"""


def _tenant_pages(tenant: Any) -> list[str]:
    """The pages a tenant uses: its firm, its yearly records, its result, its tickets."""
    from microparks.apps.enterprises.models import AnnualRecord
    from microparks.apps.evaluation.models import Result
    from microparks.apps.servicedesk.models import Ticket

    firm = tenant.enterprise
    year = AnnualRecord.objects.filter(enterprise=firm).latest("year").year
    pages = [
        "/",
        f"/enterprises/{firm.pk}/",
        "/evaluation/",
        "/evaluation/my-records/",
        f"/evaluation/my-records/{year}/",
        "/servicedesk/portal/",
        "/servicedesk/portal/new/",
    ]
    result = Result.objects.filter(enterprise=firm).exclude(campaign__status="draft").first()
    if result is not None:
        pages.append(f"/evaluation/results/{result.pk}/")
    # A ticket answered and waiting for the tenant's rating: the page with the rating radios.
    ticket = Ticket.objects.filter(enterprise=firm).order_by("-status").first()
    if ticket is not None:
        if ticket.status != Ticket.Status.RESPONDED:
            Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.RESPONDED)
        pages.append(f"/servicedesk/portal/{ticket.pk}/")
    return pages


def test_tenant_pages_fit_a_phone(live_server: Any, page: Any, shot: Any, demo: Any) -> None:
    from microparks.apps.accounts.models import User

    account = next(a for a in demo.accounts if a.role == "enterprise")
    tenant = User.objects.select_related("enterprise").get(username=account.username)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, account.username, account.password)
    pages = _tenant_pages(tenant)
    assert any("/results/" in p for p in pages), "the demo tenant should have a published result"
    assert any("/portal/" in p and p[-2].isdigit() for p in pages), "and a ticket"
    wide: dict[str, list[int]] = {}
    small: dict[str, list[Any]] = {}
    for width in (390, 360):
        page.set_viewport_size({"width": width, "height": 844})
        for path in pages:
            response = page.goto(f"{base}{path}")
            assert response.status == 200, path
            scroll, window = page.evaluate(OVERFLOW)
            if scroll > window:
                wide.setdefault(path, []).append(scroll)
            if width == 360 and (targets := page.evaluate(SMALL_TARGETS)):
                small[path] = targets
            assert page.evaluate(TABLES_AS_CARDS), f"a data table that is not cards on {path}"
            for role, name in page.evaluate(CHART_NAMES):
                assert role == "img", f"a chart that is not an image on {path}"
                assert name.strip(), f"a chart without a name on {path}"
            shot(page, f"phone-{width}{path.strip('/').replace('/', '-') or '-home'}")
    assert not wide, f"pages wider than the phone's window: {wide}"
    assert not small, f"tap targets under 44 px: {small}"


def test_menu_collapses_behind_a_button(live_server: Any, page: Any, demo: Any) -> None:
    account = next(a for a in demo.accounts if a.role == "enterprise")
    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 800})
    login(page, base, account.username, account.password)
    nav, toggle = page.locator("nav.mainnav"), page.locator("button.menu-toggle")
    assert not nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    header = page.locator("header.topbar").bounding_box()
    assert header is not None
    assert header["height"] <= 64
    toggle.click()
    assert nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    nav.locator("a[href='/servicedesk/']").click()
    page.wait_for_url(f"{base}/servicedesk/portal/")
    # The skip link is the first thing a keyboard reaches and leads to the content.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.inner_text() == "跳到正文"
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    # On a wide window the menu is shown and the button is not.
    page.set_viewport_size({"width": 1366, "height": 768})
    assert nav.is_visible()
    assert not toggle.is_visible()


def test_menu_shows_without_javascript(browser: Any, live_server: Any, demo: Any) -> None:
    account = next(a for a in demo.accounts if a.role == "enterprise")
    context = browser.new_context(
        java_script_enabled=False, locale="zh-CN", viewport={"width": 360, "height": 800}
    )
    try:
        page = context.new_page()
        base = live_server.url
        page.goto(f"{base}/login/")
        page.fill("input[name=username]", account.username)
        page.fill("input[name=password]", account.password)
        page.click("form.login [type=submit]")
        page.wait_for_url(f"{base}/")
        assert page.locator("nav.mainnav").is_visible()
        assert not page.locator("button.menu-toggle").is_visible()
    finally:
        context.close()


def test_service_desk_fits_a_phone(live_server: Any, page: Any, shot: Any, demo: Any) -> None:
    """The desk's staff (handler, park manager) on a phone: the ticket list and a ticket."""
    from microparks.apps.accounts.models import User
    from microparks.apps.servicedesk.models import Ticket

    base = live_server.url
    page.set_viewport_size({"width": 360, "height": 800})
    wide: dict[str, int] = {}
    for role in ("handler", "park_manager"):
        account = next(a for a in demo.accounts if a.role == role)
        user = User.objects.get(username=account.username)
        ticket = Ticket.objects.restrict(user).order_by("pk").first()
        login(page, base, account.username, account.password)
        pages = ["/servicedesk/tickets/", "/servicedesk/tickets/?status=overdue"]
        if ticket is not None:
            pages.append(f"/servicedesk/tickets/{ticket.pk}/")
        for path in pages:
            response = page.goto(f"{base}{path}")
            assert response.status == 200, path
            scroll, window = page.evaluate(OVERFLOW)
            if scroll > window:
                wide[f"{role} {path}"] = scroll
            assert not page.evaluate(SMALL_TARGETS), f"tap targets under 44 px on {path}"
        shot(page, f"phone-360-desk-{role}")
    assert not wide, f"pages wider than the phone's window: {wide}"
