from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.regions.models import Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "parent",
        "population",
        "rural_population",
        "rural_income_cny",
        "rural_income_year",
    ]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
