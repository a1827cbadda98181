"""What the accounts do beyond Django's own: administrators, lock-outs, second factors.

Each action writes its audit entry (apps/audit); the web (admin actions, pages) and the CLI
(``microparks admin``) call these and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from microparks.apps.accounts.models import User
from microparks.apps.audit.models import AuditEntry
from microparks.apps.audit.signals import log_account_event
from microparks.apps.base import Role

DEMO_REFUSED = gettext_lazy(
    "Production mode (MICROPARKS_ENV=production) does not load the demo county: its accounts "
    "have published passwords. On a training server, pass --training-server or set "
    "MICROPARKS_TRAINING_SERVER=1."
)


class DemoRefusedError(RuntimeError):
    """Production mode does not take the demo county and its published accounts."""


def check_demo_allowed(training_server: bool = False) -> None:
    """Raise :class:`DemoRefusedError` in production mode, unless on a training server.

    The demo's accounts have passwords printed in the manual and on every demo run, one of them
    a superuser: on a county's server they would be a way in for anybody. ``training_server``
    (the command's ``--training-server``) or ``settings.TRAINING_SERVER`` let it in.
    """
    if settings.PRODUCTION and not (training_server or settings.TRAINING_SERVER):
        with translation.override("en"):
            raise DemoRefusedError(str(DEMO_REFUSED))


def is_administrator(user: Any) -> bool:
    """A system administrator: the admin role or a superuser."""
    return bool(user.is_superuser or getattr(user, "role", "") == Role.ADMIN)


def administrators() -> Any:
    """The active administrators' accounts."""
    return User.objects.filter(Q(is_superuser=True) | Q(role=Role.ADMIN), is_active=True)


def create_administrator(username: str, password: str, email: str = "") -> User:
    """A superuser with the administrator role, its password checked by the validators.

    Raises :class:`django.core.exceptions.ValidationError` for a weak password and
    :class:`ValueError` for a taken or empty username.
    """
    username = username.strip()
    if not username:
        raise ValueError("the username is empty")
    if User.objects.filter(username=username).exists():
        raise ValueError(f"the username {username!r} is taken")
    candidate = User(username=username, email=email, role=Role.ADMIN)
    password_validation.validate_password(password, candidate)
    with transaction.atomic():
        user: User = User.objects.create_superuser(
            username=username, email=email, password=password, role=Role.ADMIN
        )
    return user


@dataclass(frozen=True)
class Unlocked:
    """What :func:`unlock` cleared."""

    username: str
    attempts: int


def unlock(username: str, actor: Any = None) -> Unlocked:
    """Clear the failed sign-ins of ``username`` (from every address): the lock-out ends."""
    attempts = AccessAttempt.objects.filter(username=username)
    cleared = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    reset_lockout(username=username)
    account = User.objects.filter(username=username).first()
    log_account_event(
        AuditEntry.Action.UNLOCKED,
        username=username,
        account=account,
        actor=actor,
        attempts=cleared,
    )
    return Unlocked(username, cleared)


def confirmed_devices(user: Any) -> Any:
    """The user's confirmed TOTP devices."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True)


def pending_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device (a new key the first time)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def confirm_device(device: TOTPDevice, token: str, actor: Any = None) -> bool:
    """Confirm a new device with a code from it; ``False`` when the code is wrong."""
    if not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_account_event(
        AuditEntry.Action.DEVICE_ADDED,
        username=device.user.get_username(),
        account=device.user,
        actor=actor if actor is not None else device.user,
        device=device.name,
    )
    return True


def remove_devices(user: Any, actor: Any = None) -> int:
    """Remove all of the user's second-factor devices (a lost phone); the number removed."""
    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    if removed:
        log_account_event(
            AuditEntry.Action.DEVICE_REMOVED,
            username=user.get_username(),
            account=user,
            actor=actor,
            devices=removed,
        )
    return removed


def is_verified(user: Any) -> bool:
    """Whether this session checked a code of the user's device (django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if check is not None else False


def second_factor_step(user: Any) -> str:
    """What a signed-in user must do before anything else.

    ``"verify"`` when the user has a device and this session has not checked a code from it,
    ``"setup"`` when the user is an administrator without a device and the deployment requires
    one (``settings.ADMIN_SECOND_FACTOR``), ``""`` when nothing is needed.
    """
    if not user.is_authenticated or is_verified(user):
        return ""
    if confirmed_devices(user).exists():
        return "verify"
    if settings.ADMIN_SECOND_FACTOR and is_administrator(user):
        return "setup"
    return ""
