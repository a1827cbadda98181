"""Public spending of a county's micro-park programme, entered by officials with its source."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel, acting_user
from microparks.apps.bounds import MONEY_CNY, range_constraints


class Spending(TimeStampedModel):
    """One amount of public money spent on the programme in a year, for the county or a park."""

    class Category(models.TextChoices):
        LAND_PREPARATION = "land_preparation", _("Land preparation")
        RENOVATION = "renovation", _("Renovation of vacant factories")
        SUBSIDY = "subsidy", _("Subsidies to tenants")
        RENT_SUPPORT = "rent_support", _("Rent support")
        SERVICES = "services", _("Park services")
        OTHER = "other", _("Other")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="programme_spending",
        help_text=_("The county whose budget paid"),
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spending",
        help_text=_("Empty for spending on the whole programme"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount_cny = models.DecimalField(
        _("amount (CNY)"), max_digits=16, decimal_places=2, validators=MONEY_CNY.validators
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Budget document, decision number or a note on where the figure comes from"),
    )
    entered_by = acting_user(_("entered by"))

    objects = RestrictedManager()
    scope = Scope(region="region", park="park", edit=frozenset({Role.OFFICIAL}))

    class Meta:
        verbose_name = _("programme spending")
        verbose_name_plural = _("programme spending")
        ordering = ["region", "year", "park", "category"]
        indexes = [models.Index(fields=["region", "year"])]
        constraints = [*range_constraints(amount_cny=MONEY_CNY)]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_category_display()}: {self.amount_cny}"

    def clean(self) -> None:
        """The park must lie in the region that paid."""
        super().clean()
        park = self.park if self.park_id is not None else None
        if park is None or self.region_id is None:
            return
        if park.region_id not in self.region.descendant_ids():
            raise ValidationError({"park": _("The park is not in this region.")})
