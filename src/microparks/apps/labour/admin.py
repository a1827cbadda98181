from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.labour.models import EmploymentRecord, PoolEntry, PoolVersion, Vacancy


@admin.register(PoolVersion)
class PoolVersionAdmin(ScopedAdmin):
    list_display = ["region", "year", "version", "file_name", "created_count", "created_at"]
    list_filter = ["year"]
    search_fields = ["region__name", "file_name", "sha256"]
    readonly_fields = ["sha256", "created_count", "updated_count", "totals_checked"]


@admin.register(PoolEntry)
class PoolEntryAdmin(ScopedAdmin):
    list_display = ["pool", "township", "village", "labour", "available", "migrant"]
    search_fields = ["village", "township__name"]
    raw_id_fields = ["pool", "township"]


@admin.register(Vacancy)
class VacancyAdmin(ScopedAdmin):
    list_display = ["post", "enterprise", "park", "number", "status", "start_date", "created_at"]
    list_filter = ["status", "shifts"]
    search_fields = ["post", "enterprise__name"]
    raw_id_fields = ["enterprise", "park", "case"]


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(ScopedAdmin):
    list_display = ["enterprise", "park", "year", "quarter", "headcount", "local", "wage_cny"]
    list_filter = ["year", "quarter"]
    search_fields = ["enterprise__name"]
    raw_id_fields = ["enterprise", "park", "filed_by"]
    readonly_fields = ["flags", "filed_at", "revision"]
