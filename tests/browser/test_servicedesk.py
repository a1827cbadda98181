"""A tenant files a ticket, the park routes it, a handler answers, the tenant rates it, and the
official's service-desk dashboard counts it — in real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_ticket_round_trip(
    live_server: Any, page: Any, shot: Any, home: Any, settings: Any, tmp_path: Any
) -> None:
    from playwright.sync_api import expect

    from microparks.apps.servicedesk.models import Article, RoutingRule, Ticket

    settings.MEDIA_ROOT = tmp_path / "media"
    RoutingRule.objects.create(
        region=home.county, category="electricity", department=home.department
    )
    Article.objects.create(title="变压器增容办理指南", body="…", categories="electricity")
    Article.objects.create(title="招聘会安排", body="…", categories="labour")
    scan = tmp_path / "meter.pdf"
    scan.write_bytes(PDF)
    base = live_server.url

    # The tenant files a ticket with an attachment through the portal.
    login(page, base, home.users["enterprise"].username)
    page.click("a[href='/servicedesk/']")
    page.wait_for_url(f"{base}/servicedesk/portal/")
    page.goto(f"{base}/servicedesk/portal/new/")
    page.select_option("select[name=category]", "labour")
    page.wait_for_selector("#suggestions :text('招聘会安排')")
    page.select_option("select[name=category]", "electricity")  # htmx swaps the suggestions
    page.wait_for_selector("#suggestions :text('变压器增容办理指南')")
    # the swap may still be in flight under load: wait for the labour article to go
    expect(page.locator("#suggestions")).not_to_contain_text("招聘会安排")
    page.fill("input[name=title]", "Transformer overload")
    page.fill("textarea[name=description]", "The breaker trips every afternoon.")
    page.set_input_files("input[name=attachments]", str(scan))
    page.click("form.stacked [type=submit]")
    page.wait_for_url(f"{base}/servicedesk/portal/*/")
    ticket = Ticket.objects.get(title="Transformer overload")
    assert ticket.department == home.department
    assert ticket.attachments.get().name == "meter.pdf"
    shot(page, "servicedesk-filed")

    # The park manager hands it to the power office.
    login(page, base, home.users["park_manager"].username)
    page.goto(f"{base}/servicedesk/tickets/{ticket.pk}/")
    page.select_option("select[name=department]", str(home.department.pk))
    page.click(f"form[action$='/{ticket.pk}/assign/'] [type=submit]")
    page.wait_for_url(f"{base}/servicedesk/tickets/{ticket.pk}/")

    # The handler starts and answers.
    login(page, base, home.users["handler"].username)
    page.goto(f"{base}/servicedesk/tickets/{ticket.pk}/")
    page.click(f"form[action$='/{ticket.pk}/start/'] [type=submit]")
    page.wait_for_selector("#respond-text")
    page.fill("#respond-text", "Transformer upgraded to 630 kVA.")
    page.click(f"form[action$='/{ticket.pk}/respond/'] [type=submit]")
    page.wait_for_url(f"{base}/servicedesk/tickets/{ticket.pk}/")
    ticket.refresh_from_db()
    assert ticket.status == "responded"
    shot(page, "servicedesk-responded")

    # The tenant rates it 5 and so closes it.
    login(page, base, home.users["enterprise"].username)
    page.goto(f"{base}/servicedesk/portal/{ticket.pk}/")
    assert "Transformer upgraded to 630 kVA." in page.content()
    page.check("input[name=score][value='5']")
    page.fill("textarea[name=comment]", "很快")
    page.click("form.rating [type=submit]")
    page.wait_for_url(f"{base}/servicedesk/portal/{ticket.pk}/")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction) == ("closed", 5)

    # The county official's dashboard counts it, with its charts drawn.
    login(page, base, home.users["official"].username)
    page.goto(f"{base}/servicedesk/analytics/")
    page.wait_for_selector("#desk-rates .main-svg")
    assert page.inner_text("#total-tickets") == "2"  # with the fixture's open May ticket
    assert page.inner_text("#total-closed") == "1"
    assert page.inner_text("#total-rated") == "1"
    shot(page, "servicedesk-analytics")
