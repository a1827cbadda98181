"""The pipeline board without a mouse, in real headless Chromium: every stage is in sight, a
focused card moves one stage on with → (the focus stays on it), a refused move shows the
server's reason, and the "Move" form under a card moves it too."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANES_IN_SIGHT = """() => [...document.querySelectorAll('.lane')].map(lane => {
  const box = lane.getBoundingClientRect();
  return box.left >= 0 && box.right <= window.innerWidth;
})"""


def _first_card(page: Any, stage: str) -> tuple[Any, int]:
    card = page.locator(f".lane[data-stage={stage}] .kcard").first
    return card, int(card.get_attribute("id").removeprefix("prospect-"))


def test_board_moves_a_card_by_keyboard(live_server: Any, page: Any, shot: Any, demo: Any) -> None:
    from microparks.apps.attraction.models import Prospect

    base = live_server.url
    officer = next(a for a in demo.accounts if a.role == "investment")
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, base, officer.username, officer.password)
    page.goto(f"{base}/pipeline/board/")
    assert all(page.evaluate(LANES_IN_SIGHT)), "a stage starts off-screen"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366

    # Tab to a lead's card and press →: it is now contacted, and still has the focus.
    card, pk = _first_card(page, "lead")
    assert card.locator("select[name=stage]").input_value() == "contacted"  # the usual move
    card.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(f".lane[data-stage=contacted] #prospect-{pk}")
    assert Prospect.objects.get(pk=pk).stage == "contacted"
    assert page.evaluate("() => document.activeElement.id") == f"prospect-{pk}"
    shot(page, "board-keyboard-moved")

    # → from admission review would sign: refused, with the reason, and the card stays.
    card, pk = _first_card(page, "admission")
    card.focus()
    page.keyboard.press("ArrowRight")
    alert = page.locator("#board [role=alert]")
    alert.wait_for()
    assert "签约" in alert.inner_text() or "sign" in alert.inner_text()
    assert page.locator(f".lane[data-stage=admission] #prospect-{pk}").count() == 1
    assert Prospect.objects.get(pk=pk).stage == "admission"
    shot(page, "board-keyboard-refused")

    # The "Move" form under a card: choose a stage, press the button (keyboard only).
    card, pk = _first_card(page, "lead")
    card.locator("select[name=stage]").select_option("visited")
    card.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f".lane[data-stage=visited] #prospect-{pk}")
    assert Prospect.objects.get(pk=pk).stage == "visited"


def test_board_fits_a_phone(live_server: Any, page: Any, demo: Any) -> None:
    base = live_server.url
    officer = next(a for a in demo.accounts if a.role == "investment")
    page.set_viewport_size({"width": 360, "height": 800})
    login(page, base, officer.username, officer.password)
    page.goto(f"{base}/pipeline/board/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert all(page.evaluate(LANES_IN_SIGHT))
    button = page.locator(".kcard form.move button").first.bounding_box()
    assert button is not None
    assert button["height"] >= 44
