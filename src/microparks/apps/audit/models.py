"""An append-only log of every change made to the platform's data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Scope, acting_user


class AuditEntry(models.Model):
    """Who created, changed or deleted which row, when, and what changed."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = acting_user(_("user"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = RestrictedManager()
    scope = Scope()  # administrators only

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-timestamp"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_repr}"
