from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.servicedesk.models import Ticket


@admin.register(Ticket)
class TicketAdmin(ScopedAdmin):
    list_display = ["title", "enterprise", "park", "category", "priority", "status", "received_at"]
    list_filter = ["status", "category", "priority", "channel"]
    search_fields = ["title", "description", "enterprise__name"]
    autocomplete_fields = ["enterprise", "park", "department"]
    raw_id_fields = ["assignee"]
    date_hierarchy = "received_at"
