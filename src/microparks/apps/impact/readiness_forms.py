"""The readiness page's form: a county census workbook and, optionally, county boundaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.impact.readiness_jobs import BOUNDARY_SUFFIXES
from microparks.apps.jobs.uploads import LimitedFileField


class ReadinessComputeForm(forms.Form):
    """What the readiness job reads; the files' contents are checked by the job."""

    census = LimitedFileField(
        kind="ledger",
        label=_("County census workbook (.xlsx)"),
        help_text=_("The 2020 census by county, in the layout of census_county_2020_v1.xlsx."),
    )
    boundaries = LimitedFileField(
        kind="ledger",
        label=_("County boundaries (optional)"),
        required=False,
        help_text=_(
            "GeoParquet, GeoPackage, GeoJSON or a zipped Shapefile keyed by the 6-digit county "
            "code: adds the distance to the eastern market hubs and the map."
        ),
    )

    def clean_census(self) -> Any:
        upload = self.cleaned_data["census"]
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(_("Upload the census as an .xlsx workbook."))
        return upload

    def clean_boundaries(self) -> Any:
        upload = self.cleaned_data.get("boundaries")
        if upload and Path(upload.name).suffix.lower() not in BOUNDARY_SUFFIXES:
            raise forms.ValidationError(
                _("Upload one of: %(suffixes)s") % {"suffixes": ", ".join(BOUNDARY_SUFFIXES)}
            )
        return upload
