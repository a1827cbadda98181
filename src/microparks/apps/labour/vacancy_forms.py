"""The form of a vacancy: the tenancy it is for (firm in park) and the posts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.labour.models import Vacancy
from microparks.apps.parks.models import Lease
from microparks.apps.parks.services import active_leases


class LeaseField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A tenancy, shown as ``firm · park``."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.enterprise.name} · {obj.park.name}"


class VacancyForm(forms.ModelForm):  # type: ignore[type-arg]
    """A vacancy of one of the tenancies the user may file for."""

    lease = LeaseField(queryset=Lease.objects.none(), label=gettext_lazy("Enterprise in park"))

    class Meta:
        model = Vacancy
        fields = [
            "post",
            "number",
            "skills",
            "wage_min_cny",
            "wage_max_cny",
            "shifts",
            "housing",
            "shuttle",
            "start_date",
            "contact_phone",
        ]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leases = (  # running tenancies only: a firm that left files no vacancy there
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
        low, high = data.get("wage_min_cny"), data.get("wage_max_cny")
        if low is not None and high is not None and low > high:
            self.add_error("wage_max_cny", _("The highest wage is below the lowest."))
        lease = data.get("lease")
        if lease is not None:
            self.instance.enterprise = lease.enterprise
            self.instance.park = lease.park
        return data
