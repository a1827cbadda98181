"""Idle assets: idle land parcels (闲置土地) and vacant factories (闲置厂房)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel
from microparks.apps.validators import validate_polygon

M2_PER_MU = 10000 / 15


class Site(TimeStampedModel):
    """An idle land parcel or vacant factory that may become (part of) a micro-park."""

    class Kind(models.TextChoices):
        IDLE_LAND = "idle_land", _("Idle land")
        VACANT_FACTORY = "vacant_factory", _("Vacant factory")

    class Ownership(models.TextChoices):
        STATE = "state", _("State-owned")
        COLLECTIVE = "collective", _("Village collective")
        ENTERPRISE = "enterprise", _("Enterprise-owned")
        PRIVATE = "private", _("Private")
        UNKNOWN = "unknown", _("Unknown")

    class Designation(models.TextChoices):
        INDUSTRIAL = "industrial", _("Industrial")
        WAREHOUSING = "warehousing", _("Warehousing and logistics")
        COMMERCIAL = "commercial", _("Commercial")
        MIXED = "mixed", _("Mixed use")
        RURAL_CONSTRUCTION = "rural_construction", _("Rural collective construction land")
        AGRICULTURAL = "agricultural", _("Agricultural")
        UNPLANNED = "unplanned", _("Not yet designated")

    class Condition(models.TextChoices):
        GOOD = "good", _("Good, usable as is")
        FAIR = "fair", _("Fair, needs renovation")
        POOR = "poor", _("Poor, major repair")
        DERELICT = "derelict", _("Derelict, demolish")
        VACANT_LAND = "vacant_land", _("Vacant land")

    class RoadAccess(models.TextChoices):
        NONE = "none", _("No road")
        VILLAGE = "village", _("Village road")
        COUNTY = "county", _("County road")
        PROVINCIAL = "provincial", _("Provincial or national road")
        EXPRESSWAY = "expressway", _("Near an expressway exit")

    class Status(models.TextChoices):
        IDLE = "idle", _("Idle")
        ASSESSING = "assessing", _("Under assessment")
        PLANNED = "planned", _("Planned for a park")
        IN_PARK = "in_park", _("In a park")
        LEASED = "leased", _("Leased")
        EXCLUDED = "excluded", _("Excluded")

    code = models.CharField(_("asset code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="sites"
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sites",
    )
    geometry = models.JSONField(
        _("geometry"),
        validators=[validate_polygon],
        help_text=_("GeoJSON Polygon or MultiPolygon in EPSG:4326"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    land_area_m2 = models.FloatField(_("land area (m²)"), validators=[MinValueValidator(0)])
    floor_area_m2 = models.FloatField(
        _("floor area (m²)"), default=0, validators=[MinValueValidator(0)]
    )
    ownership = models.CharField(
        _("ownership"), max_length=12, choices=Ownership.choices, default=Ownership.UNKNOWN
    )
    planning_designation = models.CharField(
        _("planning designation"),
        max_length=20,
        choices=Designation.choices,
        default=Designation.UNPLANNED,
    )
    condition = models.CharField(_("condition"), max_length=12, choices=Condition.choices)
    building_year = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)
    power_capacity_kva = models.FloatField(
        _("power capacity (kVA)"), default=0, validators=[MinValueValidator(0)]
    )
    water_supply_t_per_day = models.FloatField(
        _("water supply (t/day)"), default=0, validators=[MinValueValidator(0)]
    )
    road_access = models.CharField(
        _("road access"), max_length=12, choices=RoadAccess.choices, default=RoadAccess.VILLAGE
    )
    asking_rent_cny_per_m2_month = models.DecimalField(
        _("asking rent (CNY/m²/month)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    asking_price_cny = models.DecimalField(
        _("asking price (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDLE
    )
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = RestrictedManager()
    scope = Scope(region="region", park="park", edit=frozenset({Role.OFFICIAL, Role.PARK_MANAGER}))

    class Meta:
        verbose_name = _("idle asset")
        verbose_name_plural = _("idle assets")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(land_area_m2__gte=0) & models.Q(floor_area_m2__gte=0),
                name="site_areas_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def land_area_mu(self) -> float:
        """Land area in mu (1 mu = 10000/15 m²), the unit Chinese officials use."""
        return self.land_area_m2 / M2_PER_MU
