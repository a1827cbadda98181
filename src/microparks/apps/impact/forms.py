from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.impact.models import Spending
from microparks.apps.jobs.uploads import LimitedFileField
from microparks.apps.parks.models import Park


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
    discount_rate = forms.FloatField(
        label=_("Discount rate (%)"), min_value=0.0, max_value=30.0, required=False
    )
    tax_share = forms.FloatField(
        label=_("Share of tax kept by the county"), min_value=0.0, max_value=1.0, required=False
    )

    def __init__(
        self,
        *args: Any,
        years: list[int],
        defaults: dict[str, float],
        partial: list[int] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        year_field: Any = self.fields["year"]
        year_field.choices = [
            (y, _("%(year)d (not over yet)") % {"year": y} if y in (partial or []) else str(y))
            for y in years
        ]
        for name, value in defaults.items():
            self.fields[name].widget.attrs.update({"placeholder": f"{value:g}", "step": "0.01"})


class SpendingForm(forms.ModelForm):  # type: ignore[type-arg]
    """One amount of programme spending, for the official's county."""

    class Meta:
        model = Spending
        fields = ["year", "category", "park", "amount_cny", "source"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        park: Any = self.fields["park"]
        park.queryset = Park.objects.restrict(user).order_by("name")
        park.empty_label = _("whole programme")


class SpendingImportForm(forms.Form):
    """A spending file (CSV or Excel) to add to the county's records."""

    file = LimitedFileField(
        kind="spending",
        label=_("Spending file (CSV or Excel)"),
        help_text=_("Columns: year, category, amount_cny, source, park (optional)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


def _table_file(upload: Any) -> Any:
    if Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
    return upload


class IOTableForm(forms.Form):
    """An input–output table and its concordance for the official's county."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("e.g. 2017 provincial input–output table, 42 sectors"),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Who published it, and where it can be found"),
    )
    table = LimitedFileField(
        kind="spending",
        label=_("Input–output table (CSV or Excel)"),
        help_text=_(
            "Sector rows and the same sector columns (intermediate use), then total_output and "
            "optionally household_consumption; rows labour_income, taxes, employment optional."
        ),
    )
    concordance = LimitedFileField(
        kind="spending",
        label=_("Concordance (CSV or Excel)"),
        help_text=_("Columns code (GB/T 4754 code), sector (the table's), share (optional)."),
    )

    def clean_table(self) -> Any:
        return _table_file(self.cleaned_data["table"])

    def clean_concordance(self) -> Any:
        return _table_file(self.cleaned_data["concordance"])
