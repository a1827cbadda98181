"""Sign-in, sign-out, failed sign-in, lock-out and password change in the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry

PASSWORD = "pw-Test-12345"
A = AuditEntry.Action


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_sign_in_and_out(client: Client, home: Any) -> None:
    user = home.users["official"]
    start = AuditEntry.objects.count()
    client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    login, logout = AuditEntry.objects.order_by("pk")[start:]
    assert (login.action, logout.action) == (A.LOGIN, A.LOGOUT)
    for entry in (login, logout):
        assert entry.user == user
        assert entry.model == "accounts.user"
        assert entry.object_id == str(user.pk)
        assert entry.object_repr == user.username
        assert entry.changes == {"ip": "10.1.2.3"}


def test_failed_sign_in_names_the_account_never_the_password(client: Client, home: Any) -> None:
    user = home.users["official"]
    client.post(reverse("login"), {"username": user.username, "password": "Secret-guess-99"})
    client.post(reverse("login"), {"username": "nobody-here", "password": "Secret-guess-99"})
    known, unknown = AuditEntry.objects.filter(action=A.LOGIN_FAILED).order_by("pk")
    assert known.user is None  # nobody signed in
    assert known.object_id == str(user.pk)
    assert unknown.object_id == ""
    assert unknown.object_repr == "nobody-here"
    for entry in (known, unknown):
        assert "Secret-guess-99" not in str(entry.changes)
        assert entry.changes["ip"] == "127.0.0.1"


def test_lock_out_is_recorded(client: Client, home: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=5)
    user = home.users["official"]
    for _ in range(2):
        client.post(reverse("login"), {"username": user.username, "password": "wrong-pass-123"})
    # django-axes reports the lock-out while Django reports the failure that caused it
    assert sorted(actions()[-3:]) == sorted([A.LOGIN_FAILED, A.LOGIN_FAILED, A.LOCKED_OUT])
    locked = AuditEntry.objects.get(action=A.LOCKED_OUT)
    assert locked.object_id == str(user.pk)


def test_password_set_by_an_administrator_is_recorded_with_who(home: Any) -> None:
    from microparks.apps.audit.middleware import current_user

    user = home.users["investment"]
    admin = home.users["admin"]
    token = current_user.set(admin)
    try:
        user.set_password("Lantern-orchard-73")
        user.save()
    finally:
        current_user.reset(token)
    entry = AuditEntry.objects.get(action=A.PASSWORD)
    assert entry.user == admin
    assert entry.object_id == str(user.pk)


def test_a_new_account_is_not_a_password_change(home: Any) -> None:
    assert not AuditEntry.objects.filter(action=A.PASSWORD).exists()
