"""``microparks admin``: the first administrator, unlock, reset of a lost second factor."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from typer.testing import CliRunner

from microparks.apps.accounts.models import User
from microparks.apps.audit.models import AuditEntry
from microparks.apps.base import Role
from microparks.cli.main import app

GOOD = "Lantern-orchard-73"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, args: list[str], answers: str = "") -> Any:
    return runner.invoke(app, ["admin", *args, "--lang", "en"], input=answers)


def test_creates_the_first_administrator(runner: CliRunner, db: Any) -> None:
    result = invoke(runner, ["create"], f"chief\n{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="chief")
    assert user.is_superuser
    assert user.is_staff
    assert user.role == Role.ADMIN
    assert user.check_password(GOOD)
    assert "second factor" in result.output


def test_a_weak_password_is_asked_again(runner: CliRunner, db: Any) -> None:
    answers = f"chief\nshort-1\nshort-1\n{GOOD}\n{GOOD}\n"
    result = invoke(runner, ["create"], answers)
    assert result.exit_code == 0, result.output
    assert "too short" in result.output
    assert "12 characters" in result.output
    assert User.objects.get(username="chief").check_password(GOOD)


def test_mismatched_passwords_are_asked_again(runner: CliRunner, db: Any) -> None:
    answers = f"chief\n{GOOD}\nLantern-orchard-74\n{GOOD}\n{GOOD}\n"
    result = invoke(runner, ["create"], answers)
    assert result.exit_code == 0, result.output
    assert User.objects.filter(username="chief").exists()


def test_three_refused_passwords_create_nothing(runner: CliRunner, db: Any) -> None:
    answers = "chief\n" + "123456789012\n123456789012\n" * 3
    result = invoke(runner, ["create"], answers)
    assert result.exit_code == 1
    assert "refused three times" in result.output
    assert not User.objects.filter(username="chief").exists()


def test_refused_when_an_administrator_exists(runner: CliRunner, home: Any) -> None:
    result = invoke(runner, ["create", "--username", "chief2"], f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 1
    assert "An administrator exists already (home_admin)" in result.output
    assert not User.objects.filter(username="chief2").exists()
    another = invoke(runner, ["create", "--username", "chief2", "--another"], f"{GOOD}\n{GOOD}\n")
    assert another.exit_code == 0, another.output
    assert User.objects.get(username="chief2").is_superuser


def test_a_taken_username_is_refused(runner: CliRunner, home: Any) -> None:
    args = ["create", "--username", "home_official", "--another"]
    result = invoke(runner, args, f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 1
    assert "home_official is taken" in result.output


def test_chinese_by_default(runner: CliRunner, home: Any) -> None:
    result = runner.invoke(app, ["admin", "create", "--username", "x"], input="")
    assert result.exit_code == 1
    assert "已有管理员" in result.output


def test_unlock(runner: CliRunner, home: Any, client: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    user = home.users["official"]
    for _ in range(2):
        client.post("/login/", {"username": user.username, "password": "wrong-pass-123"})
    locked = client.post("/login/", {"username": user.username, "password": "pw-Test-12345"})
    assert locked.status_code == 429
    result = invoke(runner, ["unlock", user.username])
    assert result.exit_code == 0, result.output
    assert "3 failed sign-ins cleared" in result.output  # the locked try counts too
    ok = client.post("/login/", {"username": user.username, "password": "pw-Test-12345"})
    assert ok.status_code == 302
    assert AuditEntry.objects.filter(action="unlocked", object_id=str(user.pk)).exists()


def test_unlock_of_an_unknown_name(runner: CliRunner, db: Any) -> None:
    result = invoke(runner, ["unlock", "nobody"])
    assert result.exit_code == 1
    assert "nobody" in result.output


def test_reset_second_factor(runner: CliRunner, home: Any) -> None:
    admin = home.users["admin"]
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    result = invoke(runner, ["reset-2fa", admin.username])
    assert result.exit_code == 0, result.output
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert AuditEntry.objects.filter(action="device_removed", object_id=str(admin.pk)).exists()
    assert invoke(runner, ["reset-2fa", "nobody"]).exit_code == 1
