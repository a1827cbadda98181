"""Employment-assistance workshop runs (帮扶车间认定): a county's year under one policy version.

A :class:`WorkshopRun` evaluates every tenant firm of a county that filed employment records for
the year, under the ``workshop`` rules document in effect (its exact version is kept, PROTECTed);
its :class:`WorkshopResult` rows hold each firm's designation, the criteria with their values
and thresholds, and the subsidy with its breakdown. Results never change: a re-run is a new run
(number 2, 3 … of the county and year), and the pages show the latest by default.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel, acting_user
from microparks.apps.bounds import MONEY_CNY, range_constraints
from microparks.apps.json_fields import StrictJSONField

RUNNERS = frozenset({Role.OFFICIAL})
"""Who runs the designation of their county (the administrator always may)."""
YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def _money(label: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, default=0, validators=MONEY_CNY.validators
    )


class WorkshopRun(TimeStampedModel):
    """One evaluation of a county's firms for a year under one version of its workshop policy."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="workshop_runs",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    number = models.PositiveIntegerField(_("run"), default=1)
    rules = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="workshop_runs",
        limit_choices_to={"kind": "workshop"},
        help_text=_("The exact version of the workshop policy the results were computed with"),
    )
    run_by = acting_user(_("run by"))
    firms = models.PositiveIntegerField(_("firms evaluated"), default=0)
    designated = models.PositiveIntegerField(_("workshops designated"), default=0)
    total_cny = _money(_("total subsidy (CNY)"))

    objects = RestrictedManager()
    scope = Scope(
        region="region",
        park="results__park",
        enterprise="results__enterprise",
        labour="region",
        edit=RUNNERS,
    )

    class Meta:
        verbose_name = _("workshop run")
        verbose_name_plural = _("workshop runs")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "number"], name="workshop_run_unique_number"
            ),
            *range_constraints(total_cny=MONEY_CNY),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} #{self.number}"


class WorkshopResult(models.Model):
    """A firm's designation and subsidy in a run (never changed after the run).

    ``criteria`` is ``[{key, met, value, threshold, required}]`` (values as text, exact);
    ``lines`` ``[{first_worker, workers, per_worker_cny, amount_cny}]``; ``inputs`` the
    quarters evaluated, the months operating and whether the firm was designated before.
    """

    run = models.ForeignKey(
        WorkshopRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="workshop_results",
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="workshop_results",
    )
    designated = models.BooleanField(_("designated"))
    headcount = models.PositiveIntegerField(_("workers (stable count)"))
    local_workers = models.PositiveIntegerField(_("local workers (stable count)"))
    eligible_workers = models.PositiveIntegerField(_("poverty-alleviated workers (stable count)"))
    months_operating = models.PositiveSmallIntegerField(_("months operating"))
    per_worker_cny = _money(_("per-worker subsidy before the cap (CNY)"))
    capped = models.BooleanField(_("capped"), default=False)
    award_cny = _money(_("one-off award (CNY)"))
    total_cny = _money(_("subsidy (CNY)"))
    criteria = StrictJSONField(_("criteria"), default=list)
    lines = StrictJSONField(_("subsidy lines"), default=list, blank=True)
    inputs = StrictJSONField(_("inputs"), default=dict)

    objects = RestrictedManager()
    scope = Scope(
        region="run__region",
        park="park",
        enterprise="enterprise",
        labour="run__region",
    )

    class Meta:
        verbose_name = _("workshop result")
        verbose_name_plural = _("workshop results")
        ordering = ["run", "-designated", "-total_cny", "enterprise__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "enterprise"], name="workshop_result_one_per_firm"
            ),
            *range_constraints(per_worker_cny=MONEY_CNY, award_cny=MONEY_CNY, total_cny=MONEY_CNY),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.run}"
