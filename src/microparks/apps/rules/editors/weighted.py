"""A set of named weights (targeting score, matching cost): one number per component."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.rules.editors.base import (
    Number,
    WeightGroup,
    as_map,
    branch,
    graft,
    initial_number,
    put,
)


def weights_form(components: Mapping[str, Any]) -> type[forms.Form]:
    """A form with one weight per component, labelled in the user's language."""
    fields = {name: Number(label=label, min_value=0) for name, label in components.items()}
    return type("WeightsForm", (forms.Form,), fields)


def weights_initial(base: Mapping[str, Any], components: Mapping[str, Any]) -> dict[str, Any]:
    """The weights the document gives (blank for a component it leaves out)."""
    given = as_map(base.get("weights"))
    return {name: initial_number(given.get(name)) for name in components}


def apply_weights(out: dict[str, Any], cleaned: Mapping[str, Any]) -> None:
    """Write the weights; a blank or zero weight of a component left out stays out."""
    weights = branch(out, "weights")
    for name, value in cleaned.items():
        put(weights, name, value, absent=0.0)
    graft(out, "weights", weights)


def weight_group(form: forms.Form) -> WeightGroup:
    """The shares of every weight of ``form``, rescaled to sum to 1."""
    names = tuple(form[name].html_name for name in form.fields)
    return WeightGroup(str(_("Sum of the weights")), names, 1.0)
