from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.jobs.models import Job


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    list_display = ["kind", "region", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["worker", "started_at", "finished_at", "result"]
