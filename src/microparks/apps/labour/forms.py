"""The upload form of a labour register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.jobs.uploads import LimitedFileField
from microparks.io.ledger import CSV_SUFFIXES, SPREADSHEET_SUFFIXES

SUFFIXES = CSV_SUFFIXES + SPREADSHEET_SUFFIXES


class PoolUploadForm(forms.Form):
    """The register (CSV, Excel or ODS) and the year it counts."""

    file = LimitedFileField(label=gettext_lazy("Register file"), kind="ledger")
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2100,
        initial=lambda: dt.date.today().year,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(
                _("Upload a table: %(allowed)s.") % {"allowed": ", ".join(SUFFIXES)}
            )
        return upload
