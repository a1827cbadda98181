from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.targeting.models import ChainTarget, CountyEndowment


@admin.register(CountyEndowment)
class CountyEndowmentAdmin(ScopedAdmin):
    list_display = ["region", "endowment", "abundance", "note"]
    search_fields = ["endowment", "region__name"]
    autocomplete_fields = ["region"]


@admin.register(ChainTarget)
class ChainTargetAdmin(ScopedAdmin):
    list_display = ["region", "kind", "industry", "where"]
    list_filter = ["kind"]
    search_fields = ["industry__code", "industry__name", "where"]
    autocomplete_fields = ["region", "industry"]
