from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

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
