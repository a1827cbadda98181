from django.contrib import admin

from microparks.apps.admin_base import ReadOnlyAdmin
from microparks.apps.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log: read-only, and only for the administrator (its scope is empty)."""

    list_display = ["timestamp", "user", "action", "model", "object_id", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "object_id", "model"]
    date_hierarchy = "timestamp"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
