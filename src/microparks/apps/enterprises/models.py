"""Enterprises (identified by their unified social credit code) and their annual records."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import (
    ImportRecord,
    RestrictedManager,
    Role,
    Scope,
    TimeStampedModel,
    acting_user,
)
from microparks.apps.bounds import (
    ELECTRICITY_KWH,
    ENERGY_TCE,
    MONEY_CNY,
    OUTPUT_CNY,
    POLLUTANT_T,
    WATER_T,
    range_constraints,
)
from microparks.apps.json_fields import StrictJSONField
from microparks.apps.revisioned import Revisioned
from microparks.apps.validators import validate_credit_code
from microparks.core.codes import check_credit_code


class Enterprise(TimeStampedModel):
    """A firm: a tenant of a park, a prospect in the pipeline, or a county leading firm."""

    class Size(models.TextChoices):
        # 统计上大中小微型企业划分办法 (2017)
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    name = models.CharField(_("name"), max_length=200)
    industry = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    size = models.CharField(_("size"), max_length=8, choices=Size.choices)
    is_above_size = models.BooleanField(
        _("above designated size"),
        default=False,
        help_text=_("规上企业: annual revenue of 20 million CNY or more"),
    )
    is_chain_leader = models.BooleanField(_("leading firm of a chain"), default=False)
    origin_region = models.CharField(
        _("relocated from"),
        max_length=100,
        blank=True,
        help_text=_("Where a relocating firm came from"),
    )
    founded_date = models.DateField(_("founded"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    objects = RestrictedManager()
    scope = Scope(
        region="region",
        park="leases__park",
        enterprise="pk",
        edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}),
    )

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Normalise (strip, upper-case); an invalid code is reported by the field validator.
        with contextlib.suppress(ValueError):
            self.credit_code = check_credit_code(self.credit_code)


class AnnualRecord(Revisioned, TimeStampedModel):
    """A tenant's figures for one year (年度数据), the input of evaluation and impact."""

    class Source(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted by the enterprise")
        TAX_BUREAU = "tax_bureau", _("Tax bureau import")
        POWER = "power", _("Power company import")
        STATISTICS = "statistics", _("Statistics bureau")
        CORRECTED = "corrected", _("Corrected by an official")
        DEMO = "demo", _("Demo data")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="annual_records",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    output_cny = models.DecimalField(
        _("gross output (CNY)"), max_digits=16, decimal_places=2, validators=OUTPUT_CNY.validators
    )
    value_added_cny = models.DecimalField(
        _("value added (CNY)"), max_digits=16, decimal_places=2, validators=OUTPUT_CNY.validators
    )
    revenue_cny = models.DecimalField(
        _("revenue (CNY)"), max_digits=16, decimal_places=2, validators=OUTPUT_CNY.validators
    )
    tax_cny = models.DecimalField(
        _("tax paid (CNY)"), max_digits=16, decimal_places=2, validators=MONEY_CNY.validators
    )
    jobs = models.PositiveIntegerField(_("jobs (average employees)"))
    local_jobs = models.PositiveIntegerField(_("local jobs"))
    rural_jobs = models.PositiveIntegerField(_("jobs held by rural workers"))
    wages_cny = models.DecimalField(
        _("wages paid (CNY)"), max_digits=16, decimal_places=2, validators=OUTPUT_CNY.validators
    )
    electricity_kwh = models.FloatField(
        _("electricity (kWh)"), validators=ELECTRICITY_KWH.validators
    )
    energy_tce = models.FloatField(
        _("energy use (tce)"),
        validators=ENERGY_TCE.validators,
        help_text=_("Tonnes of standard coal equivalent"),
    )
    water_t = models.FloatField(_("water use (t)"), validators=WATER_T.validators)
    cod_t = models.FloatField(
        _("COD (t)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    ammonia_n_t = models.FloatField(
        _("ammonia nitrogen (t)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    so2_t = models.FloatField(
        _("SO₂ (t)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    nox_t = models.FloatField(
        _("NOx (t)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    vocs_t = models.FloatField(
        _("VOCs (t)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    rd_spend_cny = models.DecimalField(
        _("R&D spending (CNY)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=MONEY_CNY.validators,
    )
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.SUBMITTED
    )
    locked = models.BooleanField(
        _("locked after review"),
        default=False,
        help_text=_("A locked record changes only after an official unlocks it, with a reason"),
    )

    objects = RestrictedManager()
    scope = Scope(
        region="enterprise__region",
        park="enterprise__leases__park",
        enterprise="enterprise",
        edit=frozenset({Role.OFFICIAL, Role.ENTERPRISE}),
    )

    class Meta:
        verbose_name = _("annual record")
        verbose_name_plural = _("annual records")
        # Deleting a department or a user empties its links through the base manager: counted.
        base_manager_name = "objects"
        ordering = ["enterprise", "year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="one_record_per_year"),
            models.CheckConstraint(
                condition=models.Q(local_jobs__lte=models.F("jobs"))
                & models.Q(rural_jobs__lte=models.F("jobs")),
                name="record_job_parts_le_jobs",
            ),
            *range_constraints(
                output_cny=OUTPUT_CNY,
                value_added_cny=OUTPUT_CNY,
                revenue_cny=OUTPUT_CNY,
                tax_cny=MONEY_CNY,
                wages_cny=OUTPUT_CNY,
                electricity_kwh=ELECTRICITY_KWH,
                energy_tce=ENERGY_TCE,
                water_t=WATER_T,
                cod_t=POLLUTANT_T,
                ammonia_n_t=POLLUTANT_T,
                so2_t=POLLUTANT_T,
                nox_t=POLLUTANT_T,
                vocs_t=POLLUTANT_T,
                rd_spend_cny=MONEY_CNY,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"

    def clean(self) -> None:
        errors = {}
        if self.jobs is not None:
            if self.local_jobs is not None and self.local_jobs > self.jobs:
                errors["local_jobs"] = _("Local jobs cannot exceed jobs.")
            if self.rural_jobs is not None and self.rural_jobs > self.jobs:
                errors["rural_jobs"] = _("Rural jobs cannot exceed jobs.")
        money = ("output_cny", "revenue_cny", "tax_cny", "wages_cny")
        for name in money:
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("Must not be negative.")
        if self.pk is not None and self.locked:
            stored = AnnualRecord.objects.filter(pk=self.pk, locked=True).first()
            if stored is not None and any(
                getattr(stored, f) != getattr(self, f) for f in VALUE_FIELDS
            ):
                errors["__all__"] = _("This record is locked; an official must unlock it first.")
        if errors:
            raise ValidationError(errors)


VALUE_FIELDS = (
    "output_cny",
    "value_added_cny",
    "revenue_cny",
    "tax_cny",
    "jobs",
    "local_jobs",
    "rural_jobs",
    "wages_cny",
    "electricity_kwh",
    "energy_tce",
    "water_t",
    "cod_t",
    "ammonia_n_t",
    "so2_t",
    "nox_t",
    "vocs_t",
    "rd_spend_cny",
)
"""The figures of an annual record, each with its own provenance."""


class RecordEvent(models.Model):
    """Where a value of an annual record came from, or a step of its review (append-only).

    A ``value`` event says who set which field to what, from which source (the firm's
    submission, a tax-bureau or power-company file, an official's correction with its reason)
    and replaces nothing: the latest ``value`` event of a field is its current provenance.
    """

    class Kind(models.TextChoices):
        VALUE = "value", _("Value set")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        LOCKED = "locked", _("Locked")
        UNLOCKED = "unlocked", _("Unlocked")

    record = models.ForeignKey(
        AnnualRecord,
        verbose_name=_("annual record"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    field = models.CharField(_("field"), max_length=40, blank=True)
    old_value = StrictJSONField(_("old value"), null=True, blank=True)
    new_value = StrictJSONField(_("new value"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=AnnualRecord.Source.choices, blank=True
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    note = models.TextField(_("reason or comment"), blank=True)
    user = acting_user(_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = RestrictedManager()
    scope = Scope(
        region="record__enterprise__region",
        park="record__enterprise__leases__park",
        enterprise="record__enterprise",
    )

    class Meta:
        verbose_name = _("record event")
        verbose_name_plural = _("record events")
        ordering = ["record", "at", "pk"]
        indexes = [models.Index(fields=["record", "field"])]

    def __str__(self) -> str:
        what = self.field or self.get_kind_display()
        return f"{self.record} {what}"


class EnterpriseImport(ImportRecord):
    """One accepted import of an enterprise directory (企业名录), all or nothing, as provenance."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="enterprise_imports",
    )
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    vocabulary = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("vocabulary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise_imports",  # counts as a use: the version can no longer change
        help_text=_("The version of the vocabulary the file was read with"),
    )

    objects = RestrictedManager()
    scope = Scope(region="region", edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}))

    class Meta:
        verbose_name = _("enterprise import")
        verbose_name_plural = _("enterprise imports")
        ordering = ["-created_at"]
