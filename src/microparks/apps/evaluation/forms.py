"""Forms of the evaluation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.enterprises.models import Enterprise
from microparks.apps.evaluation.models import SCHEME_CHOICES, Campaign, Veto


class CampaignForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Campaign
        fields = ["year", "scheme", "objection_days"]


class ObjectionForm(forms.Form):
    text = forms.CharField(label=_("What is wrong, and your evidence"), widget=forms.Textarea)


class DecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    decision = forms.CharField(label=_("Reasons"), widget=forms.Textarea, required=False)


class VetoForm(forms.Form):
    enterprise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Enterprise.objects.none()
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=Veto.Reason.choices)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea)
    reference = forms.CharField(label=_("Document reference"), required=False, max_length=200)

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]


__all__ = ["SCHEME_CHOICES", "CampaignForm", "DecisionForm", "ObjectionForm", "VetoForm"]
