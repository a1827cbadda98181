from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.suitability.models import (
    AssetImport,
    ContextLayer,
    MappingTemplate,
    ScoringJob,
)


@admin.register(AssetImport)
class AssetImportAdmin(ScopedAdmin):
    list_display = ["file_name", "region", "created_count", "updated_count", "created_at"]
    readonly_fields = ["sha256", "source_crs", "imported_by"]


@admin.register(ContextLayer)
class ContextLayerAdmin(ScopedAdmin):
    list_display = ["name", "region", "feature_count", "source_file", "updated_at"]
    exclude = ["features"]


@admin.register(ScoringJob)
class ScoringJobAdmin(ScopedAdmin):
    list_display = ["scheme_name", "scheme_version", "region", "status", "created_at"]
    exclude = ["scheme"]


@admin.register(MappingTemplate)
class MappingTemplateAdmin(ScopedAdmin):
    list_display = ["name", "region", "updated_at"]
    readonly_fields = ["columns", "created_by"]
