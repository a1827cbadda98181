"""Forms of the evaluation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from microparks.apps.common.revision_forms import seen_field
from microparks.apps.enterprises.models import VALUE_FIELDS, AnnualRecord, Enterprise
from microparks.apps.evaluation.models import Campaign, Objection, Veto
from microparks.apps.jobs.uploads import LimitedFileField
from microparks.apps.rules.models import RulesDocument
from microparks.apps.rules.services import choices
from microparks.core.units import TCE_PER_KWH


class CampaignForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new campaign: year, the scheme (a version in effect for the county), window."""

    class Meta:
        model = Campaign
        fields = ["year", "rules", "objection_days"]
        labels = {"rules": _("Scheme")}

    def __init__(self, *args: Any, region: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = choices("evaluation", region)
        field: Any = self.fields["rules"]
        field.queryset = RulesDocument.objects.filter(pk__in=[d.pk for d in offered])
        field.label_from_instance = lambda doc: f"{doc.label} · {doc.where}"
        field.help_text = _("The schemes in effect for your county; edit them under Rules.")


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("What is wrong, and your evidence"), widget=forms.Textarea)
    attachment = forms.FileField(
        label=_("Evidence file (optional)"),
        required=False,
        help_text=_("PDF, image, Word, Excel or text; checked like a service request's files."),
    )


class DecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", Objection.Status.UPHELD.label), ("0", Objection.Status.REJECTED.label)],
        coerce=lambda v: v == "1",
    )
    decision = forms.CharField(label=_("Reasons"), widget=forms.Textarea, required=False)


class VetoForm(forms.Form):
    # The firm by its unified social credit code in a text box: a province's campaign covers
    # thousands of firms, far too many for a drop-down (a select of every tenant at 100x).
    enterprise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Enterprise (unified social credit code)"),
        queryset=Enterprise.objects.none(),
        to_field_name="credit_code",
        widget=forms.TextInput(attrs={"maxlength": 18}),
        error_messages={"invalid_choice": _("No tenant of this county has this credit code.")},
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=Veto.Reason.choices)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea)
    reference = forms.CharField(label=_("Document reference"), required=False, max_length=200)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]


class AnnualRecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """A firm's figures for a year; a draft may be incomplete, a submission may not.

    Besides each field's own checks, impossible combinations are refused with the field named:
    value added above gross output, local or rural jobs above jobs, R&D above revenue, and
    energy use below what the reported electricity alone amounts to.
    """

    revision_seen = seen_field()  # the record's, when it exists: a submission writes into it

    class Meta:
        model = AnnualRecord
        fields = list(VALUE_FIELDS)

    def __init__(self, *args: Any, draft: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MinValueValidator(0, _("Must not be negative.")))
            if draft:
                field.required = False

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}

        def both(a: str, b: str) -> bool:
            return data.get(a) is not None and data.get(b) is not None

        if both("value_added_cny", "output_cny") and data["value_added_cny"] > data["output_cny"]:
            self.add_error("value_added_cny", _("Value added cannot exceed gross output."))
        for part in ("local_jobs", "rural_jobs"):
            if both(part, "jobs") and data[part] > data["jobs"]:
                self.add_error(part, _("Cannot exceed the number of jobs."))
        if both("rd_spend_cny", "revenue_cny") and data["rd_spend_cny"] > data["revenue_cny"]:
            self.add_error("rd_spend_cny", _("R&D spending cannot exceed revenue."))
        # Electricity at its calorific value is the least energy use a firm can report.
        if (
            both("energy_tce", "electricity_kwh")
            and data["energy_tce"] < data["electricity_kwh"] * TCE_PER_KWH * 0.99
        ):
            self.add_error(
                "energy_tce",
                _("Energy use must include electricity: at least %(tce).1f tce for the kWh given.")
                % {"tce": data["electricity_kwh"] * TCE_PER_KWH},
            )
        return data

    def _post_clean(self) -> None:
        # The record's own checks run when it is saved (services.submissions.submit); a draft
        # is not a record yet and its missing fields must not be reported here.
        return


class ReviewStepForm(forms.Form):
    """An official's step on a record (accept, return, correct, unlock), from the page shown.

    It carries the record's revision the page showed: a step taken on figures someone has
    changed since is refused with what changed (the view checks it).
    """

    revision_seen = seen_field()


class AcceptForm(ReviewStepForm):
    pass


class ReturnForm(ReviewStepForm):
    comment = forms.CharField(label=_("What should the enterprise change?"), widget=forms.Textarea)


class CorrectionForm(ReviewStepForm):
    field = forms.ChoiceField(label=_("Figure"), choices=())
    value = forms.DecimalField(
        label=_("Correct value"), min_value=0, max_digits=16, decimal_places=4
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {f.name: f.verbose_name for f in AnnualRecord._meta.fields}
        self.fields["field"].choices = [(f, labels[f]) for f in VALUE_FIELDS]  # type: ignore[attr-defined]


class UnlockForm(ReviewStepForm):
    reason = forms.CharField(label=_("Reason for unlocking"), max_length=500)


class BureauUploadForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (AnnualRecord.Source.TAX_BUREAU.value, AnnualRecord.Source.TAX_BUREAU.label),
            (AnnualRecord.Source.POWER.value, AnnualRecord.Source.POWER.label),
        ],
    )
    file = LimitedFileField(label=_("File (credit code, year, tax and/or kWh)"), kind="evaluation")
