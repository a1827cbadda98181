from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from microparks.apps.admin_base import ScopedAdmin, ScopedTabularInline
from microparks.apps.industries.widgets import IndustryCodesField
from microparks.apps.parks.models import Lease, Park, ParkUnit


class ParkAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The park, its positioning chosen with the industry picker (codes, not a long list).

    No ``Meta``: the admin makes the form for :class:`Park` with its own fields.
    """

    positioning = IndustryCodesField(
        label=_("positioning (target industries)"),
        required=False,
        help_text=_("GB/T 4754 codes of the industries the park aims to attract"),
    )


class ParkUnitInline(ScopedTabularInline):
    model = ParkUnit
    autocomplete_fields = ["site"]
    fields = ["code", "site", "floor_area_m2", "land_area_m2", "rent_cny_per_m2_month", "status"]


@admin.register(Park)
class ParkAdmin(ScopedAdmin):
    list_display = ["code", "name", "region", "status", "opened_date", "management_body"]
    list_filter = ["status"]
    search_fields = ["code", "name", "management_body"]
    autocomplete_fields = ["region"]
    form = ParkAdminForm
    inlines = [ParkUnitInline]


@admin.register(ParkUnit)
class ParkUnitAdmin(ScopedAdmin):
    list_display = ["park", "code", "site", "floor_area_m2", "rent_cny_per_m2_month", "status"]
    list_filter = ["status"]
    search_fields = ["code", "park__name", "site__name"]
    autocomplete_fields = ["park", "site"]


@admin.register(Lease)
class LeaseAdmin(ScopedAdmin):
    list_display = ["enterprise", "park", "site", "unit", "land_area_m2", "start_date", "end_date"]
    list_filter = ["park"]
    search_fields = ["enterprise__name", "enterprise__credit_code", "park__name"]
    autocomplete_fields = ["enterprise", "park", "site", "unit"]
    date_hierarchy = "start_date"
