from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin, ScopedTabularInline
from microparks.apps.parks.models import Lease, Park, ParkUnit


class ParkUnitInline(ScopedTabularInline):
    model = ParkUnit
    autocomplete_fields = ["site"]
    fields = ["code", "site", "floor_area_m2", "land_area_m2", "rent_cny_per_m2_month", "status"]


@admin.register(Park)
class ParkAdmin(ScopedAdmin):
    list_display = ["code", "name", "region", "status", "opened_date", "management_body"]
    list_filter = ["status"]
    search_fields = ["code", "name", "management_body"]
    autocomplete_fields = ["region", "positioning"]
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
