"""The industry picker on the new-prospect form, in headless Chromium: search, keys, the tree."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_an_industry_by_name_and_by_the_tree(
    live_server: Any, page: Any, home: Any, shot: Any
) -> None:
    from microparks.apps.industries.services import load_industries

    load_industries()
    base = live_server.url
    login(page, base, home.users["investment"].username)
    page.goto(f"{base}/pipeline/new/")
    code = page.locator("input[name=industry_code]")
    assert code.get_attribute("role") == "combobox"

    # by part of the Chinese name, chosen with the keyboard
    code.fill("刺绣")
    listbox = page.locator(".picker-list[role=listbox]")
    listbox.locator("[role=option]", has_text="2436").wait_for()
    options = listbox.locator("[role=option]")
    texts = [options.nth(i).inner_text() for i in range(options.count())]
    down = next(i for i, t in enumerate(texts) if t.startswith("2436")) + 1
    for _ in range(down):
        code.press("ArrowDown")
    code.press("Enter")
    assert code.input_value() == "2436"
    assert code.get_attribute("aria-expanded") == "false"

    # by the tree: sections, then manufacturing's divisions, one chosen by a tap
    page.click(".picker-browse")
    listbox.locator("[role=option]", has_text="制造业").wait_for()
    assert options.count() == 20
    shot(page, "industry-picker-sections")
    listbox.locator("[role=option]", has_text="制造业").locator(".picker-open").click()
    listbox.locator("[role=option]", has_text="农副食品加工业").wait_for()
    listbox.locator("[role=option]", has_text="农副食品加工业").click()
    assert code.input_value() == "13"
