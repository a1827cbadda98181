"""An official opens the demo county's targeting page, adds an industry to a park's positioning,
and the park's page shows it — in real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apps.targeting.helpers import no_deployment_files
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Any) -> Any:
    """The demo (loaded after this) writes its targeting files into a fresh DATA_DIR."""
    yield from no_deployment_files(settings, tmp_path)


def test_county_page_sets_a_park_positioning(
    live_server: Any, page: Any, shot: Any, demo: Any
) -> None:
    from microparks.apps.parks.models import Park

    base = live_server.url
    official = next(a for a in demo.accounts if a.role == "official")
    login(page, base, official.username, official.password)

    # The county page from the navigation: ranked industries, reasons and the chart.
    page.click("a[href='/targeting/']")
    page.wait_for_url(f"{base}/targeting/")
    page.wait_for_selector("#targeting-chart .main-svg", state="attached")
    html = page.content()
    assert "青岚县" in html
    assert "利用本县的茶叶" in html  # the demo county's tea endowment
    assert "柳江汽车产业园" in html  # an anchor of a nearby park
    assert "两高行业" in html  # excluded industries stay listed with the rule
    # the file the demo wrote, read like any county's
    assert "employment.csv（校验值 SHA-256：" in html
    assert "未计入全国行业增长" in html  # no census pair: said, with how to load it
    shot(page, "targeting-county")

    # Add the best-ranked industry the crafts park lacks to that park's positioning.
    park = Park.objects.get(name="瑶山民族工艺小微园")
    have = set(park.positioning.values_list("code", flat=True))
    rows = page.locator("#targeting-table tbody tr:not(.excluded)")
    code = next(
        c
        for c in (rows.nth(i).get_attribute("data-code") for i in range(rows.count()))
        if c not in have
    )
    row = page.locator(f"#targeting-table tr[data-code='{code}']")
    page.select_option("#positioning-park", label=park.name)
    row.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/targeting/**")
    assert code in set(park.positioning.values_list("code", flat=True))

    # The park's own page lists the new positioning.
    page.goto(f"{base}/parks/{park.pk}/")
    name = park.positioning.get(code=code).name
    assert name in page.content()
    shot(page, "targeting-park")
