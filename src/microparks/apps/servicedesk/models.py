"""Tenants' requests (诉求工单) to the park management body and county departments."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel, acting_user
from microparks.apps.json_fields import StrictJSONField
from microparks.apps.revisioned import Revisioned


class Ticket(Revisioned, TimeStampedModel):
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

    class Tier(models.TextChoices):
        PARK = "park", _("Park")
        TOWNSHIP = "township", _("Township")
        COUNTY = "county", _("County department")

    class Status(models.TextChoices):
        # As the desk sees them; the enterprise reads its own words (``TENANT_STATUS``).
        RECEIVED = "received", _("Awaiting acceptance")
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
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, default=Tier.PARK)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    ack_due_at = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("respond by"), null=True, blank=True)
    clock_started_at = models.DateTimeField(
        _("clock started at"),
        null=True,
        blank=True,
        help_text=_("When the deadlines started counting (reception, or the last reopening)"),
    )
    waiting_since = models.DateTimeField(
        _("waiting for the enterprise since"),
        null=True,
        blank=True,
        help_text=_("Deadline clocks stop while the park waits for the enterprise's answer"),
    )
    deadline_basis = models.CharField(
        _("deadline basis"),
        max_length=500,
        blank=True,
        help_text=_("Deadline rules and working calendars the deadlines were counted on"),
    )
    # The exact documents the deadlines were counted on (see ``policies.set_deadlines``): the
    # deadlines document and the calendar layers, platform first. Empty on tickets filed before
    # deadlines were rules documents.
    deadline_rules = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("deadline rules"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="deadline_tickets",
    )
    calendar_rules = models.ManyToManyField(
        "rules.RulesDocument",
        verbose_name=_("working calendars"),
        through="servicedesk.TicketCalendar",
        blank=True,
        related_name="calendar_tickets",
    )
    articles = models.ManyToManyField(
        "servicedesk.Article", verbose_name=_("linked articles"), blank=True, related_name="tickets"
    )

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
        # Deleting a department or a user empties its links through the base manager: counted.
        base_manager_name = "objects"
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

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def is_escalated(self) -> bool:
        """Raised above the park by a missed deadline (reassign and 督办 are then possible)."""
        return self.tier != self.Tier.PARK

    def tenant_status_display(self) -> str:
        """The status in the words of the enterprise that filed the ticket (``TENANT_STATUS``)."""
        return str(TENANT_STATUS[Ticket.Status(self.status)])


#: The statuses as the enterprise that filed the ticket reads them (已提交, 已受理, 办理中,
#: 待评价, 已办结): the desk's "awaiting acceptance" is, for the filer, "submitted".
TENANT_STATUS = {
    Ticket.Status.RECEIVED: _("Submitted"),
    Ticket.Status.ASSIGNED: _("Accepted for handling"),
    Ticket.Status.IN_PROGRESS: _("Being handled"),
    Ticket.Status.RESPONDED: _("Answered, awaiting your rating"),
    Ticket.Status.CLOSED: _("Completed"),
}


class TicketEvent(models.Model):
    """One step of a ticket's timeline: who did what, when, and what they wrote."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Submitted")
        ASSIGNED = "assigned", _("Assigned")
        STARTED = "started", _("Work started")
        QUESTION = "question", _("Question to the enterprise")
        ANSWER = "answer", _("Answer from the enterprise")
        RESPONDED = "responded", _("Responded")
        CLOSED = "closed", pgettext_lazy("ticket", "Closed")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("Rated")
        ESCALATED = "escalated", _("Escalated")
        ATTACHED = "attached", _("File attached")
        REASSIGNED = "reassigned", _("Reassigned")
        SUPERVISED = "supervised", _("Supervision note")

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = acting_user(_("by"))
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(_("from status"), max_length=12, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, blank=True)
    message = models.TextField(_("message"), blank=True)
    detail = StrictJSONField(_("detail"), default=dict, blank=True)

    objects = RestrictedManager()
    scope = Scope(
        region="ticket__park__region",
        park="ticket__park",
        enterprise="ticket__enterprise",
        department="ticket__department",
    )

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket} · {self.get_kind_display()}"


class TicketCalendar(models.Model):
    """One calendar document a ticket's deadlines were counted on, in the order applied.

    An explicit through model so that the documents are protected (``PROTECT``) and the order
    of the layers (platform first, the county after) is kept.
    """

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="calendar_layers"
    )
    document = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("working calendar"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("ticket calendar")
        verbose_name_plural = _("ticket calendars")
        ordering = ["ticket", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "position"], name="ticket_calendar_position"),
            models.UniqueConstraint(fields=["ticket", "document"], name="ticket_calendar_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} · {self.document_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"servicedesk/{instance.ticket_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a ticket (size- and type-limited by the service that stores it)."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = acting_user(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RestrictedManager()
    scope = Scope(
        region="ticket__park__region",
        park="ticket__park",
        enterprise="ticket__enterprise",
        department="ticket__department",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(TimeStampedModel):
    """Where a county's tickets go: a category (and optionally a park) → department and handler.

    The most specific matching rule wins (park and category over category alone); without a
    rule, a department of the county listing the category in its ``categories`` takes it.
    """

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    category = models.CharField(
        _("category"), max_length=12, choices=Ticket.Category.choices, blank=True
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )

    objects = RestrictedManager()
    scope = Scope(region="region", park="park", edit=frozenset({Role.OFFICIAL}))

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["region", "category", "park"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(department__isnull=False) | models.Q(handler__isnull=False),
                name="routing_rule_has_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display() or '*'} / {self.park or '*'}"


class Article(TimeStampedModel):
    """A local policy or a standard answer in the knowledge library, suggested by category."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy")
        ANSWER = "answer", _("Answer")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="articles",
        help_text=_("Empty: applies everywhere"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.POLICY)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    categories = models.CharField(
        _("categories"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated ticket categories the article is suggested for"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=True)

    objects = RestrictedManager()
    # Officials edit their region's articles; deployment-wide ones (no region) are the admin's.
    # Readers reach articles through ``library.articles_for``.
    scope = Scope(region="region", edit=frozenset({Role.OFFICIAL}))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def category_list(self) -> list[str]:
        return [c.strip() for c in self.categories.split(",") if c.strip()]


class Notification(models.Model):
    """An in-app message to one user about a ticket."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TicketEvent.Kind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.ticket}"
