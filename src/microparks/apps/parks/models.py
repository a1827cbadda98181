"""Micro-industrial parks (小微园区), their factory units (厂房单元) and leases."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel
from microparks.apps.bounds import (
    AREA_M2,
    FLOOR_LOAD_KN_M2,
    HEIGHT_M,
    MONEY_CNY,
    POWER_KVA,
    RENT_CNY_PER_M2_MONTH,
    range_constraints,
)


class Park(TimeStampedModel):
    """A micro-park made of idle sites, positioned on a few target industries."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        BUILDING = "building", _("Under construction")
        OPERATING = "operating", _("Operating")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="parks"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPERATING
    )
    positioning = models.ManyToManyField(
        "industries.Industry",
        verbose_name=_("positioning (target industries)"),
        blank=True,
        related_name="positioned_parks",
    )
    management_body = models.CharField(_("management body"), max_length=200, blank=True)
    opened_date = models.DateField(_("opened"), null=True, blank=True)
    public_investment_cny = models.DecimalField(
        _("public investment (CNY)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=MONEY_CNY.validators,
    )
    description = models.TextField(_("description"), blank=True)

    objects = RestrictedManager()
    scope = Scope(region="region", park="pk", edit=frozenset({Role.OFFICIAL, Role.PARK_MANAGER}))

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["code"]
        constraints = [*range_constraints(public_investment_cny=MONEY_CNY)]

    def __str__(self) -> str:
        return self.name


class ParkUnit(TimeStampedModel):
    """A rentable unit of a park: a factory floor, a building or a plot on one of its sites."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        RESERVED = "reserved", _("Reserved")
        LEASED = "leased", _("Leased")
        UNDER_RENOVATION = "renovation", _("Under renovation")

    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="units"
    )
    site = models.ForeignKey(
        "sites.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(_("unit code"), max_length=40)
    floor_area_m2 = models.FloatField(_("floor area (m²)"), validators=AREA_M2.validators)
    land_area_m2 = models.FloatField(_("land area (m²)"), default=0, validators=AREA_M2.validators)
    ceiling_height_m = models.FloatField(
        _("ceiling height (m)"), null=True, blank=True, validators=HEIGHT_M.validators
    )
    floor_load_kn_m2 = models.FloatField(
        _("floor load (kN/m²)"), null=True, blank=True, validators=FLOOR_LOAD_KN_M2.validators
    )
    power_capacity_kva = models.FloatField(
        _("power capacity (kVA)"), default=0, validators=POWER_KVA.validators
    )
    rent_cny_per_m2_month = models.DecimalField(
        _("rent (CNY/m²/month)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=RENT_CNY_PER_M2_MONTH.validators,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AVAILABLE
    )

    objects = RestrictedManager()
    scope = Scope(
        region="park__region", park="park", edit=frozenset({Role.OFFICIAL, Role.PARK_MANAGER})
    )

    class Meta:
        verbose_name = _("park unit")
        verbose_name_plural = _("park units")
        ordering = ["park", "code"]
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="unique_unit_code_per_park"),
            *range_constraints(
                floor_area_m2=AREA_M2,
                land_area_m2=AREA_M2,
                ceiling_height_m=HEIGHT_M,
                floor_load_kn_m2=FLOOR_LOAD_KN_M2,
                power_capacity_kva=POWER_KVA,
                rent_cny_per_m2_month=RENT_CNY_PER_M2_MONTH,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.park.name} {self.code}"

    def clean(self) -> None:
        if self.site_id and self.park_id and self.site.park_id != self.park_id:
            raise ValidationError({"site": _("The site does not belong to this park.")})


class Lease(TimeStampedModel):
    """An enterprise's lease of a unit (or of land on a site) in a park."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="leases",
    )
    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.PROTECT, related_name="leases"
    )
    site = models.ForeignKey(
        "sites.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="leases"
    )
    unit = models.ForeignKey(
        ParkUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="leases",
    )
    land_area_m2 = models.FloatField(
        _("land area (m²)"),
        validators=AREA_M2.validators,
        help_text=_("Land attributed to the tenant, for per-mu evaluation"),
    )
    floor_area_m2 = models.FloatField(
        _("floor area (m²)"), default=0, validators=AREA_M2.validators
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    rent_cny_per_year = models.DecimalField(
        _("rent (CNY/year)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=MONEY_CNY.validators,
    )

    objects = RestrictedManager()
    scope = Scope(
        region="park__region",
        park="park",
        enterprise="enterprise",
        edit=frozenset({Role.OFFICIAL, Role.PARK_MANAGER}),
    )

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["park", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="lease_end_after_start",
            ),
            *range_constraints(
                land_area_m2=AREA_M2, floor_area_m2=AREA_M2, rent_cny_per_year=MONEY_CNY
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.park}"

    def clean(self) -> None:
        errors = {}
        if self.site_id and self.park_id and self.site.park_id != self.park_id:
            errors["site"] = _("The site does not belong to this park.")
        if self.unit is not None and self.site_id and self.unit.site_id != self.site_id:
            errors["unit"] = _("The unit is not on this site.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The lease ends before it starts.")
        if errors:
            raise ValidationError(errors)
