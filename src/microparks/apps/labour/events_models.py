"""Job fairs and training courses (招聘会 / 培训班) of a county, with attendance and outcomes.

A :class:`LabourEvent` records who came (attended, of whom from poverty-alleviated households)
and, for a course, how many were certified; its :class:`EventHire` rows say which firm hired
how many there. Hires feed the labour dashboard, by the quarter of the event's first day.

Officials and investment officers record events of their county; a park manager records
events of their own parks and the hires of their parks' firms (see :mod:`.events`).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel, acting_user

EVENT_EDITORS = frozenset({Role.OFFICIAL, Role.INVESTMENT, Role.PARK_MANAGER})
"""Who records events and hires (park managers: their parks' events and firms only)."""
PERSONS = [MinValueValidator(0), MaxValueValidator(100_000)]


class LabourEvent(TimeStampedModel):
    """A job fair or a training course held in a county."""

    class Kind(models.TextChoices):
        JOB_FAIR = "job_fair", _("Job fair")
        TRAINING = "training", _("Training course")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="labour_events",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    township = models.ForeignKey(
        "regions.Region",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200)
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labour_events",
        help_text=_("The park that holds the event, if any"),
    )
    skill = models.CharField(
        _("skill or trade"), max_length=100, blank=True, help_text=_("Training courses")
    )
    hours = models.PositiveIntegerField(
        _("hours of training"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )
    certificate = models.CharField(
        _("certificate"), max_length=200, blank=True, help_text=_("What a trainee is certified")
    )
    attended = models.PositiveIntegerField(_("attended (persons)"), default=0, validators=PERSONS)
    attended_poverty_alleviated = models.PositiveIntegerField(
        _("of whom from poverty-alleviated households"), default=0, validators=PERSONS
    )
    certified = models.PositiveIntegerField(
        _("certified (persons)"), null=True, blank=True, validators=PERSONS
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = acting_user(_("created by"))

    objects = RestrictedManager()
    # Park managers see the events of the county of their parks; they change their parks' own.
    scope = Scope(region="region", park="region__children__parks", edit=EVENT_EDITORS)

    class Meta:
        verbose_name = _("job fair or training course")
        verbose_name_plural = _("job fairs and training courses")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="labour_event_dates",
            ),
            models.CheckConstraint(
                condition=Q(attended_poverty_alleviated__lte=F("attended")),
                name="labour_event_poor_le_attended",
            ),
            models.CheckConstraint(
                condition=Q(certified__isnull=True) | Q(certified__lte=F("attended")),
                name="labour_event_certified_le_attended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} {self.title}"


class EventHire(models.Model):
    """How many people one firm hired at an event."""

    event = models.ForeignKey(
        LabourEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="hires"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="event_hires",
    )
    hired = models.PositiveIntegerField(
        _("hired (persons)"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )

    objects = RestrictedManager()
    scope = Scope(
        region="event__region",
        park="enterprise__leases__park",
        enterprise="enterprise",
        edit=EVENT_EDITORS,
    )

    class Meta:
        verbose_name = _("hire at an event")
        verbose_name_plural = _("hires at events")
        ordering = ["event", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="event_hire_unique"),
            models.CheckConstraint(condition=Q(hired__gte=1), name="event_hire_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.enterprise} × {self.hired}"
