"""Employment-assistance workshops: criteria, counting months, tiers, cap, award, on-site checks.

The method (stable counts from quarters, marginal or whole tiers) is
:mod:`microparks.core.labour.workshop`; the form edits the numbers of the document.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.rules.editors.base import (
    Editor,
    Number,
    RowForm,
    as_list,
    as_map,
    branch,
    edited_list,
    graft,
    initial_number,
    put,
)

CNY = _("CNY")
PERSONS = _("persons")
MONTHS = _("months")
PERCENT = "%"


def _whole(label: Any, unit: Any, maximum: int | None = None) -> forms.IntegerField:
    widget = forms.NumberInput(attrs={"class": "num", "inputmode": "numeric"})
    field = forms.IntegerField(
        label=label, min_value=0, max_value=maximum, required=False, widget=widget
    )
    field.unit = unit  # type: ignore[attr-defined]
    return field


class CriteriaForm(forms.Form):
    """The designation criteria (blank: not required)."""

    minimum_wage_cny = Number(
        label=_("Minimum monthly wage"), unit=CNY, min_value=0.01, required=True
    )
    months_operating = _whole(_("Months operating at least"), MONTHS)
    workers = _whole(_("Workers at least"), PERSONS)
    poverty_workers = _whole(_("Poverty-alleviated workers at least"), PERSONS)
    poverty_share_pct = Number(
        label=_("Share of poverty-alleviated workers at least"),
        unit=PERCENT,
        min_value=0,
        max_value=100,
    )
    poverty_rule = forms.ChoiceField(
        label=_("Count and share of poverty-alleviated workers"),
        choices=[("both", _("both")), ("either", _("either"))],
    )
    local_share_pct = Number(
        label=_("Share of local workers at least"), unit=PERCENT, min_value=0, max_value=100
    )
    wage_at_least_minimum = forms.BooleanField(
        label=_("Every quarter's average wage at least the minimum wage"), required=False
    )
    months_employed = _whole(_("Workers count when employed at least (months)"), MONTHS, 12)


class SubsidyForm(forms.Form):
    """How tiers apply, the yearly cap and the one-off award."""

    tier_mode = forms.ChoiceField(
        label=_("Tiers"),
        choices=[
            ("marginal", _("each worker at the rate of their rank's tier")),
            ("whole", _("every worker at the rate of the highest tier reached")),
        ],
    )
    cap_per_year_cny = Number(label=_("Cap per workshop a year"), unit=CNY, min_value=0)
    designation_award_cny = Number(label=_("One-off award on designation"), unit=CNY, min_value=0)
    on_site_checks = forms.CharField(
        label=_("Checks on site (one a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TierForm(RowForm):
    """A tier: from which eligible worker on, and the rate per worker a year."""

    from_worker = forms.IntegerField(
        label=_("From worker"),
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "num", "inputmode": "numeric"}),
    )
    per_worker_cny = Number(label=_("Per worker a year"), unit=CNY, min_value=0, required=True)


CRITERIA = ("months_operating", "workers", "poverty_workers", "poverty_share_pct")


class WorkshopEditor(Editor):
    """Criteria, counting, subsidy and the tiers as rows (added, removed)."""

    kind = "workshop"
    template = "rules/editors/workshop.html"

    def build(self) -> None:
        crit = as_map(self.base.get("criteria"))
        initial: dict[str, Any] = {
            "minimum_wage_cny": initial_number(self.base.get("minimum_wage_cny")),
            **{k: initial_number(crit.get(k)) for k in (*CRITERIA, "local_share_pct")},
            "poverty_rule": crit.get("poverty_rule", "both"),
            "wage_at_least_minimum": crit.get("wage_at_least_minimum", True),
            "months_employed": as_map(self.base.get("counting")).get("months_employed", 6),
        }
        self.form(CriteriaForm, "criteria", initial)
        subsidy = as_map(self.base.get("subsidy"))
        checks = "\n".join(str(c) for c in as_list(self.base.get("on_site_checks")))
        self.form(
            SubsidyForm,
            "subsidy",
            {
                "tier_mode": subsidy.get("tier_mode", "marginal"),
                "cap_per_year_cny": initial_number(subsidy.get("cap_per_year_cny")),
                "designation_award_cny": initial_number(subsidy.get("designation_award_cny")),
                "on_site_checks": checks,
            },
        )
        tiers = [as_map(t) for t in as_list(subsidy.get("tiers"))]
        factory = forms.formset_factory(TierForm, extra=0, can_delete=True)
        initial_tiers = [
            {k: initial_number(t.get(k)) for k in ("from_worker", "per_worker_cny")} for t in tiers
        ]
        self.formset(factory, "tiers", initial_tiers)

    def apply(self, out: dict[str, Any]) -> None:
        crit_data = self.parts["criteria"].cleaned_data
        put(out, "minimum_wage_cny", crit_data["minimum_wage_cny"])
        crit = branch(out, "criteria")
        for key in (*CRITERIA, "local_share_pct"):
            put(crit, key, crit_data.get(key))
        put(crit, "poverty_rule", crit_data["poverty_rule"], absent="both")
        put(crit, "wage_at_least_minimum", crit_data["wage_at_least_minimum"], absent=True)
        graft(out, "criteria", crit)
        counting = branch(out, "counting")
        put(counting, "months_employed", crit_data.get("months_employed"), absent=6)
        graft(out, "counting", counting)
        sub_data = self.parts["subsidy"].cleaned_data
        subsidy = branch(out, "subsidy")
        put(subsidy, "tier_mode", sub_data["tier_mode"], absent="marginal")
        for key in ("cap_per_year_cny", "designation_award_cny"):
            put(subsidy, key, sub_data.get(key))

        def write(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
            for key in ("from_worker", "per_worker_cny"):
                put(item, key, cleaned.get(key))

        subsidy["tiers"] = edited_list(subsidy.get("tiers"), self.parts["tiers"], write)
        graft(out, "subsidy", subsidy)
        checks = [line.strip() for line in sub_data["on_site_checks"].splitlines() if line.strip()]
        put(out, "on_site_checks", checks or None)
