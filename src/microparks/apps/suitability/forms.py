from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django import forms
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from microparks.apps.jobs.uploads import LimitedFileField
from microparks.apps.regions.models import Region
from microparks.apps.rules.models import RulesDocument
from microparks.apps.suitability.basemap import layer_label
from microparks.apps.suitability.models import MappingTemplate
from microparks.apps.suitability.schemes import applies_to, scheme_choices
from microparks.io.spatial import GIS_SUFFIXES, TABLE_SUFFIXES

SUFFIXES = GIS_SUFFIXES + TABLE_SUFFIXES


class RegionForm(forms.Form):
    """A region in the user's scope; the user's own county is chosen to begin with."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.restrict(user).order_by("code")  # type: ignore[attr-defined]
        own = getattr(user, "region_id", None)
        if own is not None:
            self.fields["region"].initial = own


class SchemeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A suitability document, named with its version, status and where it applies."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} · {obj.get_status_display()} · {obj.where}"


class ScoringForm(RegionForm):
    """Region and scheme of a scoring job: a document, or an uploaded scheme saved as a draft."""

    rules = SchemeChoiceField(
        label=_("Scoring scheme"),
        queryset=RulesDocument.objects.none(),
        required=False,
        empty_label=_("The scheme in effect for the region"),
        help_text=_("An active scheme that applies to the region, or one of your drafts."),
    )
    scheme = LimitedFileField(
        kind="rules",
        label=_("Or upload a scheme (YAML)"),
        required=False,
        help_text=_("Saved as a new draft scheme of the region, and the job runs with it."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["rules"].queryset = scheme_choices(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        doc, region = data.get("rules"), data.get("region")
        if doc is not None and data.get("scheme"):
            self.add_error("scheme", _("Choose a scheme or upload one, not both."))
        elif doc is not None and region is not None and not applies_to(doc, region):
            self.add_error(
                "rules",
                _("%(scheme)s does not apply to %(region)s.")
                % {"scheme": doc.label, "region": region},
            )
        return data


class UploadForm(RegionForm):
    class Target(models.TextChoices):
        SITES = "sites", _("Idle assets")
        LAYER = "layer", _("Context layer")

    target = forms.ChoiceField(label=_("Import as"), choices=Target.choices)
    layer_name = forms.SlugField(label=_("Layer name"), required=False)
    file = LimitedFileField(label=_("File"), kind="ledger")
    source_layer = forms.CharField(
        label=_("Layer in the file"), required=False, help_text=_("GeoPackage only.")
    )
    crs = forms.CharField(
        label=_("CRS of the file"),
        required=False,
        help_text=_("Only for files that declare none, e.g. EPSG:4547."),
    )
    template = forms.ModelChoiceField(
        label=_("Field-mapping template"),
        queryset=MappingTemplate.objects.none(),
        required=False,
        help_text=_("Leave empty to find one by the file's columns."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        # The scheme's layer names are English words: each example with what it holds.
        example = "{} <code>{}</code>"
        self.fields["layer_name"].help_text = format_html(
            str(_("For a context layer: the name the scheme uses, e.g. {roads} or {villages}.")),
            roads=format_html(example, layer_label("roads"), "roads"),
            villages=format_html(example, layer_label("villages"), "villages"),
        )
        self.fields["template"].queryset = MappingTemplate.objects.restrict(user)  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(
                _("Upload one of: %(suffixes)s") % {"suffixes": ", ".join(SUFFIXES)}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") == self.Target.LAYER and not data.get("layer_name"):
            self.add_error("layer_name", _("Name the context layer."))
        return data


def _field_label(name: str) -> str:
    from microparks.apps.sites.models import Site

    try:
        field = Site._meta.get_field(name)
    except Exception:  # a field the import knows but the model names otherwise
        return name
    return str(getattr(field, "verbose_name", name))


class MappingForm(forms.Form):
    """Which column of the file feeds each of our site fields; optionally saved as a template."""

    save_as = forms.CharField(
        label=_("Save as the template of the source"),
        required=False,
        max_length=200,
        help_text=_("E.g. the bureau and ledger the file comes from."),
    )

    def __init__(
        self, names: Sequence[str], columns: Sequence[str], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.names = tuple(names)
        choices = [("", _("(a column of the same name)")), *((c, c) for c in columns)]
        for name in self.names:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=f"{_field_label(name)} ({name})", choices=choices, required=False
            )
        self.order_fields([*(f"map_{n}" for n in self.names), "save_as"])

    @staticmethod
    def initial_for(choice: Mapping[str, str]) -> dict[str, str]:
        """Initial values from our field → source column."""
        return {f"map_{k}": v for k, v in choice.items()}

    def choice(self) -> dict[str, str]:
        """Our field → source column, for the mapped fields."""
        return {
            n: self.cleaned_data[f"map_{n}"]
            for n in self.names
            if self.cleaned_data.get(f"map_{n}")
        }


class TemplateForm(forms.Form):
    """Edit a saved template: its source name and the source column of each field."""

    name = forms.CharField(label=_("Source"), max_length=200)

    def __init__(self, names: Sequence[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = tuple(names)
        for name in self.names:
            self.fields[f"map_{name}"] = forms.CharField(
                label=f"{_field_label(name)} ({name})",
                required=False,
                max_length=200,
                help_text=_("Column of the source's files; empty: a column of the same name."),
            )

    def choice(self) -> dict[str, str]:
        """Our field → source column, for the mapped fields."""
        return {
            n: self.cleaned_data[f"map_{n}"].strip()
            for n in self.names
            if self.cleaned_data.get(f"map_{n}", "").strip()
        }
