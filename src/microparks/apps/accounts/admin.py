from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from microparks.apps.accounts import services
from microparks.apps.accounts.models import Department, User
from microparks.apps.admin_base import ScopedAdmin


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ["name", "region", "categories"]
    search_fields = ["name", "categories"]
    autocomplete_fields = ["region"]


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "get_full_name", "role", "region", "department", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email", "phone"]
    autocomplete_fields = ["region", "department", "enterprise"]
    filter_horizontal = ["parks", "groups", "user_permissions"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (
            _("Role and scope"),
            {"fields": ["role", "region", "parks", "department", "enterprise", "phone"]},
        ),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ["role", "region", "department", "enterprise"]}),
    ]
    actions = ["unlock", "remove_second_factor"]

    def has_security_permission(self, request: HttpRequest) -> bool:
        """Unlocking and removing second factors is for system administrators only."""
        return services.is_administrator(request.user)

    @admin.action(description=_("Unlock the selected accounts"), permissions=["security"])
    def unlock(self, request: HttpRequest, queryset: Any) -> None:
        cleared = [services.unlock(u.username, actor=request.user) for u in queryset]
        attempts = sum(c.attempts for c in cleared)
        message = ngettext(
            "%(accounts)d account unlocked (%(attempts)d failed sign-ins cleared).",
            "%(accounts)d accounts unlocked (%(attempts)d failed sign-ins cleared).",
            len(cleared),
        ) % {"accounts": len(cleared), "attempts": attempts}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description=_("Remove the second factor of the selected accounts"),
        permissions=["security"],
    )
    def remove_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        removed = sum(1 for u in queryset if services.remove_devices(u, actor=request.user))
        message = ngettext(
            "The second factor of %(n)d account was removed; it is set up again at sign-in.",
            "The second factors of %(n)d accounts were removed; they are set up again at sign-in.",
            removed,
        ) % {"n": removed}
        self.message_user(request, message, messages.SUCCESS)
