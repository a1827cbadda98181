from __future__ import annotations

from django.contrib import admin

from microparks.apps.admin_base import ReadOnlyAdmin, ScopedAdmin
from microparks.apps.admission.models import Decision, Declaration


@admin.register(Declaration)
class DeclarationAdmin(ScopedAdmin):
    list_display = ["prospect", "output_cny", "water_m3", "site_sensitivity", "updated_at"]
    search_fields = ["prospect__name", "prospect__company_name"]
    autocomplete_fields = ["prospect"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["prospect", "outcome", "rules", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["prospect__name", "inputs_hash"]
    date_hierarchy = "decided_at"
