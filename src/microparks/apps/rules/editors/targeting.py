"""Targeting weights: one weight per component of the industry score, and the non-tradables."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.industries.widgets import IndustryPicker
from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.base import Editor, WeightGroup, put
from microparks.apps.rules.editors.weighted import (
    apply_weights,
    weight_group,
    weights_form,
    weights_initial,
)
from microparks.io.rules.weights import default_non_tradable

# Officials type codes as they would write them: "K P Q", "K, P, Q", "K、P、Q" or "K，P".
_SEPARATORS = re.compile(r"[\s,，、;；]+")


class NonTradableForm(forms.Form):
    """The GB/T 4754 codes kept off the target list, as one line of text."""

    non_tradable = forms.CharField(
        label=_("Non-tradable industries (not targets)"),
        required=False,
        help_text=_(
            "GB/T 4754 codes separated by spaces or commas (a section covers its divisions), "
            "e.g. K P Q. They stay in the ranking table, unranked, marked as not targets. "
            "Leave blank to exclude none."
        ),
        widget=IndustryPicker(attrs={"size": 60}, multiple=True),
    )

    def clean_non_tradable(self) -> list[str]:
        """The codes in the order typed (the document check names any that is not a code)."""
        text = self.cleaned_data.get("non_tradable") or ""
        return [code for code in _SEPARATORS.split(text.strip()) if code]


def _initial_codes(base: dict[str, Any]) -> str:
    """The document's list, or the shipped one its parser applies when it states none."""
    listed = base.get("non_tradable") if "non_tradable" in base else default_non_tradable()
    return " ".join(str(code) for code in listed or ())


class TargetingEditor(Editor):
    """The six weights of the targeting score, with their shares as typed; the non-tradables."""

    kind = "targeting"
    template = "rules/editors/weights.html"

    def build(self) -> None:
        self.form(weights_form(labels.TARGETING), "w", weights_initial(self.base, labels.TARGETING))
        self.form(NonTradableForm, "trade", {"non_tradable": _initial_codes(self.base)})

    def apply(self, out: dict[str, Any]) -> None:
        apply_weights(out, self.parts["w"].cleaned_data)
        codes = self.parts["trade"].cleaned_data["non_tradable"]
        # A document without the list keeps it out while the shipped list is what is typed.
        put(out, "non_tradable", codes, absent=list(default_non_tradable()))

    def weight_groups(self) -> list[WeightGroup]:
        return [weight_group(self.parts["w"])]
