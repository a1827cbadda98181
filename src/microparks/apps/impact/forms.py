from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from microparks.apps.impact.models import Spending
from microparks.apps.jobs.uploads import LimitedFileField
from microparks.apps.parks.models import Park
from microparks.io.county_tables import shipped_vocabulary


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


def column(vocabulary: str, key: str) -> str:
    """A file column as a county writes it (the vocabulary's first header).

    The English name, read too, is shown beside it as code.
    """
    header = shipped_vocabulary(vocabulary).fields[key].headers[0]
    return format_html("{} <code>{}</code>", header, key)


def columns(vocabulary: str, keys: list[str], optional: tuple[str, ...] = ()) -> str:
    """The columns ``keys`` (see :func:`column`), those in ``optional`` marked so."""
    marked = _("%(column)s (optional)")
    return _list(
        [
            str(marked % {"column": column(vocabulary, k)})
            if k in optional
            else column(vocabulary, k)
            for k in keys
        ]
    )


def _list(items: list[str]) -> str:
    # Each item is escaped by format_html; the separator is ours.
    return mark_safe(str(pgettext("list separator", ", ")).join(items))


class SpendingImportForm(forms.Form):
    """A spending file (CSV or Excel) to add to the county's records."""

    file = LimitedFileField(kind="spending", label=_("Spending file (CSV or Excel)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = format_html(
            str(_("Columns: {columns}.")),
            columns=columns(
                "spending", ["year", "category", "amount_cny", "source", "park"], ("park",)
            ),
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
    table = LimitedFileField(kind="spending", label=_("Input–output table (CSV or Excel)"))
    concordance = LimitedFileField(kind="spending", label=_("Concordance (CSV or Excel)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["table"].help_text = format_html(
            str(
                _(
                    "The first column {sector} names the sectors, one row each, with the same "
                    "sectors as columns (intermediate use); then the column {output} and "
                    "optionally {consumption}; the rows {rows} are optional."
                )
            ),
            sector=column("io_table", "sector"),
            output=column("io_table", "total_output"),
            consumption=column("io_table", "household_consumption"),
            rows=_list([column("io_table", k) for k in ("labour_income", "taxes", "employment")]),
        )
        # The concordance is read by its English column names only.
        self.fields["concordance"].help_text = format_html(
            str(
                _(
                    "Columns {code} (GB/T 4754 industry code), {sector} (the table's sector) "
                    "and optionally {share} (the share of the industry in that sector)."
                )
            ),
            code=format_html("<code>{}</code>", "code"),
            sector=format_html("<code>{}</code>", "sector"),
            share=format_html("<code>{}</code>", "share"),
        )

    def clean_table(self) -> Any:
        return _table_file(self.cleaned_data["table"])

    def clean_concordance(self) -> Any:
        return _table_file(self.cleaned_data["concordance"])
