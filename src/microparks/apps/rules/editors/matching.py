"""Matching costs: one weight per cost component, the distance scale and the commuting radius."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.base import Editor, Number, WeightGroup, initial_number, put
from microparks.apps.rules.editors.weighted import (
    apply_weights,
    weight_group,
    weights_form,
    weights_initial,
)


class ScalesForm(forms.Form):
    """How distances and missing data turn into costs."""

    distance_scale_m = Number(
        label=_("Distance that costs half a unit"),
        unit=labels.METRES,
        min_value=0.001,
        placeholder="10000",
    )
    commute_radius_m = Number(
        label=_("Commuting radius"), unit=labels.METRES, min_value=0.001, placeholder="15000"
    )
    missing = Number(
        label=_("Cost of a component when the site's data is missing"),
        unit=labels.SHARE,
        min_value=0,
        max_value=1,
        placeholder="0.5",
    )


class MatchingEditor(Editor):
    """The six cost weights with their shares as typed, and the two distance scales."""

    kind = "matching"
    template = "rules/editors/weights.html"

    def build(self) -> None:
        self.form(weights_form(labels.MATCHING), "w", weights_initial(self.base, labels.MATCHING))
        self.form(
            ScalesForm,
            "scales",
            {k: initial_number(self.base.get(k)) for k in ScalesForm.base_fields},
        )

    def apply(self, out: dict[str, Any]) -> None:
        apply_weights(out, self.parts["w"].cleaned_data)
        for key, value in self.parts["scales"].cleaned_data.items():
            put(out, key, value)

    def weight_groups(self) -> list[WeightGroup]:
        return [weight_group(self.parts["w"])]
