"""Tenants' requests (诉求工单) to the park management body and county departments."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel


class Ticket(TimeStampedModel):
    """A request from a tenant: received → assigned → in progress → responded → closed."""

    class Category(models.TextChoices):
        LAND = "land", _("Land use")
        WATER = "water", _("Water")
        ELECTRICITY = "electricity", _("Electricity")
        LABOUR = "labour", _("Labour and recruitment")
        POLICY = "policy", _("Policy and subsidies")
        PERMITS = "permits", _("Permits and approvals")
        SAFETY = "safety", _("Safety")
        FINANCE = "finance", _("Finance")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal")
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")
        INSPECTION = "inspection", _("Inspection")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        RESPONDED = "responded", _("Responded")
        CLOSED = "closed", pgettext_lazy("ticket", "Closed")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    park = models.ForeignKey(
        "parks.Park", verbose_name=_("park"), on_delete=models.PROTECT, related_name="tickets"
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.PORTAL
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(_("comment on the result"), blank=True)

    objects = RestrictedManager()
    scope = Scope(
        region="park__region",
        park="park",
        enterprise="enterprise",
        department="department",
        edit=frozenset({Role.OFFICIAL, Role.PARK_MANAGER, Role.HANDLER, Role.ENTERPRISE}),
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="ticket_satisfaction_1_5",
            )
        ]

    def __str__(self) -> str:
        return self.title
