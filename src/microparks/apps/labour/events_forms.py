"""The forms of a job fair or training course and of a firm's hires there."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.events import county_of_park, own_county
from microparks.apps.labour.events_models import LabourEvent
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region

COURSE_ONLY = ("skill", "hours", "certificate", "certified")


class EventForm(forms.ModelForm):  # type: ignore[type-arg]
    """An event of the user's county; a park manager's is one of their parks'.

    The county is the official's own, or else the park's (a park manager and an administrator
    choose the park).
    """

    class Meta:
        model = LabourEvent
        fields = [
            "kind",
            "title",
            "start_date",
            "end_date",
            "township",
            "place",
            "organiser",
            "park",
            "skill",
            "hours",
            "certificate",
            "attended",
            "attended_poverty_alleviated",
            "certified",
            "notes",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.county = own_county(user) if self.instance.pk is None else self.instance.region
        parks = Park.objects.restrict(user, "change" if user.role == "park_manager" else "view")
        townships = Region.objects.defer("geometry").filter(level=Region.Level.TOWNSHIP)
        if self.county is not None:
            parks = parks.filter(Q(region=self.county) | Q(region__parent=self.county))
            townships = townships.filter(parent=self.county)
        else:
            townships = townships.filter(
                Q(parks__in=parks) | Q(parent__children__parks__in=parks)
            ).distinct()
        park, township = self.fields["park"], self.fields["township"]
        assert isinstance(park, forms.ModelChoiceField)
        assert isinstance(township, forms.ModelChoiceField)
        park.queryset = parks.order_by("name")
        township.queryset = townships.order_by("code")
        park.required = self.county is None  # the county comes from the park

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day is before the first."))
        attended = data.get("attended") or 0
        if (data.get("attended_poverty_alleviated") or 0) > attended:
            self.add_error(
                "attended_poverty_alleviated", _("This cannot exceed the number who attended.")
            )
        if data.get("certified") is not None and data["certified"] > attended:
            self.add_error("certified", _("This cannot exceed the number who attended."))
        if data.get("kind") == LabourEvent.Kind.JOB_FAIR:
            for name in COURSE_ONLY:  # a job fair has no trade, hours or certificates
                data[name] = None if name in ("hours", "certified") else ""
        park = data.get("park")
        county = self.county or (county_of_park(park) if park else None)
        if county is None:
            return data
        township = data.get("township")
        if township is not None and township.parent_id != county.pk:
            self.add_error("township", _("This township is not in the event's county."))
        self.instance.region = county
        return data


class HireForm(forms.Form):
    """How many a firm hired at the event."""

    enterprise: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Enterprise.objects.none(), label=gettext_lazy("Enterprise")
    )
    hired = forms.IntegerField(label=gettext_lazy("Hired (persons)"), min_value=1, max_value=10_000)

    def __init__(self, *args: Any, firms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = firms
