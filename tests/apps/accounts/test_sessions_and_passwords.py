"""Idle sessions end (sliding expiry); passwords of at least 12 characters, validated."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microparks.apps.audit.models import AuditEntry

PASSWORD = "pw-Test-12345"


def test_default_idle_timeout_is_eight_hours(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # refreshed at most every 5 minutes
    assert settings.SESSION_REFRESH_SECONDS == 300


def test_session_ends_after_the_idle_time_and_activity_renews_it(
    client: Client, home: Any, settings: Any
) -> None:
    settings.SESSION_COOKIE_AGE = 2 * 3600
    start = timezone.now()
    dashboard = reverse("web:dashboard")
    with time_machine.travel(start, tick=False) as clock:
        client.post(
            reverse("login"), {"username": home.users["official"].username, "password": PASSWORD}
        )
        assert client.get(dashboard).status_code == 200
        for _ in range(3):  # active every 1.5 h for 4.5 h: still signed in (sliding)
            clock.shift(timedelta(minutes=90))
            assert client.get(dashboard).status_code == 200
        clock.shift(timedelta(hours=2, minutes=1))  # idle longer than the timeout
        response = client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Short-pw-1", "too short"),  # 10 characters
        ("password1234", "too common"),
        ("493817265041", "entirely numeric"),
        ("home_official1", "too similar"),
    ],
)
def test_weak_passwords_are_refused(home: Any, password: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, home.users["official"])
    assert reason in " ".join(caught.value.messages)


def test_twelve_characters_is_enough(home: Any) -> None:
    validate_password(PASSWORD, home.users["official"])  # the tests' own password: 13


def test_password_change_page_refuses_a_weak_one_and_audits_a_good_one(
    client: Client, home: Any
) -> None:
    user = home.users["official"]
    client.force_login(user)
    url = reverse("accounts:password_change")
    weak = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "Short-pw-1", "new_password2": "Short-pw-1"},
    )
    assert weak.status_code == 200
    assert "12" in weak.content.decode()  # the validator's message names the minimum
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    good = "Lantern-orchard-73"
    done = client.post(
        url, {"old_password": PASSWORD, "new_password1": good, "new_password2": good}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(good)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PASSWORD)
    assert entry.user == user
    assert entry.object_id == str(user.pk)
    assert "password" not in str(entry.changes).lower()  # never the password itself
    # still signed in after the change
    assert client.get(reverse("accounts:password_change_done")).status_code == 200
