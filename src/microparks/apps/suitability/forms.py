from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.regions.models import Region
from microparks.io.spatial import GIS_SUFFIXES, TABLE_SUFFIXES

SUFFIXES = GIS_SUFFIXES + TABLE_SUFFIXES


class RegionForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.restrict(user).order_by("code")  # type: ignore[attr-defined]


class ScoringForm(RegionForm):
    scheme = forms.FileField(
        label=_("Scheme (YAML)"),
        required=False,
        help_text=_("Leave empty to use the shipped default scheme."),
    )


class UploadForm(RegionForm):
    class Target(models.TextChoices):
        SITES = "sites", _("Idle assets")
        LAYER = "layer", _("Context layer")

    target = forms.ChoiceField(label=_("Import as"), choices=Target.choices)
    layer_name = forms.SlugField(
        label=_("Layer name"),
        required=False,
        help_text=_("For a context layer: the name the scheme uses, e.g. roads or villages."),
    )
    file = forms.FileField(label=_("File"))
    source_layer = forms.CharField(
        label=_("Layer in the file"), required=False, help_text=_("GeoPackage only.")
    )
    crs = forms.CharField(
        label=_("CRS of the file"),
        required=False,
        help_text=_("Only for files that declare none, e.g. EPSG:4547."),
    )

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
