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


class InputOutputTable(TimeStampedModel):
    """An input–output table and its industry concordance, uploaded by a county's official.

    Every upload is kept; the impact pages of the county's parks use the latest one (and say
    which). The files are stored as uploaded, checked by the same readers as the command line's
    (``io.io_tables``) before they are saved.
    """

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="io_tables",
        help_text=_("The county whose parks' impact uses the table"),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("e.g. 2017 provincial input–output table, 42 sectors"),
    )
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Who published it, and where it can be found")
    )
    table_name = models.CharField(_("table file"), max_length=200)
    table_file = models.BinaryField(_("table file content"))
    concordance_name = models.CharField(_("concordance file"), max_length=200)
    concordance_file = models.BinaryField(_("concordance file content"))
    sectors = models.PositiveIntegerField(_("sectors"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = acting_user(_("uploaded by"))

    objects = RestrictedManager()
    scope = Scope(region="region", edit=frozenset({Role.OFFICIAL}))

    class Meta:
        verbose_name = _("input–output table")
        verbose_name_plural = _("input–output tables")
        ordering = ["region", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
