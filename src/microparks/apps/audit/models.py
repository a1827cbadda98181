"""An append-only log of every change made to the platform's data, and of sign-ins."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Scope, acting_user
from microparks.apps.json_fields import StrictJSONField


class AuditEntry(models.Model):
    """Who created, changed or deleted which row, when, and what changed.

    Also who signed in or out, failed to, was locked out, or changed a password or a second
    factor, and from which address.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        # what happens to an account: no row of data changes, the user is the object
        LOGIN = "login", _("Signed in")
        LOGOUT = "logout", _("Signed out")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out")
        UNLOCKED = "unlocked", _("Unlocked")
        PASSWORD = "password", _("Password changed")
        DEVICE_ADDED = "device_added", _("Second factor set up")
        DEVICE_REMOVED = "device_removed", _("Second factor removed")
        # reading personal data (the job-seeker register): nothing changes, the access is logged
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased on request")

    timestamp = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = acting_user(_("user"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = StrictJSONField(_("changes"), default=dict, blank=True)

    objects = RestrictedManager()
    scope = Scope()  # administrators only

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-timestamp"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        at = timezone.localtime(self.timestamp)
        return f"{at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_repr}"
