"""The back office for the industry classification.

Everyone on staff reads it; only the system administrator changes it (``Industry.scope`` is
shared and has no editing roles, so ``restrict`` gives every signed-in user all rows).
"""

from __future__ import annotations

from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.industries.models import Industry


@admin.register(Industry)
class IndustryAdmin(ScopedAdmin):
    list_display = ["code", "name", "level", "is_two_high", "energy_class", "labour_intensity"]
    list_filter = ["level", "is_two_high", "energy_class", "labour_intensity"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent"]
    ordering = ["code"]
