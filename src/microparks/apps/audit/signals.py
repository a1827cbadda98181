"""Write an audit entry for every create, update and delete of the domain models.

Also for what happens to an account: sign-in, sign-out, failed sign-in, lock-out, password
change (and, from apps/accounts, unlocking and second-factor devices).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest

from microparks.apps.audit.middleware import current_user
from microparks.apps.audit.models import AuditEntry
from microparks.apps.client_ip import client_ip

AUDITED_APPS = {
    "accounts",
    "regions",
    "industries",
    "sites",
    "parks",
    "enterprises",
    "attraction",
    "admission",
    "servicedesk",
    "evaluation",
    "rules",
    "labour",
}
SKIPPED_FIELDS = {"password", "last_login", "created_at", "updated_at"}
CHANGED = "changed"
"""Written instead of the value of a model's ``audit_private`` fields (personal data)."""


def _private(instance: models.Model) -> frozenset[str]:
    """The attnames whose values never reach the log (e.g. a job seeker's phone)."""
    names: frozenset[str] = getattr(instance, "audit_private", frozenset())
    return frozenset(f.attname for f in instance._meta.concrete_fields if f.name in names)


def _redacted(values: dict[str, Any], private: frozenset[str]) -> dict[str, Any]:
    return {k: (CHANGED if k in private and v not in (None, "") else v) for k, v in values.items()}


def _snapshot(instance: models.Model) -> dict[str, Any]:
    values = {}
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        value = getattr(instance, f.attname)
        if isinstance(f, models.DecimalField) and value is not None:
            # As stored: 0, 0.0 and Decimal("0") set on the instance read back as "0.00", and
            # must not show as a change (nor in an edit conflict's list of what changed).
            value = f"{Decimal(str(value)):.{f.decimal_places}f}"
        elif isinstance(value, Decimal) or (
            value is not None and not isinstance(value, (int, float, str, bool, dict, list))
        ):
            value = str(value)
        values[f.attname] = value
    return values


def _audited(sender: type[models.Model]) -> bool:
    return sender._meta.app_label in AUDITED_APPS


def _write(action: str, instance: models.Model, changes: dict[str, Any]) -> None:
    AuditEntry.objects.create(
        user=current_user.get(),
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def log_bulk_created(instances: Sequence[models.Model]) -> None:
    """The entries ``log_save`` would have written for rows inserted by ``bulk_create``.

    ``bulk_create`` sends no signals; a loader that inserts thousands of rows at once (the
    demo at scale) writes their creation entries here, in one insert too.
    """
    acting = current_user.get()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                user=acting,
                action=AuditEntry.Action.CREATE,
                model=instance._meta.label_lower,
                object_id=str(instance.pk),
                object_repr=str(instance)[:200],
                changes={"new": _redacted(_snapshot(instance), _private(instance))},
            )
            for instance in instances
            if _audited(type(instance))
        ],
        batch_size=500,
    )


def remember_old(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _audited(sender) and instance.pk and not kwargs.get("raw"):
        old = sender._default_manager.filter(pk=instance.pk).first()
        instance._audit_old = _snapshot(old) if old else None  # type: ignore[attr-defined]


def log_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if not _audited(sender) or kwargs.get("raw"):
        return
    new = _snapshot(instance)
    old = getattr(instance, "_audit_old", None)
    private = _private(instance)
    if created or old is None:
        _write(AuditEntry.Action.CREATE, instance, {"new": _redacted(new, private)})
        return
    diff = {
        k: (CHANGED if k in private else [old.get(k), v]) for k, v in new.items() if old.get(k) != v
    }
    if diff:
        _write(AuditEntry.Action.UPDATE, instance, diff)


def log_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """A deleted row's values; for a model with personal data only why it went.

    The code that erases such a row sets ``_audit_action`` (e.g. erased on request) and
    ``_audit_reason`` on the instance before deleting it.
    """
    if not _audited(sender):
        return
    if _private(instance):
        action = getattr(instance, "_audit_action", AuditEntry.Action.DELETE)
        _write(action, instance, {"reason": getattr(instance, "_audit_reason", "")})
        return
    _write(AuditEntry.Action.DELETE, instance, {"old": _snapshot(instance)})


def log_access(
    action: str,
    user: Any,
    model: type[models.Model],
    ids: list[int],
    what: str,
    *,
    one: bool = False,
    **details: Any,
) -> AuditEntry:
    """Write that ``user`` read (viewed, exported) rows of personal data: which ones.

    One entry per access, ``changes["ids"]`` naming every row shown; the page of one row
    (``one``) has it as the object too. ``what`` and ``details`` (the filters)
    must hold no personal data.
    """
    return AuditEntry.objects.create(
        user=user,
        action=action,
        model=model._meta.label_lower,
        object_id=str(ids[0]) if one else "",
        object_repr=what[:200],
        changes={"ids": ids, **details},
    )


def log_account_event(
    action: str,
    *,
    username: str,
    account: Any = None,
    actor: Any = None,
    request: HttpRequest | None = None,
    **details: Any,
) -> AuditEntry:
    """Write one event of an account.

    The account (``None`` when no account has the name) is the object, ``actor`` the user who
    did it (nobody for a failed sign-in), with the client's address when there is a request.
    """
    changes = dict(details)
    if request is not None:
        changes["ip"] = client_ip(request)
    return AuditEntry.objects.create(
        user=actor,
        action=action,
        model=settings.AUTH_USER_MODEL.lower(),
        object_id=str(account.pk) if account is not None else "",
        object_repr=username[:200],
        changes=changes,
    )


def _account_named(username: str) -> Any:
    from django.contrib.auth import get_user_model

    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username).first()


def log_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log_account_event(
        AuditEntry.Action.LOGIN,
        username=user.get_username(),
        account=user,
        actor=user,
        request=request,
    )


def log_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is None:  # an anonymous visitor's sign-out is nothing to record
        return
    log_account_event(
        AuditEntry.Action.LOGOUT,
        username=user.get_username(),
        account=user,
        actor=user,
        request=request,
    )


def log_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in ``credentials``; only the name is kept.
    username = str(credentials.get("username") or "")
    log_account_event(
        AuditEntry.Action.LOGIN_FAILED,
        username=username,
        account=_account_named(username),
        request=request,
    )


def log_locked_out(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    name = username or ""
    log_account_event(
        AuditEntry.Action.LOCKED_OUT, username=name, account=_account_named(name), request=request
    )


def log_password_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """``set_password`` leaves the new password in ``_password`` until the save is over."""
    if created or kwargs.get("raw") or getattr(instance, "_password", None) is None:
        return
    acting = current_user.get()
    log_account_event(
        AuditEntry.Action.PASSWORD,
        username=instance.get_username(),
        account=instance,
        actor=acting if acting is not None else instance,
    )


def connect() -> None:
    """Connect the audit handlers (called once from the app's ``ready``)."""
    pre_save.connect(remember_old, dispatch_uid="audit_pre_save")
    post_save.connect(log_save, dispatch_uid="audit_post_save")
    post_delete.connect(log_delete, dispatch_uid="audit_post_delete")
    user_logged_in.connect(log_login, dispatch_uid="audit_login")
    user_logged_out.connect(log_logout, dispatch_uid="audit_logout")
    user_login_failed.connect(log_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(log_locked_out, dispatch_uid="audit_locked_out")
    post_save.connect(
        log_password_change, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_password"
    )
