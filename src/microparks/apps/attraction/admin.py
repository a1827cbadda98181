from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.attraction.models import Prospect


@admin.register(Prospect)
class ProspectAdmin(ScopedAdmin):
    list_display = ["name", "company_name", "industry", "stage", "source", "target_park", "owner"]
    list_filter = ["stage", "source"]
    search_fields = ["name", "company_name", "origin_region"]
    autocomplete_fields = ["enterprise", "industry", "region", "target_park"]
    raw_id_fields = ["owner"]
    date_hierarchy = "next_follow_up"
