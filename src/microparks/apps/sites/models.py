"""Idle assets: idle land parcels (闲置土地) and vacant factories (闲置厂房)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel
from microparks.apps.bounds import (
    AREA_M2,
    MONEY_CNY,
    POWER_KVA,
    RENT_CNY_PER_M2_MONTH,
    WATER_T_PER_DAY,
    range_constraints,
)
from microparks.apps.json_fields import StrictJSONField
from microparks.apps.revisioned import Revisioned
from microparks.apps.validators import validate_site_location
from microparks.core.geometry import LocationKind, location_kind
from microparks.core.units import M2_PER_MU

SENSITIVITY_ALIASES = {
    "否": "general",
    "无": "general",
    "一般": "general",
    "非环境敏感区": "general",
    "国家公园": "protected_area",
    "自然保护区": "protected_area",
    "风景名胜区": "protected_area",
    "世界文化和自然遗产地": "protected_area",
    "饮用水水源保护区": "drinking_water",
    "生态保护红线": "ecological_red_line",
    "永久基本农田": "basic_farmland",
    "基本草原": "basic_farmland",
    "自然公园": "other_ecological",
    "重要湿地": "other_ecological",
    "天然林": "other_ecological",
    "居住区": "residential",
    "居住、医疗卫生、文化教育、科研、行政办公区": "residential",
    "文物保护单位": "cultural_relic",
}
"""Chinese names of the sensitivity kinds (2021 EIA list, art. 3) that import files may use."""


class Site(Revisioned, TimeStampedModel):
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

    class Sensitivity(models.TextChoices):
        """Environmental sensitivity as article 3 of the 2021 EIA classification list has it.

        The codes are those of ``microparks.core.admission.SENSITIVE_AREAS`` (and ``general``),
        the site classes of the admission rule sets.
        """

        GENERAL = "general", _("Not in an environmentally sensitive area")
        PROTECTED_AREA = (
            "protected_area",
            _("National park, nature reserve, scenic area or heritage site (art. 3(1))"),
        )
        DRINKING_WATER = "drinking_water", _("Drinking-water source protection zone (art. 3(1))")
        ECOLOGICAL_RED_LINE = "ecological_red_line", _("Ecological protection red line (art. 3(2))")
        BASIC_FARMLAND = (
            "basic_farmland",
            _("Permanent basic farmland or basic grassland (art. 3(2))"),
        )
        OTHER_ECOLOGICAL = (
            "other_ecological",
            _("Natural park, important wetland, natural forest or key habitat (art. 3(2))"),
        )
        RESIDENTIAL = (
            "residential",
            _(
                "Area mainly for housing, health care, education, research or administration "
                "(art. 3(3))"
            ),
        )
        CULTURAL_RELIC = "cultural_relic", _("Protected cultural relic (art. 3(3))")

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
    geometry = StrictJSONField(
        _("geometry"),
        validators=[validate_site_location],
        help_text=_(
            "GeoJSON in EPSG:4326: a Point (a ledger's 经度/纬度 or X/Y) or the parcel's "
            "Polygon or MultiPolygon"
        ),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    land_area_m2 = models.FloatField(_("land area (m²)"), validators=AREA_M2.validators)
    floor_area_m2 = models.FloatField(
        _("floor area (m²)"), default=0, validators=AREA_M2.validators
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
        _("power capacity (kVA)"), default=0, validators=POWER_KVA.validators
    )
    water_supply_t_per_day = models.FloatField(
        _("water supply (t/day)"), default=0, validators=WATER_T_PER_DAY.validators
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
        validators=RENT_CNY_PER_M2_MONTH.validators,
    )
    asking_price_cny = models.DecimalField(
        _("asking price (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY_CNY.validators,
    )
    eia_sensitivity = models.CharField(
        _("environmental sensitivity (EIA)"),
        max_length=24,
        choices=Sensitivity.choices,
        blank=True,
        help_text=_(
            "Kind of environmentally sensitive area the site lies in, as the 2021 EIA "
            "classification list names them; empty: not assessed"
        ),
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
        # Deleting a department or a user empties its links through the base manager: counted.
        base_manager_name = "objects"
        ordering = ["code"]
        constraints = [
            *range_constraints(
                land_area_m2=AREA_M2,
                floor_area_m2=AREA_M2,
                power_capacity_kva=POWER_KVA,
                water_supply_t_per_day=WATER_T_PER_DAY,
                asking_rent_cny_per_m2_month=RENT_CNY_PER_M2_MONTH,
                asking_price_cny=MONEY_CNY,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def sensitivity_code(cls, text: str) -> str:
        """The :class:`Sensitivity` code of ``text``, a code or a Chinese name.

        Import files may use the Chinese names (``饮用水水源保护区``, ``生态保护红线``, ``否`` …);
        other text is returned as is, for validation to refuse it by name.
        """
        value = text.strip()
        return SENSITIVITY_ALIASES.get(value, value.lower() if value.isascii() else value)

    @property
    def land_area_mu(self) -> float:
        """Land area in mu (1 mu = 10000/15 m²), the unit Chinese officials use."""
        return self.land_area_m2 / M2_PER_MU

    @property
    def location_kind(self) -> LocationKind | None:
        """``point`` (a ledger's coordinates) or ``outline`` (a parcel polygon); None if unset."""
        return location_kind(self.geometry)
