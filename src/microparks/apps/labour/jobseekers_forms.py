"""The job seeker's form: what matching needs, and the consent without which nothing is kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.labour.jobseekers_models import CONSENT_VERSION, JobSeeker, retention_end
from microparks.apps.regions.models import Region
from microparks.core.labour.personal import normalise_phone


class JobSeekerForm(forms.ModelForm):  # type: ignore[type-arg]
    """A job seeker of the user's county; consent given (when, how) and its text's version."""

    consent = forms.BooleanField(
        label=gettext_lazy(
            "The person agreed to be registered for job matching (consent text shown)"
        ),
        help_text=gettext_lazy("No consent, no record."),
    )

    class Meta:
        model = JobSeeker
        fields = [
            "name",
            "phone",
            "id_number",
            "township",
            "skills",
            "wanted_work",
            "availability",
            "available_from",
            "status",
            "consent_at",
            "consent_method",
            "consent_version",
            "delete_after",
        ]
        widgets = {
            "available_from": forms.DateInput(attrs={"type": "date"}),
            "consent_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "delete_after": forms.DateInput(attrs={"type": "date"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.region_id = user.region_id
        township: Any = self.fields["township"]
        township.queryset = Region.objects.filter(parent_id=user.region_id).order_by("code")
        self.fields["delete_after"].required = False
        self.fields["delete_after"].help_text = _(
            "Blank: the consent's day plus the retention period."
        )
        if self.instance.pk is None:
            self.initial.setdefault("consent_at", timezone.localtime().replace(second=0))
            self.initial.setdefault("consent_version", CONSENT_VERSION)
            self.fields.pop("status")
        else:
            self.fields["consent"].initial = True

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone") or "")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("delete_after") is None and data.get("consent_at") is not None:
            data["delete_after"] = retention_end(data["consent_at"])
            self.instance.delete_after = data["delete_after"]
        return data

    def validate_unique(self) -> None:
        # phone_index is not a form field: check the county's duplicate here.
        from microparks.apps.labour.jobseekers_crypto import blind_index

        phone = self.cleaned_data.get("phone")
        if phone:
            twins = JobSeeker.objects.filter(
                region_id=self.instance.region_id, phone_index=blind_index(phone)
            ).exclude(pk=self.instance.pk)
            if twins.exists():
                self.add_error("phone", _("A job seeker with this phone is already registered."))
        super().validate_unique()
