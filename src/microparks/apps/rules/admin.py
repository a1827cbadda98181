from django.contrib import admin

from microparks.apps.admin_base import ReadOnlyAdmin
from microparks.apps.rules.models import RulesDocument


@admin.register(RulesDocument)
class RulesDocumentAdmin(ReadOnlyAdmin):
    """Read here; documents are written, activated and retired on the Rules pages (checked)."""

    list_display = ["title", "kind", "name", "version", "status", "region", "park", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "name", "sha256"]
