from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.servicedesk.models import (
    Article,
    CalendarOverride,
    DeadlinePolicy,
    RoutingRule,
    Ticket,
)


@admin.register(Ticket)
class TicketAdmin(ScopedAdmin):
    list_display = ["title", "enterprise", "park", "category", "priority", "status", "received_at"]
    list_filter = ["status", "category", "priority", "channel", "tier"]
    search_fields = ["title", "description", "enterprise__name"]
    autocomplete_fields = ["enterprise", "park", "department"]
    raw_id_fields = ["assignee"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "tier",
        "acknowledged_at",
        "ack_due_at",
        "response_due_at",
        "due_at",
        "clock_started_at",
        "waiting_since",
        "deadline_basis",
    ]


@admin.register(RoutingRule)
class RoutingRuleAdmin(ScopedAdmin):
    list_display = ["region", "category", "park", "department", "handler"]
    list_filter = ["category"]
    raw_id_fields = ["handler"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(ScopedAdmin):
    list_display = ["region", "category", "priority", "ack_days", "respond_days", "close_days"]
    list_filter = ["category", "priority"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ScopedAdmin):
    list_display = ["date", "is_working_day", "name"]
    date_hierarchy = "date"


@admin.register(Article)
class ArticleAdmin(ScopedAdmin):
    list_display = ["title", "kind", "region", "categories", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title", "body"]
