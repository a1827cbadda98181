"""The admin's shared base: every list, form and permission follows the model's role scope.

Django's per-model permissions are not used: who may see a model is what its ``scope`` gives
the user's role (``restrict``), who may add, change or delete is the scope's ``edit`` roles.
The system administrator (role or superuser) may do everything; a user must be staff to reach
the admin at all (county officials are).

Every place the admin names related rows follows ``restrict`` too: the filter side bar (Django
reads a related filter's choices from the related model's unrestricted manager), the form's
choice fields (declared ones included) and, through the related model's scoped admin, the
autocomplete view.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.db.models import Q
from django.forms import BaseForm, ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest

from microparks.apps.base import CHANGE, VIEW, Role, Scope
from microparks.apps.common.revision_forms import SEEN, revision_checked
from microparks.apps.revisioned import is_revisioned

# The scope path each role is filtered through (see ``base._scope_lookup``).
ROLE_PATH = {
    Role.OFFICIAL: "region",
    Role.INVESTMENT: "region",
    Role.PARK_MANAGER: "park",
    Role.HANDLER: "department",
    Role.ENTERPRISE: "enterprise",
    Role.LABOUR_SERVICE: "labour",
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


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related field's filter that lists only the related rows the user may see."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        ordering = self.field_admin_ordering(field, request, model_admin)
        manager = field.related_model._default_manager
        if not hasattr(manager, "restrict"):
            return field.get_choices(include_blank=False, ordering=ordering)
        limit = Q(pk__in=manager.restrict(request.user).values("pk"))
        own = field.get_limit_choices_to() if hasattr(field, "get_limit_choices_to") else None
        if own:
            limit &= own if isinstance(own, Q) else Q(**own)
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=limit)


class ScopedAllValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """A filter on a plain field across a relation: the values of the rows in scope only.

    Django reads them from the other model's unrestricted manager; here they come through the
    admin's own (restricted) rows.
    """

    def __init__(self, field: Any, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(field, request, *args, **kwargs)
        model_admin = args[2] if len(args) > 2 else kwargs["model_admin"]
        rows = model_admin.get_queryset(request).distinct().order_by(self.field_path)
        self.lookup_choices = rows.values_list(self.field_path, flat=True)


def scoped_list_filter(model: type[models.Model], entry: Any) -> Any:
    """``entry`` of ``list_filter`` with a scoped filter class where Django's would leak."""
    if not isinstance(entry, str):
        return entry  # a filter class or (path, class): chosen on purpose
    field = get_fields_from_path(model, entry)[-1]
    if field.is_relation:
        return (entry, ScopedRelatedFieldListFilter)
    if "__" in entry and not getattr(field, "choices", None):
        return (entry, ScopedAllValuesFieldListFilter)
    return entry


def restrict_form_choices(form: BaseForm, user: Any) -> None:
    """Cut every model choice field of ``form`` (declared ones too) to the rows ``user`` sees."""
    for field in form.fields.values():
        if not isinstance(field, ModelChoiceField) or field.queryset is None:
            continue
        manager = field.queryset.model._default_manager
        if hasattr(manager, "restrict"):
            field.queryset = field.queryset.filter(pk__in=manager.restrict(user).values("pk"))


class ScopedAdmin(ScopedPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    """The base of every domain model's admin."""

    list_per_page = 50
    # A filtered list counts its rows once; the "of N in all" figure would count the whole
    # table again on every filtered page (the audit log grows without end).
    show_full_result_count = False

    def __init__(self, model: type[models.Model], admin_site: Any) -> None:
        super().__init__(model, admin_site)
        if is_revisioned(model):  # a change form based on an older revision is refused
            self.form = revision_checked(self.form)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if not is_revisioned(self.model):
            return fieldsets
        # The hidden revision goes with a change form the user may save, and only there.
        wanted = obj is not None and self.has_change_permission(request, obj)
        cut: list[tuple[Any, dict[str, Any]]] = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != SEEN]})
            for name, opts in fieldsets
        ]
        if wanted and cut:
            name, opts = cut[0]
            cut[0] = (name, {**opts, "fields": [*opts["fields"], SEEN]})
        return cut

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [scoped_list_filter(self.model, e) for e in super().get_list_filter(request)]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ScopedForm(form):  # type: ignore[misc,valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                restrict_form_choices(self, user)

        ScopedForm.__name__ = ScopedForm.__qualname__ = form.__name__
        return ScopedForm


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
