"""A county's targeting inputs that are not in any statistics file: endowments and chain targets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel
from microparks.apps.bounds import ABUNDANCE, range_constraints

EDITORS = frozenset({Role.OFFICIAL, Role.INVESTMENT})


class CountyEndowment(TimeStampedModel):
    """A farm product, craft, resource or labour pool of a county (资源禀赋), e.g. 茶叶."""

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.CASCADE,
        related_name="endowments",
    )
    endowment = models.CharField(
        _("endowment"),
        max_length=40,
        help_text=_("Key or Chinese name from the endowment table, e.g. tea or 茶叶"),
    )
    abundance = models.FloatField(
        _("abundance"),
        default=1.0,
        validators=ABUNDANCE.validators,
        help_text=_("From 0.01 (a little) to 1 (abundant)"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RestrictedManager()
    scope = Scope(region="region", edit=EDITORS)

    class Meta:
        verbose_name = _("county endowment")
        verbose_name_plural = _("county endowments")
        ordering = ["region", "endowment"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "endowment"], name="unique_endowment_per_county"
            ),
            *range_constraints(abundance=ABUNDANCE),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.endowment}"

    def clean(self) -> None:
        from microparks.apps.targeting.services import endowment_links

        known = {lk.endowment for lk in endowment_links()} | {
            lk.name_zh for lk in endowment_links()
        }
        if self.endowment not in known:
            raise ValidationError(
                {
                    "endowment": _("Unknown endowment; use one of: %(names)s")
                    % {"names": ", ".join(sorted({lk.name_zh for lk in endowment_links()}))}
                }
            )


class ChainTarget(TimeStampedModel):
    """A leading industry of the county, or the industry of an anchor firm of a nearby park."""

    class Kind(models.TextChoices):
        LEADING = "leading", _("Leading industry of the county")
        ANCHOR = "anchor", _("Anchor firm of a nearby large park")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("county"),
        on_delete=models.CASCADE,
        related_name="chain_targets",
    )
    industry = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    where = models.CharField(
        _("park or firm"), max_length=200, blank=True, help_text=_("Named in the reasons")
    )

    objects = RestrictedManager()
    scope = Scope(region="region", edit=EDITORS)

    class Meta:
        verbose_name = _("chain target")
        verbose_name_plural = _("chain targets")
        ordering = ["region", "kind", "industry"]

    def __str__(self) -> str:
        return f"{self.region} · {self.get_kind_display()} · {self.industry}"
