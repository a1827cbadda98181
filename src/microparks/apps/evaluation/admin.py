from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin
from microparks.apps.evaluation.models import Campaign, Objection, Result, Submission, Veto


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["region", "year", "scheme", "scheme_version", "status", "objection_deadline"]
    list_filter = ["status", "scheme", "year"]
    readonly_fields = ["scheme", "scheme_version", "run_at", "skipped"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The scheme version is the run's record: runs set it, nobody edits it afterwards.
        fixed = super().get_readonly_fields(request, obj)
        return [*fixed, "rules"] if obj is not None else fixed


@admin.register(Result)
class ResultAdmin(ScopedAdmin):
    """Results are written by the evaluation run only: read them here."""

    list_display = ["enterprise", "campaign", "park", "total", "evaluation_class"]
    list_filter = ["evaluation_class", "campaign"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Veto)
class VetoAdmin(ScopedAdmin):
    list_display = ["enterprise", "campaign", "reason", "reference", "recorded_by"]
    list_filter = ["reason"]
    raw_id_fields = ["enterprise", "recorded_by"]


@admin.register(Objection)
class ObjectionAdmin(ScopedAdmin):
    list_display = ["result", "status", "submitted_by", "decided_by", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["result", "submitted_by", "decided_by"]


@admin.register(Submission)
class SubmissionAdmin(ScopedAdmin):
    """Filings change through the portal and the review pages only: read them here."""

    list_display = ["enterprise", "year", "status", "submitted_by", "submitted_at", "reviewed_by"]
    list_filter = ["status", "year"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
