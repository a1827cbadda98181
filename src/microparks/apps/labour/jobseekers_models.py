"""The individual job-seeker register (求职登记): only what matching needs, with consent.

Personal Information Protection Law (个人信息保护法): a record is made only with the person's
consent (when, how, taken by whom, which text), holds the name, phone, township, skills and
availability (an ID number optionally), keeps the phone and ID number encrypted at rest
(:mod:`microparks.apps.labour.jobseekers_crypto`), is deleted at ``delete_after`` or on request,
and only the labour-service role of its county reads it — every access is in the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import (
    VIEW,
    RestrictedQuerySet,
    Role,
    Scope,
    TimeStampedModel,
    acting_user,
)
from microparks.apps.labour.jobseekers_crypto import EncryptedTextField, blind_index
from microparks.core.labour.personal import (
    normalise_id_number,
    normalise_phone,
    valid_id_number,
    valid_phone,
)

CONSENT_VERSION = "2026-1"
"""The version of the consent text the register's form shows (docs: personal data)."""


class JobSeekerQuerySet(RestrictedQuerySet):
    """Only the labour-service role of the record's county: not even administrators."""

    def restrict(self, user: Any, action: str = VIEW) -> Self:
        if (
            not user.is_authenticated
            or getattr(user, "role", None) != Role.LABOUR_SERVICE
            or not user.region_id
        ):
            return self.none()
        return self.filter(region_id=user.region_id)


JobSeekerManager = models.Manager.from_queryset(JobSeekerQuerySet)


def retention_end(consent_at: dt.datetime) -> dt.date:
    """The default ``delete_after``: the consent's day plus the configured retention."""
    day = timezone.localdate(consent_at) if timezone.is_aware(consent_at) else consent_at.date()
    return day + dt.timedelta(days=settings.JOBSEEKER_RETENTION_DAYS)


class JobSeeker(TimeStampedModel):
    """One person looking for work in the county, registered with their consent."""

    class Availability(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")
        SEASONAL = "seasonal", _("Seasonal")

    class ConsentMethod(models.TextChoices):
        PAPER = "paper", _("Signed paper form")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Seeking work")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="job_seekers",
    )
    township = models.ForeignKey(
        "regions.Region", verbose_name=_("township"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("full name"), max_length=50)
    phone = EncryptedTextField(_("phone"))
    phone_index = models.CharField(_("phone index"), max_length=64, editable=False, db_index=True)
    id_number = EncryptedTextField(_("ID card number"), blank=True)
    skills = models.CharField(
        _("trades and skills"), max_length=300, blank=True, help_text=_("separated by 、")
    )
    wanted_work = models.CharField(_("work wanted"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=12, choices=Availability.choices)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_method = models.CharField(
        _("consent given"), max_length=12, choices=ConsentMethod.choices
    )
    consent_by = acting_user(_("consent taken by"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    delete_after = models.DateField(_("delete after"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )

    objects = JobSeekerManager()
    scope = Scope(labour="region")  # the manager's restrict() is stricter still

    # The audit log records that these changed, never their values (apps/audit/signals.py).
    audit_private: ClassVar[frozenset[str]] = frozenset(
        {"name", "phone", "phone_index", "id_number", "skills", "wanted_work"}
    )

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "phone_index"], name="job_seeker_phone_unique"
            ),
        ]

    def __str__(self) -> str:
        # No personal data: this is what the audit log and messages name.
        return gettext("Job seeker no. %(pk)s") % {"pk": self.pk}

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.phone and not valid_phone(self.phone):
            errors["phone"] = _("Enter a mobile number or a landline with its area code.")
        if self.id_number and not valid_id_number(self.id_number):
            errors["id_number"] = _(
                "Enter an 18-character resident ID card number; the check character is wrong."
            )
        if (
            self.delete_after
            and self.consent_at
            and self.delete_after > retention_end(self.consent_at)
        ):
            errors["delete_after"] = gettext(
                "At most the retention period after the consent: %(date)s."
            ) % {"date": retention_end(self.consent_at).isoformat()}
        if self.township_id and self.region_id:
            from microparks.apps.regions.models import Region

            if not Region.objects.filter(pk=self.township_id, parent_id=self.region_id).exists():
                errors["township"] = _("Choose a township of the county.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.phone = normalise_phone(self.phone)
        self.id_number = normalise_id_number(self.id_number) if self.id_number else ""
        self.phone_index = blind_index(self.phone)
        if self.delete_after is None and self.consent_at is not None:
            self.delete_after = retention_end(self.consent_at)
        super().save(*args, **kwargs)
