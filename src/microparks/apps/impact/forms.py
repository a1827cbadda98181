from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class AssumptionsForm(forms.Form):
    """The editable assumptions of the impact page (not stored: a what-if)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    deadweight = forms.FloatField(
        label=_("Deadweight"), min_value=0.0, max_value=0.95, required=False
    )
    displacement = forms.FloatField(
        label=_("Displacement"), min_value=0.0, max_value=0.95, required=False
    )
    leakage = forms.FloatField(label=_("Leakage"), min_value=0.0, max_value=0.95, required=False)
    seed = forms.IntegerField(label=_("Random seed"), min_value=0, required=False)

    def __init__(self, *args: Any, years: list[int], defaults: dict[str, float], **kwargs: Any):
        super().__init__(*args, **kwargs)
        year_field: Any = self.fields["year"]
        year_field.choices = [(y, str(y)) for y in years]
        for name, value in defaults.items():
            self.fields[name].widget.attrs.update({"placeholder": f"{value:g}", "step": "0.01"})
