"""Write an audit entry for every create, update and delete of the domain models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from microparks.apps.audit.middleware import current_user
from microparks.apps.audit.models import AuditEntry

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
}
SKIPPED_FIELDS = {"password", "last_login", "created_at", "updated_at"}


def _snapshot(instance: models.Model) -> dict[str, Any]:
    values = {}
    for f in instance._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        value = getattr(instance, f.attname)
        if isinstance(value, Decimal) or (
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
    if created or old is None:
        _write(AuditEntry.Action.CREATE, instance, {"new": new})
        return
    diff = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
    if diff:
        _write(AuditEntry.Action.UPDATE, instance, diff)


def log_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _audited(sender):
        _write(AuditEntry.Action.DELETE, instance, {"old": _snapshot(instance)})


def connect() -> None:
    """Connect the audit handlers (called once from the app's ``ready``)."""
    pre_save.connect(remember_old, dispatch_uid="audit_pre_save")
    post_save.connect(log_save, dispatch_uid="audit_post_save")
    post_delete.connect(log_delete, dispatch_uid="audit_post_delete")
