"""What the API routers share: error bodies, scoped look-ups and the scoped save.

Every read goes through ``Model.objects.restrict(user)`` and every write through
``restrict(user, "change")``. An object outside the user's scope is answered with 404, exactly
as if it did not exist; a role that may see an object but not change it gets 403.

Validation errors always have the same body, whether pydantic (types, missing fields) or the
model's ``full_clean()`` (values, geometry, codes, uniqueness) found them::

    {"errors": {"land_area_m2": ["Ensure this value is greater than or equal to 0."]}}

Pydantic checks the request first: a body with wrong types or missing fields is answered with
those errors alone, and the model's checks run once the types are right.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import WithJsonSchema

from microparks.apps.base import CHANGE, VIEW, Role

M = TypeVar("M", bound=models.Model)

NON_FIELD = "__all__"
# Where ninja puts a request part in an error's ``loc``; the name after it is the field.
_REQUEST_PARTS = {"body", "query", "path", "form", "header", "cookie", "file"}


def choices_schema(choices: type[models.TextChoices]) -> WithJsonSchema:
    """The OpenAPI schema of a model's choices, inlined.

    Pydantic names an enum's schema after its class, and several models have a ``Status``:
    inlined, each field documents its own values.
    """
    return WithJsonSchema({"type": "string", "enum": list(choices.values)})


class ErrorsOut(Schema):
    """A 422 body: each offending field with its messages (``__all__`` for the whole object)."""

    errors: dict[str, list[str]]


class DetailOut(Schema):
    """A 401, 403 or 404 body."""

    detail: str


class ApiValidationError(Exception):
    """Invalid input, answered with 422 and ``{"errors": {field: [message, ...]}}``."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)


def errors_from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Turn a model's ``ValidationError`` into ``{field: [message, ...]}``."""
    if hasattr(exc, "error_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {NON_FIELD: list(exc.messages)}


def errors_from_ninja(exc: NinjaValidationError) -> dict[str, list[str]]:
    """Turn ninja's request-validation errors (pydantic's) into ``{field: [message, ...]}``."""
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ())]
        part = loc.pop(0) if loc and loc[0] in _REQUEST_PARTS else None
        if part == "body":
            # ninja puts the parameter name (``payload``) before the field.
            loc = loc[1:]
        field = loc[0] if loc else NON_FIELD
        if err.get("type") == "missing":
            message = _("This field is required.")
        else:
            message = _("Invalid value: %(detail)s") % {"detail": err.get("msg", "")}
        errors.setdefault(field, []).append(message)
    return errors


def get_visible_or_404(model: type[M], user: Any, pk: int) -> M:
    """The object ``pk`` if ``user`` may see it, else 404 (whether or not it exists)."""
    obj = model.objects.restrict(user, VIEW).filter(pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404
    return obj  # type: ignore[no-any-return]


def get_changeable(model: type[M], user: Any, pk: int) -> M:
    """The object ``pk`` if ``user`` may change it; 403 if they may only see it; else 404."""
    manager = model.objects  # type: ignore[attr-defined]
    obj = manager.restrict(user, CHANGE).filter(pk=pk).first()
    if obj is not None:
        return obj  # type: ignore[no-any-return]
    if manager.restrict(user, VIEW).filter(pk=pk).exists():
        raise HttpError(403, _("Your role may not change this."))
    raise Http404


def get_related_in_scope(
    model: type[models.Model], field: str, user: Any, pk: int, action: str = CHANGE
) -> models.Model | None:
    """The row ``pk`` that ``model.field`` may point to, if ``user`` may ``action`` it, else None.

    Follows the relation the model declares (e.g. a site's ``park``), so an app can check a
    reference into another app without importing that app's models.
    """
    related: Any = model._meta.get_field(field).related_model
    return related.objects.restrict(user, action).filter(pk=pk).first()  # type: ignore[no-any-return]


def check_may_create(model: type[models.Model], user: Any) -> None:
    """Raise 403 unless ``user``'s role may edit ``model`` (its ``scope.edit``, or admin)."""
    if not user.has_role(*model.scope.edit):  # type: ignore[attr-defined]
        raise HttpError(403, _("Your role may not change this."))


def scope_field(user: Any) -> str:
    """The input field that places an object in ``user``'s scope (for error messages)."""
    return "park" if user.role == Role.PARK_MANAGER else "region"


def save_in_scope(
    user: Any,
    obj: models.Model,
    *,
    errors: dict[str, list[str]] | None = None,
) -> None:
    """Validate with ``full_clean()`` and save, all or nothing, only inside ``user``'s scope.

    ``errors`` are what the caller already found (e.g. an unknown region code); they are
    reported together with the model's own errors, and their fields are not validated again.
    The scope check runs on the saved row through the same ``restrict(user, "change")`` that
    guards every read and write, so the rule lives in one place; a row that would fall outside
    the user's scope is rolled back and reported against the field that places it
    (:func:`scope_field`).
    """
    found = dict(errors or {})
    try:
        obj.full_clean(exclude=list(found))
    except DjangoValidationError as exc:
        for field, messages in errors_from_django(exc).items():
            found.setdefault(field, []).extend(messages)
    if found:
        raise ApiValidationError(found)
    manager = type(obj).objects  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            obj.save()
            if not manager.restrict(user, CHANGE).filter(pk=obj.pk).exists():
                raise ApiValidationError(
                    {scope_field(user): [_("Saving this would put it outside your area.")]}
                )
    except IntegrityError as exc:
        raise ApiValidationError({NON_FIELD: [_("This conflicts with a stored record.")]}) from exc
