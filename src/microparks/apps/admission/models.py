"""The admission gate in the database: declarations and decisions.

The rules are rules documents of kind ``admission`` (:mod:`microparks.apps.rules`): the
platform's, a county's or a park's, in versions. Every decision points to the exact version it
applied, which never changes afterwards.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.base import RestrictedManager, Role, Scope, TimeStampedModel, acting_user
from microparks.apps.bounds import (
    ELECTRICITY_KWH,
    OUTPUT_CNY,
    POLLUTANT_T,
    WATER_T,
    range_constraints,
)
from microparks.apps.json_fields import StrictJSONField
from microparks.core.admission import POLLUTANTS


class Outcome(models.TextChoices):
    ADMIT = "admit", _("Admit")
    CONDITIONS = "admit_with_conditions", _("Admit with conditions")
    REFER = "refer", _("Refer for review")
    REJECT = "reject", _("Reject")


PASSING = frozenset({Outcome.ADMIT, Outcome.CONDITIONS})


class Declaration(TimeStampedModel):
    """What a prospect declares for the gate beyond its pipeline data. Empty = not declared."""

    prospect = models.OneToOneField(
        "attraction.Prospect",
        verbose_name=_("prospect"),
        on_delete=models.CASCADE,
        related_name="declaration",
    )
    extra_industry_codes = StrictJSONField(
        _("further industry codes"),
        default=list,
        blank=True,
        help_text=_("GB/T 4754 codes of further activities of a composite project"),
    )
    annual_electricity_kwh = models.FloatField(
        _("electricity use (kWh/year)"),
        null=True,
        blank=True,
        validators=ELECTRICITY_KWH.validators,
    )
    output_cny = models.FloatField(
        _("output at full production (CNY/year)"),
        null=True,
        blank=True,
        validators=OUTPUT_CNY.validators,
    )
    water_m3 = models.FloatField(
        _("water use (m³/year)"), null=True, blank=True, validators=WATER_T.validators
    )
    cod_t = models.FloatField(
        _("COD (t/year)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    nh3_n_t = models.FloatField(
        _("ammonia nitrogen (t/year)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    so2_t = models.FloatField(
        _("SO2 (t/year)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    nox_t = models.FloatField(
        _("NOx (t/year)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    vocs_t = models.FloatField(
        _("VOCs (t/year)"), null=True, blank=True, validators=POLLUTANT_T.validators
    )
    processes = StrictJSONField(
        _("processes"),
        null=True,
        blank=True,
        help_text=_('List of processes, e.g. ["electroplating"]; [] declares none'),
    )
    materials = StrictJSONField(
        _("materials"),
        null=True,
        blank=True,
        help_text=_('List of materials, e.g. ["chromium"]; [] declares none'),
    )
    hazardous_chemicals_t = models.FloatField(
        _("hazardous chemicals stored (t)"),
        null=True,
        blank=True,
        validators=POLLUTANT_T.validators,
    )
    site_sensitivity = models.CharField(
        _("site sensitivity"),
        max_length=40,
        blank=True,
        help_text=_("Sensitivity class of the chosen site, e.g. general or sensitive"),
    )

    objects = RestrictedManager()
    scope = Scope(
        region="prospect__region",
        park="prospect__target_park",
        edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}),
    )

    class Meta:
        verbose_name = _("admission declaration")
        verbose_name_plural = _("admission declarations")
        constraints = [
            *range_constraints(
                annual_electricity_kwh=ELECTRICITY_KWH,
                output_cny=OUTPUT_CNY,
                water_m3=WATER_T,
                cod_t=POLLUTANT_T,
                nh3_n_t=POLLUTANT_T,
                so2_t=POLLUTANT_T,
                nox_t=POLLUTANT_T,
                vocs_t=POLLUTANT_T,
                hazardous_chemicals_t=POLLUTANT_T,
            )
        ]

    def __str__(self) -> str:
        return str(self.prospect)

    def clean(self) -> None:
        from microparks.apps.industries.models import Industry

        errors: dict[str, Any] = {}
        for key in ("processes", "materials"):
            value = getattr(self, key)
            if value is not None and not (
                isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
            ):
                errors[key] = _("Enter a list of names.")
        codes = self.extra_industry_codes
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            errors["extra_industry_codes"] = _("Enter a list of industry codes.")
        else:
            known = set(Industry.objects.filter(code__in=codes).values_list("code", flat=True))
            unknown = [c for c in codes if c not in known]
            if unknown:
                errors["extra_industry_codes"] = _("Unknown industry codes: %(codes)s") % {
                    "codes": ", ".join(unknown)
                }
        if errors:
            raise ValidationError(errors)

    def emissions(self) -> dict[str, float | None]:
        """Declared emissions by pollutant (``None`` where not declared)."""
        return {p: getattr(self, f"{p}_t") for p in POLLUTANTS}


class Decision(models.Model):
    """One run of the gate for a prospect: the decision with its rules and inputs."""

    prospect = models.ForeignKey(
        "attraction.Prospect",
        verbose_name=_("prospect"),
        on_delete=models.CASCADE,
        related_name="admission_decisions",
    )
    rules = models.ForeignKey(
        "rules.RulesDocument",
        verbose_name=_("rules applied"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission_decisions",
        help_text=_("The exact version of the admission rules (empty only for old decisions)"),
    )
    rule_set_name = models.CharField(_("rule set"), max_length=100)
    rule_set_version = models.CharField(_("rule set version"), max_length=40)
    outcome = models.CharField(_("decision"), max_length=24, choices=Outcome.choices)
    result = StrictJSONField(_("decision with reasons"))
    inputs = StrictJSONField(_("inputs"))
    inputs_hash = models.CharField(_("inputs hash (SHA-256)"), max_length=64)
    decided_by = acting_user(_("run by"))
    decided_at = models.DateTimeField(_("run at"), auto_now_add=True, db_index=True)

    objects = RestrictedManager()
    scope = Scope(
        region="prospect__region",
        park="prospect__target_park",
        edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}),
    )

    class Meta:
        verbose_name = _("admission decision")
        verbose_name_plural = _("admission decisions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prospect} — {self.get_outcome_display()}"

    @property
    def passed(self) -> bool:
        """Whether the decision lets the prospect sign."""
        return self.outcome in PASSING


DECISION_SCOPE = Scope(
    region="decision__prospect__region",
    park="decision__prospect__target_park",
    edit=frozenset({Role.OFFICIAL, Role.INVESTMENT}),
)
"""Who sees and acts on what hangs off a decision: the scope of its prospect."""


class GateOverride(models.Model):
    """A reject let past the gate by a role the rule set allows, with the written reason.

    It holds for its decision only: new data or new rules make a new decision, and a new
    reject needs a new override.
    """

    decision = models.OneToOneField(
        Decision,
        verbose_name=_("admission decision"),
        on_delete=models.CASCADE,
        related_name="override",
    )
    reason = models.TextField(_("reason for the override"))
    by = acting_user(_("overridden by"))
    at = models.DateTimeField(_("overridden at"), auto_now_add=True)

    objects = RestrictedManager()
    scope = DECISION_SCOPE

    class Meta:
        verbose_name = _("admission override")
        verbose_name_plural = _("admission overrides")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="override_has_reason")
        ]

    def __str__(self) -> str:
        return str(self.decision)


def evidence_path(instance: ConditionCheck, filename: str) -> str:
    return f"admission/{instance.decision_id}/{filename}"


class ConditionCheck(models.Model):
    """A condition of an ``admit_with_conditions`` decision, marked met with its evidence."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("admission decision"),
        on_delete=models.CASCADE,
        related_name="condition_checks",
    )
    condition_key = models.CharField(
        _("admission condition"),
        max_length=100,
        help_text=_("The id of the rule that set the condition"),
    )
    evidence = models.TextField(_("evidence"), blank=True)
    attachment = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=300, blank=True
    )
    met_by = acting_user(_("marked met by"))
    met_at = models.DateTimeField(_("marked met at"), auto_now_add=True)

    objects = RestrictedManager()
    scope = DECISION_SCOPE

    class Meta:
        verbose_name = _("condition met")
        verbose_name_plural = _("conditions met")
        ordering = ["met_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "condition_key"], name="condition_checked_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(evidence="", attachment=""), name="condition_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.condition_key}"
