from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.impact.models import Spending


@admin.register(Spending)
class SpendingAdmin(ScopedAdmin):
    list_display = ["region", "year", "park", "category", "amount_cny", "source", "entered_by"]
    list_filter = ["category", "year"]
    search_fields = ["source", "park__name"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if not change or obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
