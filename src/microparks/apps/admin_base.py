"""The admin's shared base: every list, form and permission follows the model's role scope.

Django's per-model permissions are not used: who may see a model is what its ``scope`` gives
the user's role (``restrict``), who may add, change or delete is the scope's ``edit`` roles.
The system administrator (role or superuser) may do everything; a user must be staff to reach
the admin at all (county officials are).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest

from microparks.apps.base import CHANGE, VIEW, Role, Scope

# The scope path each role is filtered through (see ``base._scope_lookup``).
ROLE_PATH = {
    Role.OFFICIAL: "region",
    Role.INVESTMENT: "region",
    Role.PARK_MANAGER: "park",
    Role.HANDLER: "department",
    Role.ENTERPRISE: "enterprise",
}


def is_admin(user: Any) -> bool:
    """Whether ``user`` is the system administrator (by role or as superuser)."""
    return bool(user.is_active and (user.is_superuser or user.role == Role.ADMIN))


def can_view_model(user: Any, model: type[models.Model]) -> bool:
    """Whether ``user``'s role reaches any row of ``model`` at all."""
    if is_admin(user):
        return True
    scope: Scope = model.scope  # type: ignore[attr-defined]
    path = ROLE_PATH.get(user.role)
    return scope.shared or (path is not None and getattr(scope, path) is not None)


def can_edit_model(user: Any, model: type[models.Model]) -> bool:
    """Whether ``user``'s role is among the model's editing roles."""
    return is_admin(user) or user.role in model.scope.edit  # type: ignore[attr-defined]


class ScopedPermissions:
    """Rows, choices and permissions that follow ``restrict``; mixed into admins and inlines."""

    model: type[models.Model]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        parent: Any = super()
        rows: models.QuerySet[Any] = parent.get_queryset(request).restrict(request.user)
        return rows

    def _in_scope(self, request: HttpRequest, obj: models.Model, action: str) -> bool:
        rows = self.model._default_manager.restrict(request.user, action)  # type: ignore[attr-defined]
        return bool(rows.filter(pk=obj.pk).exists())

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff and can_view_model(user, self.model)):
            return False
        # An inline is asked about the parent object: its own rows are cut by get_queryset.
        return obj is None or not isinstance(obj, self.model) or self._in_scope(request, obj, VIEW)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and can_edit_model(user, self.model))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self.has_add_permission(request):
            return False
        return (
            obj is None or not isinstance(obj, self.model) or self._in_scope(request, obj, CHANGE)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        _restrict_choices(db_field, request, kwargs)
        parent: Any = super()
        field: ModelChoiceField[Any] | None = parent.formfield_for_foreignkey(
            db_field, request, **kwargs
        )
        return field

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        _restrict_choices(db_field, request, kwargs)
        parent: Any = super()
        field: ModelMultipleChoiceField[Any] | None = parent.formfield_for_manytomany(
            db_field, request, **kwargs
        )
        return field


class ScopedAdmin(ScopedPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    """The base of every domain model's admin."""

    list_per_page = 50

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)


class ScopedTabularInline(ScopedPermissions, admin.TabularInline):  # type: ignore[type-arg]
    """An inline whose rows, choices and permissions follow ``restrict``."""

    extra = 0


def _restrict_choices(db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
    """Offer (and accept) only the related rows the user may see."""
    manager = db_field.related_model._default_manager
    if "queryset" not in kwargs and hasattr(manager, "restrict"):
        kwargs["queryset"] = manager.restrict(request.user)


class ReadOnlyAdmin(ScopedAdmin):
    """Rows that nobody edits through the admin (e.g. the audit log)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
