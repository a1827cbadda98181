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
