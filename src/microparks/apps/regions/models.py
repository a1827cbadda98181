"""Administrative regions: counties and their townships."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Scope, TimeStampedModel
from microparks.apps.bounds import REGION_AREA_KM2, range_constraints
from microparks.apps.json_fields import StrictJSONField
from microparks.apps.validators import validate_polygon

RURAL_INCOME_MAX_CNY = 1_000_000
"""The highest rural per-capita disposable income a county may record (CNY a year)."""


class Region(TimeStampedModel):
    """A county (县/区) or township (乡镇); a deployment may hold several counties."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township")

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("6-digit county or 9-digit township code"),
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    rural_population = models.PositiveIntegerField(_("rural population"), null=True, blank=True)
    working_age_population = models.PositiveIntegerField(
        _("working-age population"), null=True, blank=True
    )
    rural_income_cny = models.PositiveIntegerField(
        _("rural per-capita disposable income (CNY a year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(RURAL_INCOME_MAX_CNY)],
        help_text=_(
            "农村居民人均可支配收入, CNY per person per year, from the statistical bulletin"
        ),
    )
    rural_income_year = models.PositiveSmallIntegerField(
        _("year of the rural income"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    area_km2 = models.FloatField(
        _("area (km²)"), null=True, blank=True, validators=REGION_AREA_KM2.validators
    )
    geometry = StrictJSONField(
        _("geometry"),
        null=True,
        blank=True,
        validators=[validate_polygon],
        help_text=_("GeoJSON Polygon or MultiPolygon in EPSG:4326"),
    )

    objects = RestrictedManager()
    scope = Scope(region="pk", park="parks")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rural_population__lte=models.F("population"))
                | models.Q(rural_population__isnull=True)
                | models.Q(population__isnull=True),
                name="region_rural_le_population",
            ),
            models.CheckConstraint(
                condition=models.Q(rural_income_cny__lte=RURAL_INCOME_MAX_CNY),
                name="region_rural_income_range",
            ),
            *range_constraints(area_km2=REGION_AREA_KM2),
        ]

    def __str__(self) -> str:
        return self.name

    def descendant_ids(self) -> list[int]:
        """Ids of this region and every region below it (breadth-first)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Region.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids
