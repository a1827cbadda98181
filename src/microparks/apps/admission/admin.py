from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from microparks.apps.admin_base import ReadOnlyAdmin, ScopedAdmin
from microparks.apps.admission.models import Decision, Declaration, RuleSet
from microparks.apps.admission.services import activate_rule_set
from microparks.io.rules import shipped_document


@admin.register(RuleSet)
class RuleSetAdmin(ScopedAdmin):
    list_display = ["park", "name", "version", "active", "created_by", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "version", "park__name"]
    autocomplete_fields = ["park"]
    readonly_fields = ["name", "version", "active", "created_by", "created_at"]
    fields = ["park", "name", "version", "active", "text", "notes", "created_by", "created_at"]
    actions = ["activate"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("text", shipped_document("admission").text())
        return initial

    def save_model(self, request: HttpRequest, obj: RuleSet, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Activate the selected version (validated first)"))
    def activate(self, request: HttpRequest, queryset: QuerySet[RuleSet]) -> None:
        chosen = list(queryset)
        if len({r.park_id for r in chosen}) != len(chosen):
            self.message_user(
                request, _("Choose at most one version per park."), level=messages.ERROR
            )
            return
        for rule_set in chosen:
            try:
                activate_rule_set(rule_set, request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request,
                    _("%(rules)s was not activated: %(error)s")
                    % {"rules": rule_set.label, "error": "; ".join(_messages(exc))},
                    level=messages.ERROR,
                )
            else:
                self.message_user(request, _("%(rules)s is active.") % {"rules": rule_set.label})


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc)]


@admin.register(Declaration)
class DeclarationAdmin(ScopedAdmin):
    list_display = ["prospect", "output_cny", "water_m3", "site_sensitivity", "updated_at"]
    search_fields = ["prospect__name", "prospect__company_name"]
    autocomplete_fields = ["prospect"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["prospect", "outcome", "rule_set_name", "rule_set_version", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["prospect__name", "inputs_hash"]
    date_hierarchy = "decided_at"
