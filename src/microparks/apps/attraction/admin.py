from django.contrib import admin

from microparks.apps.admin_base import ScopedAdmin, ScopedTabularInline
from microparks.apps.attraction import after_signing
from microparks.apps.attraction.forms import LocationFields
from microparks.apps.attraction.models import Activity, Commitment, Prospect, StageTransition
from microparks.apps.attraction.services import GATE_FIELDS


class ProspectAdminForm(LocationFields):
    """The admin's prospect form: the location as longitude and latitude."""

    class Meta:
        model = Prospect
        exclude = ["location"]


class ActivityInline(ScopedTabularInline):
    model = Activity
    fields = ["kind", "date", "summary", "next_follow_up", "by"]
    raw_id_fields = ["by"]


class TransitionInline(ScopedTabularInline):
    """Stage changes go through the pipeline's services (admission gate, override audit)."""

    model = StageTransition
    fields = ["at", "from_stage", "to_stage", "reason", "override", "decision", "by"]
    readonly_fields = ["at", "from_stage", "to_stage", "reason", "override", "decision", "by"]
    can_delete = False

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Prospect)
class ProspectAdmin(ScopedAdmin):
    form = ProspectAdminForm
    list_display = ["name", "company_name", "industry", "stage", "source", "target_park", "owner"]
    list_filter = ["stage", "source"]
    search_fields = ["name", "company_name", "origin_region"]
    autocomplete_fields = ["enterprise", "industry", "region", "target_park", "target_site"]
    raw_id_fields = ["owner"]
    date_hierarchy = "next_follow_up"
    inlines = [ActivityInline, TransitionInline]
    # Stages change only through the pipeline (admission gate, override audit); a prospect
    # added here starts as a lead.
    readonly_fields = ["stage"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        """Save, then run the admission gate as the pipeline's services do."""
        super().save_model(request, obj, form, change)
        changed = set(form.changed_data) & set(GATE_FIELDS)
        after_signing.recheck(obj, request.user, force=bool(change and changed))


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    list_display = ["prospect", "kind", "date", "next_follow_up", "by"]
    list_filter = ["kind"]
    search_fields = ["prospect__name", "summary"]
    autocomplete_fields = ["prospect"]
    raw_id_fields = ["by"]
    date_hierarchy = "date"


@admin.register(Commitment)
class CommitmentAdmin(ScopedAdmin):
    list_display = ["prospect", "signed_on", "investment_cny", "jobs", "tax_cny_per_year"]
    search_fields = ["prospect__name"]
    autocomplete_fields = ["prospect"]
