from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.servicedesk.models import Article, RoutingRule, Ticket


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
        "deadline_rules",
        "calendars",
    ]

    @admin.display(description=_("working calendars"))
    def calendars(self, obj: Ticket) -> str:
        if obj.pk is None:
            return "-"
        return "; ".join(str(c.document) for c in obj.calendar_layers.select_related("document"))


@admin.register(RoutingRule)
class RoutingRuleAdmin(ScopedAdmin):
    list_display = ["region", "category", "park", "department", "handler"]
    list_filter = ["category"]
    raw_id_fields = ["handler"]


@admin.register(Article)
class ArticleAdmin(ScopedAdmin):
    list_display = ["title", "kind", "region", "categories", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title", "body"]
