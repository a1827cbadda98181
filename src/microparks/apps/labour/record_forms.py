"""Employment record forms: filing a quarter, correcting one, uploading a quarter's sheet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.common.revision_forms import RevisionCheckedModelForm
from microparks.apps.labour.forms import PoolUploadForm
from microparks.apps.labour.models import QUARTER_VALIDATORS, EmploymentRecord
from microparks.apps.labour.vacancy_forms import LeaseField
from microparks.apps.parks.models import Lease
from microparks.apps.parks.services import active_leases

FIGURES = ["headcount", "local", "poverty_alleviated", "wage_cny"]


class RecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new quarter's record of one of the tenancies the user may file for."""

    lease = LeaseField(queryset=Lease.objects.none(), label=gettext_lazy("Enterprise in park"))

    class Meta:
        model = EmploymentRecord
        fields = ["year", "quarter", *FIGURES]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leases = (
            Lease.objects.restrict(user)
            .filter(active_leases())
            .select_related("enterprise", "park")
        )
        field = self.fields["lease"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = leases.order_by("enterprise__name", "park__name")
        self.order_fields(["lease", *self.Meta.fields])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lease = data.get("lease")
        if lease is not None:
            self.instance.enterprise = lease.enterprise
            self.instance.park = lease.park
            year, quarter = data.get("year"), data.get("quarter")
            if (
                year is not None
                and quarter is not None
                and EmploymentRecord.objects.filter(
                    enterprise=lease.enterprise, year=year, quarter=quarter
                ).exists()
            ):
                self.add_error(
                    "quarter",
                    _("This firm's record of %(year)s Q%(quarter)s is filed already: correct it.")
                    % {"year": year, "quarter": quarter},
                )
        return data


class RecordCorrectionForm(RevisionCheckedModelForm):
    """A filed quarter's figures corrected (the firm, year and quarter stay)."""

    class Meta:
        model = EmploymentRecord
        fields = FIGURES


class RecordsUploadForm(PoolUploadForm):
    """A quarter's employment sheet (CSV, Excel or ODS), its year and its quarter."""

    quarter = forms.IntegerField(
        label=gettext_lazy("Quarter"), min_value=1, max_value=4, validators=QUARTER_VALIDATORS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("Employment sheet")
