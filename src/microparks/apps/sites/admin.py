from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.sites.models import Site


@admin.register(Site)
class SiteAdmin(ScopedAdmin):
    list_display = ["code", "name", "kind", "region", "park", "land_area_m2", "condition", "status"]
    list_filter = [
        "kind",
        "status",
        "condition",
        "ownership",
        "planning_designation",
        "eia_sensitivity",
    ]
    search_fields = ["code", "name", "address"]
    autocomplete_fields = ["region", "park"]
    # GeoJSON is edited as text: no GDAL map widget (DESIGN.md §8).
    formfield_overrides = {
        models.JSONField: {"widget": forms.Textarea(attrs={"rows": 6, "cols": 80})}
    }
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "region", "park", "status", "address"]}),
        (
            _("Geometry and size"),
            {"fields": ["geometry", "land_area_m2", "floor_area_m2", "building_year", "condition"]},
        ),
        (
            _("Planning and utilities"),
            {
                "fields": [
                    "ownership",
                    "planning_designation",
                    "eia_sensitivity",
                    "power_capacity_kva",
                    "water_supply_t_per_day",
                    "road_access",
                    "asking_rent_cny_per_m2_month",
                    "asking_price_cny",
                ]
            },
        ),
        (_("Source"), {"fields": ["source_file", "source_date", "notes"]}),
    ]
