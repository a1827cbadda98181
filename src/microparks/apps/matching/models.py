"""A saved matching: the county's assignment as it was computed, kept unchanged.

The matching pages compute the plan live from the current prospects, places and the matching
document in effect. An official may save one: the inputs as they were (each prospect's and
place's rows), the assignment with its costs, the recommendations, and the exact version of the
matching document used. A saved run never changes and its page re-renders from these alone.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, acting_user
from microparks.apps.bounds import DERIVED, range_constraints
from microparks.apps.json_fields import StrictJSONField

SAVERS = frozenset({Role.OFFICIAL, Role.INVESTMENT})
"""Who may save a matching of their county and open the saved ones."""


class MatchingRun(models.Model):
    """One saved matching of a county (immutable)."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.CASCADE,
        related_name="matching_runs",
    )
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("saved from the page of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rules = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("rules document"),
        on_delete=models.PROTECT,
        related_name="matching_runs",
    )
    created_by = acting_user(_("saved by"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    fixed = StrictJSONField(_("locked pairs"), default=dict, blank=True)
    reserved = StrictJSONField(_("reserved places"), default=list, blank=True)
    prospects = StrictJSONField(_("prospects as they were"), default=list)
    places = StrictJSONField(_("places as they were"), default=list)
    assignment = StrictJSONField(_("assignment"), default=list)
    recommendations = StrictJSONField(_("recommendations"), default=list)
    shortlists = StrictJSONField(_("best prospects of each place"), default=list)
    total_cost = models.FloatField(_("total cost"), validators=DERIVED.validators)
    proven_optimal = models.BooleanField(_("proven optimal"), default=False)
    input_hash = models.CharField(_("SHA-256 of the inputs"), max_length=64)

    objects = RestrictedManager()
    scope = Scope(region="region", edit=SAVERS)

    class Meta:
        verbose_name = _("saved matching")
        verbose_name_plural = _("saved matchings")
        ordering = ["-created_at", "-pk"]
        constraints = [*range_constraints(total_cost=DERIVED)]

    def __str__(self) -> str:
        return f"{self.region} · {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and MatchingRun.objects.filter(pk=self.pk).exists():
            raise ValidationError(_("A saved matching never changes; save a new one."))
        super().save(*args, **kwargs)
