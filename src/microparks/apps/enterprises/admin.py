from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.enterprises.models import AnnualRecord, Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    list_display = ["name", "credit_code", "industry", "region", "size", "is_above_size"]
    list_filter = ["size", "is_above_size", "is_chain_leader"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["industry", "region"]  # ~2,000 industry nodes: search, not a select


@admin.register(AnnualRecord)
class AnnualRecordAdmin(ScopedAdmin):
    list_display = ["enterprise", "year", "output_cny", "tax_cny", "jobs", "energy_tce", "locked"]
    list_filter = ["year", "source", "locked"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    autocomplete_fields = ["enterprise"]
