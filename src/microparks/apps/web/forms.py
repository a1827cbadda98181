"""Filter forms of the list pages (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from microparks.apps.industries.widgets import IndustryPicker
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.sites.models import Site
from microparks.core.units import M2_PER_MU


class SiteFilterForm(forms.Form):
    """Filter idle assets by kind, status, township, park and land area in mu."""

    kind = forms.ChoiceField(label=_("kind"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False)
    township = forms.ModelChoiceField(
        label=_("township"), queryset=Region.objects.none(), required=False
    )
    park = forms.ModelChoiceField(label=_("park"), queryset=Park.objects.none(), required=False)
    min_mu = forms.FloatField(label=_("min. area (mu)"), min_value=0, required=False)
    max_mu = forms.FloatField(label=_("max. area (mu)"), min_value=0, required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("any"))]
        self.fields["kind"].choices = anything + list(Site.Kind.choices)  # type: ignore[attr-defined]
        self.fields["status"].choices = anything + list(Site.Status.choices)  # type: ignore[attr-defined]
        townships = Region.objects.restrict(user).filter(level=Region.Level.TOWNSHIP)
        townships = townships.defer("geometry")  # a choice shows the name: outlines are big
        self.fields["township"].queryset = townships  # type: ignore[attr-defined]
        self.fields["park"].queryset = Park.objects.restrict(user)  # type: ignore[attr-defined]

    def filter(self, sites: QuerySet[Site]) -> QuerySet[Site]:
        """Apply the valid filters to ``sites`` (an invalid form filters nothing)."""
        if not self.is_valid():
            return sites
        data = self.cleaned_data
        lookups = {
            "kind": data.get("kind") or None,
            "status": data.get("status") or None,
            "region": data.get("township"),
            "park": data.get("park"),
        }
        sites = sites.filter(**{k: v for k, v in lookups.items() if v is not None})
        # mu → m² is inexact in binary floating point: allow a millionth of a m² either way.
        if data.get("min_mu") is not None:
            sites = sites.filter(land_area_m2__gte=data["min_mu"] * M2_PER_MU - 1e-6)
        if data.get("max_mu") is not None:
            sites = sites.filter(land_area_m2__lte=data["max_mu"] * M2_PER_MU + 1e-6)
        return sites


class EnterpriseSearchForm(forms.Form):
    """Search enterprises by name or credit code, and by industry (any level of GB/T 4754)."""

    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=200)
    industry = forms.CharField(
        label=_("Industry"), required=False, max_length=5, widget=IndustryPicker()
    )

    def filter(self, enterprises: QuerySet[Any]) -> QuerySet[Any]:
        """Keep the enterprises matching the search text and in or below the industry chosen."""
        data = self.cleaned_data if self.is_valid() else {}
        q = (data.get("q") or "").strip()
        if q:
            enterprises = enterprises.filter(
                Q(name__icontains=q) | Q(credit_code__icontains=q.upper())
            )
        code = (data.get("industry") or "").strip().upper()
        if code:
            # a class's chain is at most three parents deep (class → group → division → section)
            below = Q()
            for depth in range(4):
                below |= Q(**{"industry__" + "parent__" * depth + "code": code})
            enterprises = enterprises.filter(below)
        return enterprises
