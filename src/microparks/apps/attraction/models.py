"""The investment-promotion pipeline (招商): prospects from lead to tax paid."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel


class Prospect(TimeStampedModel):
    """A firm in the attraction pipeline, with what it needs and what it commits to."""

    class Stage(models.TextChoices):
        LEAD = "lead", _("Lead")
        VISIT = "visit", _("Visit")
        NEGOTIATION = "negotiation", _("Negotiation")
        ADMISSION = "admission", _("Admission review")
        SIGNING = "signing", _("Signed")
        PRODUCTION = "production", _("In production")
        TAX = "tax", _("Paying tax")
        LOST = "lost", _("Lost")

    class Source(models.TextChoices):
        RELOCATION = "relocation", _("Relocating from another region")
        CHAIN = "chain", _("Supplier of a leading firm")
        LOCAL = "local", _("Local entrepreneur")
        RETURNEE = "returnee", _("Returning migrant entrepreneur")
        FAIR = "fair", _("Investment fair")
        REFERRAL = "referral", _("Referral")
        OTHER = "other", _("Other")

    name = models.CharField(_("project name"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    company_name = models.CharField(
        _("company name"), max_length=200, help_text=_("Before the firm is registered here")
    )
    industry = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="prospects",
    )
    target_park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("target park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.LEAD)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    origin_region = models.CharField(_("coming from"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prospects",
    )
    # requirements
    land_area_min_m2 = models.FloatField(
        _("land needed, minimum (m²)"), default=0, validators=[MinValueValidator(0)]
    )
    land_area_max_m2 = models.FloatField(
        _("land needed, maximum (m²)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    floor_area_min_m2 = models.FloatField(
        _("floor space needed (m²)"), default=0, validators=[MinValueValidator(0)]
    )
    power_kva = models.FloatField(
        _("power needed (kVA)"), default=0, validators=[MinValueValidator(0)]
    )
    water_t_per_day = models.FloatField(
        _("water needed (t/day)"), default=0, validators=[MinValueValidator(0)]
    )
    max_rent_cny_per_m2_month = models.DecimalField(
        _("rent budget (CNY/m²/month)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    jobs_needed = models.PositiveIntegerField(_("workers needed"), default=0)
    annual_energy_tce = models.FloatField(
        _("expected energy use (tce/year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # commitments
    investment_cny = models.DecimalField(
        _("committed investment (CNY)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    committed_jobs = models.PositiveIntegerField(_("committed jobs"), default=0)
    committed_tax_cny_per_year = models.DecimalField(
        _("committed tax (CNY/year)"),
        max_digits=16,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = RestrictedManager()
    scope = Scope(
        region="region", park="target_park", edit=frozenset({Role.OFFICIAL, Role.INVESTMENT})
    )

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(land_area_max_m2__isnull=True)
                | models.Q(land_area_max_m2__gte=models.F("land_area_min_m2")),
                name="prospect_land_range",
            )
        ]

    def __str__(self) -> str:
        return self.name
