"""A county official logs in and walks through the platform in real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_walkthrough(live_server: Any, page: Any, shot: Any, demo: Any) -> None:
    from microparks.apps.parks.models import Park

    base = live_server.url
    official = next(a for a in demo.accounts if a.role == "official")
    login(page, base, official.username, official.password)

    # Dashboard: headline figures and a rendered plotly chart.
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert "园区" in page.content()  # zh-hans is the default language
    shot(page, "dashboard")

    # A park with its sites drawn on the Leaflet map.
    park = Park.objects.order_by("code").first()
    page.goto(f"{base}/parks/{park.pk}/")
    page.wait_for_selector(".map[data-features]")  # fetched and drawn on a canvas
    assert park.name in page.content()
    shot(page, "park")

    # The site map, coloured by status.
    page.goto(f"{base}/sites/")
    drawn = page.wait_for_selector(".map[data-features]")
    assert int(drawn.get_attribute("data-features") or 0) >= 50
    shot(page, "sites")

    # The admin, in Chinese.
    page.goto(f"{base}/admin/")
    assert "闲置资产" in page.content()  # the sites model, in Chinese
    shot(page, "admin")


def test_api_docs_offline(live_server: Any, page: Any, shot: Any, demo: Any) -> None:
    base = live_server.url
    admin = next(a for a in demo.accounts if a.role == "admin")
    login(page, base, admin.username, admin.password)
    page.goto(f"{base}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    shot(page, "api-docs")


def test_enterprise_user_cannot_see_others(live_server: Any, page: Any, demo: Any) -> None:
    from microparks.apps.enterprises.models import Enterprise

    base = live_server.url
    account = next(a for a in demo.accounts if a.role == "enterprise")
    login(page, base, account.username, account.password)
    own = Enterprise.objects.get(users__username=account.username)
    stranger = Enterprise.objects.exclude(pk=own.pk).first()
    response = page.goto(f"{base}/enterprises/{stranger.pk}/")
    assert response.status == 404
    response = page.goto(f"{base}/enterprises/{own.pk}/")
    assert response.status == 200
    assert own.name in page.content()
