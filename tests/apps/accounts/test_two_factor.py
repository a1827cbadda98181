"""TOTP second factor (django-otp): administrators set it up before anything else; others may."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from microparks.apps.audit.models import AuditEntry


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's current code, computed with django-otp's own TOTP."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def required(settings: Any) -> None:
    settings.ADMIN_SECOND_FACTOR = True


PAGES = ("web:dashboard", "admin:index", "accounts:security", "rules:index")


@pytest.mark.usefixtures("required")
def test_admin_without_a_device_reaches_nothing_but_the_setup(client: Client, home: Any) -> None:
    client.force_login(home.users["admin"])
    setup = reverse("accounts:two_factor_setup")
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(setup), name
    api = client.get("/api/sites")
    assert api.status_code == 403
    assert "detail" in api.json()
    # the way out stays open
    assert client.post(reverse("logout")).status_code == 302


@pytest.mark.usefixtures("required")
def test_a_superuser_without_the_admin_role_is_held_too(client: Client, home: Any) -> None:
    official = home.users["official"]
    official.is_superuser = True
    official.save()
    client.force_login(official)
    assert client.get(reverse("web:dashboard"))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )


@pytest.mark.usefixtures("required")
def test_setup_with_a_qr_code_then_pages_open(client: Client, home: Any) -> None:
    admin = home.users["admin"]
    client.force_login(admin)
    page = client.get(reverse("accounts:two_factor_setup"), {"next": "/rules/"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text  # the QR code is drawn on the server, no outside service
    assert not re.search(r"(src|href)=\"https?://", text)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)

    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert wrong.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed

    # django-otp makes the next try wait after a wrong code (1 s, then 2 s, 4 s …)
    with time_machine.travel(time.time() + 5, tick=False):
        device.refresh_from_db()
        setup = reverse("accounts:two_factor_setup")
        done = client.post(setup, {"token": code(device), "next": "/rules/"})
    assert done.status_code == 302
    assert done["Location"] == "/rules/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DEVICE_ADDED)
    assert entry.object_id == str(admin.pk)


@pytest.mark.usefixtures("required")
def test_next_sign_in_asks_for_a_code_and_it_verifies(client: Client, home: Any) -> None:
    admin = home.users["admin"]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    response = client.post(
        reverse("login"), {"username": admin.username, "password": "pw-Test-12345"}
    )
    assert response.status_code == 302
    dashboard = client.get(reverse("web:dashboard"))
    verify = reverse("accounts:two_factor_verify")
    assert dashboard["Location"].startswith(verify)
    # a password alone does not bind a second phone: the setup page sends back to verify
    assert client.get(reverse("accounts:two_factor_setup"))["Location"] == verify

    wrong = client.post(verify, {"token": "123456" if code(device) != "123456" else "654321"})
    assert wrong.status_code == 200
    assert client.get(reverse("web:dashboard")).status_code == 302
    failed = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert failed.changes["second_factor"] is True

    too_soon = client.post(verify, {"token": code(device)})  # throttled after a wrong code
    assert too_soon.status_code == 200
    with time_machine.travel(time.time() + 10, tick=False):
        device.refresh_from_db()
        right = client.post(verify, {"token": code(device)})
    assert right.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert client.get("/api/sites").status_code == 200


def test_optional_for_others_and_enforced_once_enrolled(client: Client, home: Any) -> None:
    user = home.users["investment"]
    client.force_login(user)
    assert client.get(reverse("web:dashboard")).status_code == 200  # not required
    security = client.get(reverse("accounts:security"))
    assert reverse("accounts:two_factor_setup") in security.content.decode()
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    # a new session must now give the code too
    fresh = Client()
    fresh.force_login(user)
    assert fresh.get(reverse("web:dashboard"))["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )


def test_not_required_for_administrators_when_switched_off(
    client: Client, home: Any, settings: Any
) -> None:
    settings.ADMIN_SECOND_FACTOR = False
    client.force_login(home.users["admin"])
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_remove_needs_a_verified_session(client: Client, home: Any) -> None:
    user = home.users["investment"]
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    refused = client.post(reverse("accounts:two_factor_remove"))
    assert refused["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert TOTPDevice.objects.filter(user=user).exists()
    client.post(reverse("accounts:two_factor_verify"), {"token": code(device)})
    client.post(reverse("accounts:two_factor_remove"))
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DEVICE_REMOVED).count() == 1


def test_pages_are_in_chinese_by_default(client: Client, home: Any, settings: Any) -> None:
    settings.ADMIN_SECOND_FACTOR = True
    client.force_login(home.users["admin"])
    text = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "设置双因素认证" in text
    assert "身份验证器应用中的验证码" in text
