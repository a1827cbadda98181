"""Lock-out after repeated failed sign-ins (django-axes), the Chinese lock-out page, unlocking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microparks.apps.accounts import services
from microparks.apps.audit.models import AuditEntry

PASSWORD = "pw-Test-12345"


@pytest.fixture(autouse=True)
def _three_failures(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_locked_after_the_limit_even_with_the_right_password(client: Client, home: Any) -> None:
    user = home.users["official"]
    for _ in range(2):
        assert sign_in(client, user.username, "wrong-password-1").status_code == 200
    third = sign_in(client, user.username, "wrong-password-1")
    assert third.status_code == 429
    page = sign_in(client, user.username, PASSWORD)
    assert page.status_code == 429
    assert not signed_in(client)
    text = page.content.decode()
    assert "登录已锁定" in text  # Chinese by default
    assert "30" in text
    assert "3" in text  # the cool-off and the limit


def test_lockout_page_in_english_on_request(client: Client, home: Any) -> None:
    user = home.users["official"]
    for _ in range(3):
        sign_in(client, user.username, "wrong-password-1")
    page = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 429
    assert "Sign-in locked" in page.content.decode()


def test_lockout_is_per_account_and_address(client: Client, home: Any) -> None:
    user = home.users["official"]
    for _ in range(3):
        sign_in(client, user.username, "wrong-password-1", ip="10.0.0.1")
    # the same account from another address, and another account from the same address
    assert sign_in(client, user.username, PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    other = home.users["investment"]
    assert sign_in(client, other.username, PASSWORD, ip="10.0.0.1").status_code == 302


def test_cool_off_ends_the_lockout(client: Client, home: Any) -> None:
    user = home.users["official"]
    for _ in range(3):
        sign_in(client, user.username, "wrong-password-1")
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_unlock_by_an_administrator_in_the_admin(client: Client, home: Any) -> None:
    user = home.users["official"]
    for _ in range(3):
        sign_in(client, user.username, "wrong-password-1")
    assert sign_in(client, user.username, PASSWORD).status_code == 429

    admin_client = Client()
    admin_client.force_login(home.users["admin"])
    changelist = reverse("admin:accounts_user_changelist")
    response = admin_client.post(
        changelist, {"action": "unlock", "_selected_action": [user.pk]}, follow=True
    )
    assert response.status_code == 200
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UNLOCKED)
    assert entry.user == home.users["admin"]
    assert entry.object_id == str(user.pk)
    assert entry.changes["attempts"] >= 3


def test_an_official_cannot_unlock(client: Client, home: Any) -> None:
    official = home.users["official"]
    client.force_login(official)
    response = client.get(reverse("admin:accounts_user_changelist"))
    form = response.context["action_form"]  # None: no action at all for this user
    actions = [a[0] for a in form.fields["action"].choices] if form else []
    assert "unlock" not in actions
    assert "remove_second_factor" not in actions


def test_unlock_service_clears_every_address(client: Client, home: Any) -> None:
    user = home.users["official"]
    for ip in ("10.0.0.1", "10.0.0.2"):
        for _ in range(3):
            sign_in(client, user.username, "wrong-password-1", ip=ip)
    result = services.unlock(user.username)
    assert result.attempts == 6
    for ip in ("10.0.0.1", "10.0.0.2"):
        client.logout()
        assert sign_in(client, user.username, PASSWORD, ip=ip).status_code == 302


def test_address_behind_a_proxy(client: Client, home: Any, settings: Any) -> None:
    """Behind nginx every request comes from 127.0.0.1: the lock-out keys on the client."""
    settings.PROXY_COUNT = 1
    user = home.users["official"]
    for _ in range(3):
        client.post(
            reverse("login"),
            {"username": user.username, "password": "wrong-password-1"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 10.9.9.9",  # the client forged the first entry
        )
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.LOCKED_OUT).get()
    assert entry.changes["ip"] == "10.9.9.9"
    ok = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.8",
    )
    assert ok.status_code == 302
