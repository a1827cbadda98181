"""Forms of the pipeline pages: activities, stage moves, signing with commitments."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from microparks.apps.admission.models import Declaration
from microparks.apps.attraction.models import EXITS, Activity, Commitment, Prospect, point_of
from microparks.apps.common.revision_forms import RevisionCheckedModelForm, seen_field
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.industries.widgets import IndustryPicker
from microparks.apps.jobs.uploads import LimitedFileField
from microparks.core.admission import ANY_SENSITIVE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Activity
        fields = ["kind", "date", "summary", "next_follow_up"]
        widgets = {"date": DATE, "next_follow_up": DATE, "summary": forms.Textarea({"rows": 2})}


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("move to"), choices=())
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Needed when the prospect is lost or abandoned"),
    )
    # The prospect's revision on the page: a prospect changed since is not moved (services).
    revision_seen = seen_field("move-revision")

    def __init__(self, *args: Any, moves: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage_field: Any = self.fields["stage"]
        stage_field.choices = [(s, Prospect.Stage(s).label) for s in moves]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stage") in EXITS and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason why the prospect leaves."))
        return data


class SignForm(forms.ModelForm):  # type: ignore[type-arg]
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        required=False,
        max_length=18,
        help_text=_("With a valid code, the firm's enterprise record is created"),
    )
    size = forms.ChoiceField(
        label=_("size"), choices=Enterprise.Size.choices, initial=Enterprise.Size.SMALL
    )
    justification = forms.CharField(
        label=_("justification for overriding the admission decision"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Only a county official may sign without a passing decision"),
    )
    revision_seen = seen_field("sign-revision")  # as on MoveForm

    class Meta:
        model = Commitment
        fields = [
            "signed_on",
            "investment_cny",
            "investment_cny_per_mu",
            "jobs",
            "local_jobs",
            "tax_cny_per_year",
            "tax_cny_per_mu",
            "start_date",
            "production_date",
        ]
        widgets = {"signed_on": DATE, "start_date": DATE, "production_date": DATE}

    def commitment(self) -> dict[str, Any]:
        """The commitment fields, as :func:`~.services.sign_prospect` takes them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for letting the project past the gate"),
        widget=forms.Textarea({"rows": 3}),
        help_text=_("At least 20 characters; kept in the audit log and shown on the prospect"),
    )


class ConditionForm(forms.Form):
    condition = forms.CharField(widget=forms.HiddenInput)
    evidence = forms.CharField(
        label=_("evidence"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("What shows the condition is met: a document number, an inspection, …"),
    )
    attachment = LimitedFileField(label=_("evidence file"), required=False, kind="attachment")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("evidence") or "").strip() and not data.get("attachment"):
            self.add_error(
                "evidence", _("Describe the evidence or attach a file that shows it is met.")
            )
        return data


NONE_DECLARED = pgettext_lazy("declared list", "none")
"""What a declared list of no processes or materials reads as ("无"); ``none`` is read too."""
SENSITIVE_UNSPECIFIED = _("An environmentally sensitive area (kind not given)")
LIST_HELP = _("Comma-separated; leave empty if not declared, write “none” if there are none")


class DeclarationForm(forms.ModelForm):  # type: ignore[type-arg]
    processes = forms.CharField(label=_("processes"), required=False, help_text=LIST_HELP)
    materials = forms.CharField(label=_("materials"), required=False, help_text=LIST_HELP)
    site_sensitivity = forms.ChoiceField(
        label=_("site sensitivity"),
        required=False,
        help_text=_("Where the site lies, as the EIA classification list names sensitive areas"),
    )
    extra_industry_codes = forms.CharField(
        label=_("further industry codes"),
        required=False,
        help_text=_("Comma-separated"),
        widget=IndustryPicker(multiple=True),
    )

    class Meta:
        model = Declaration
        fields = [
            "extra_industry_codes",
            "annual_electricity_kwh",
            "output_cny",
            "water_m3",
            "cod_t",
            "nh3_n_t",
            "so2_t",
            "nox_t",
            "vocs_t",
            "processes",
            "materials",
            "hazardous_chemicals_t",
            "site_sensitivity",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The lists are edited as comma-separated text (never as JSON).
        obj = self.instance
        for name in ("processes", "materials"):
            value = getattr(obj, name)
            self.initial[name] = "" if value is None else (", ".join(value) or str(NONE_DECLARED))
        # The site classes by name (a site's own sensitivity choices, and the rule sets'
        # ``sensitive`` for a kind not given); a stored class outside them is kept.
        from microparks.apps.sites.models import Site

        choices = [("", "—"), *Site.Sensitivity.choices, (ANY_SENSITIVE, SENSITIVE_UNSPECIFIED)]
        if obj.site_sensitivity and obj.site_sensitivity not in dict(choices):
            choices.append((obj.site_sensitivity, obj.site_sensitivity))
        site_field: Any = self.fields["site_sensitivity"]
        site_field.choices = choices
        self.initial["extra_industry_codes"] = ", ".join(obj.extra_industry_codes or [])

    def _names(self, name: str) -> list[str] | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        if text.lower() in ("none", "无", str(NONE_DECLARED).lower()):
            return []
        return [p.strip() for p in re.split(r"[,，、]", text) if p.strip()]

    def clean_processes(self) -> list[str] | None:
        return self._names("processes")

    def clean_materials(self) -> list[str] | None:
        return self._names("materials")

    def clean_extra_industry_codes(self) -> list[str]:
        text = (self.cleaned_data.get("extra_industry_codes") or "").replace("，", ",")
        return [c.strip() for c in text.split(",") if c.strip()]


class LocationFields(RevisionCheckedModelForm):
    """The prospect's location edited as longitude and latitude (stored as a GeoJSON point).

    An edit carries the revision it was loaded from: a save based on a copy someone else saved
    over meanwhile is refused, naming who and when, with nothing saved.
    """

    lon = forms.FloatField(
        label=_("longitude of the current plant or office"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("Decimal degrees (EPSG:4326), e.g. 113.2644"),
    )
    lat = forms.FloatField(
        label=_("latitude of the current plant or office"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Decimal degrees (EPSG:4326), e.g. 23.1291"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        where = self.instance.lon_lat if self.instance.pk else None
        if where is not None:
            self.initial["lon"], self.initial["lat"] = where

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lon, lat = data.get("lon"), data.get("lat")
        if (lon is None) != (lat is None) and not self.errors.get("lon", self.errors.get("lat")):
            self.add_error("lon" if lon is None else "lat", _("Give both longitude and latitude."))
        self.instance.location = None if lon is None or lat is None else point_of(lon, lat)
        return data


class ProspectForm(LocationFields):
    industry_code = forms.CharField(
        label=_("industry (GB/T 4754 code)"),
        max_length=5,
        help_text=_("e.g. 2110"),
        widget=IndustryPicker(),
    )

    class Meta:
        model = Prospect
        fields = [
            "name",
            "company_name",
            "target_park",
            "target_site",
            "source",
            "origin_region",
            "investment_cny",
            "land_area_min_m2",
            "land_area_max_m2",
            "floor_area_min_m2",
            "power_kva",
            "water_t_per_day",
            "jobs_needed",
            "annual_energy_tce",
            "max_rent_cny_per_m2_month",
            "next_follow_up",
            "notes",
        ]
        widgets = {"next_follow_up": DATE, "notes": forms.Textarea({"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from microparks.apps.parks.models import Park
        from microparks.apps.sites.models import Site

        if self.instance.pk is not None:  # editing: the codes, as typed when new
            self.initial.setdefault("industry_code", self.instance.industry.code)
            if self.instance.target_site_id is not None:
                self.initial["target_site"] = self.instance.target_site.code
        park_field: Any = self.fields["target_park"]
        park_field.queryset = Park.objects.restrict(user)
        # The site by its asset code in a text box: a province's scope holds thousands of
        # sites, far too many for a drop-down (600 KiB of options at 100x the demo).
        site_field: Any = self.fields["target_site"]
        site_field.queryset = Site.objects.restrict(user).defer("geometry")
        site_field.to_field_name = "code"
        site_field.widget = forms.TextInput(attrs={"maxlength": 40})
        site_field.help_text = _("The asset code shown in the site list; empty if none yet.")
        site_field.error_messages["invalid_choice"] = _("No site with this code in your scope.")

    def clean_industry_code(self) -> Any:
        from microparks.apps.industries.models import Industry

        code = self.cleaned_data["industry_code"].strip()
        industry = Industry.objects.filter(code=code).first()
        if industry is None:
            raise forms.ValidationError(_("No industry with this code."))
        return industry
