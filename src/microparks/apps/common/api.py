"""What the API routers share: error bodies, scoped look-ups and the scoped save.

Every read goes through ``Model.objects.restrict(user)`` and every write through
``restrict(user, "change")``. An object outside the user's scope is answered with 404, exactly
as if it did not exist; a role that may see an object but not change it gets 403.

Validation errors always have the same body, whether pydantic (types, missing fields) or the
model's ``full_clean()`` (values, geometry, codes, uniqueness) found them::

    {"errors": {"land_area_m2": ["Ensure this value is greater than or equal to 0."]}}

Pydantic checks the request first: a body with wrong types or missing fields is answered with
those errors alone, and the model's checks run once the types are right.

Every input has limits: list pages are :class:`Pagination` (``limit`` ≤ :data:`MAX_PAGE`,
``offset`` ≤ :data:`MAX_OFFSET`, a 422 naming the limit beyond), ids are :data:`ObjectId`
(1 … 2⁶³ − 1, what the databases store), numbers are finite and bounded (:func:`finite`), and
responses are strict JSON (:class:`StrictJSONRenderer`: no NaN or Infinity).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar, overload

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import Field, Path, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.renderers import JSONRenderer
from pydantic import WithJsonSchema

from microparks.apps.base import CHANGE, VIEW, Role
from microparks.apps.json_fields import finite_or_none

M = TypeVar("M", bound=models.Model)

NON_FIELD = "__all__"
MAX_PAGE = 1000
"""The most rows one list page returns."""
MAX_OFFSET = 1_000_000
"""The furthest a list may be paged: far beyond a county's rows, well inside what SQL takes."""
MAX_ID = 2**63 - 1
"""The largest id a database row may have (a signed 64-bit integer)."""
MAX_QUANTITY = 1e15
"""Bound of any amount, area or quantity sent to the API (10¹⁵ CNY is a thousand times a
province's yearly output): finite, so no ``1e308`` reaches a model, a sum or a JSON answer."""

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
"""A row id in a URL path: a negative or too large id is a 422, never a server error."""
RefId = Annotated[int, Field(ge=1, le=MAX_ID, description="Row id")]
"""A row id in a request body or query."""


def finite(ge: float | None = 0, le: float = MAX_QUANTITY, **kwargs: Any) -> Any:
    """A number field that refuses NaN, ±Infinity and values outside ``[ge, le]``."""
    return Field(allow_inf_nan=False, ge=ge, le=le, **kwargs)


Quantity = Annotated[float, finite(ge=-MAX_QUANTITY)]
"""A finite amount (m², kVA, t/day …) of at most :data:`MAX_QUANTITY` either way; the model's
validators refuse a negative one, together with the other fields' problems."""


class Pagination(LimitOffsetPagination):
    """``limit``/``offset`` pages with both ends capped: beyond them a 422 names the limit.

    django-ninja's own pagination silently clamps ``limit`` and lets any ``offset`` through
    (a huge one overflowed SQL and answered 500).
    """

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE, description="Rows per page")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)


class BuiltRows(Sequence[Any]):
    """A queryset whose page is built into answers only when :class:`Pagination` slices it.

    For lists whose rows need more than the schema reads (related rows fetched per page):
    ``build`` turns the page's objects into the answers, and the count is one ``COUNT``.
    """

    def __init__(self, rows: models.QuerySet[Any], build: Callable[[list[Any]], list[Any]]):
        self.rows, self.build = rows, build

    def __len__(self) -> int:
        return self.rows.count()

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return self.build(list(self.rows[index]))
        return self.build([self.rows[index]])[0]


def strict_json(value: Any) -> Any:
    """``value`` with every non-finite float (NaN, ±Infinity) replaced by ``None``.

    JSON has no NaN or Infinity; Python's encoder writes them anyway and browsers and
    ``jq`` refuse such a document. A stored value should never be non-finite (the models
    refuse them); this keeps an answer readable if an old row holds one.
    """
    return finite_or_none(value)


class StrictJSONRenderer(JSONRenderer):
    """ninja's JSON renderer, writing strict JSON: non-finite numbers become ``null``."""

    json_dumps_params = {"allow_nan": False}

    def render(self, request: Any, data: Any, *, response_status: int) -> Any:
        return super().render(request, strict_json(data), response_status=response_status)


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
        kind, ctx = err.get("type"), err.get("ctx") or {}
        if kind == "missing":
            message = _("This field is required.")
        elif kind in _BOUNDS and _BOUNDS[kind] in ctx:
            message = _BOUND_MESSAGES[kind] % {"limit_value": ctx[_BOUNDS[kind]]}
        elif kind == "finite_number":
            message = _("Enter a finite number (not NaN or infinity).")
        else:
            message = _("Invalid value: %(detail)s") % {"detail": err.get("msg", "")}
        errors.setdefault(field, []).append(message)
    return errors


# pydantic's bound errors, said with Django's own (translated) messages, naming the limit.
_BOUNDS = {"less_than_equal": "le", "greater_than_equal": "ge"}
_BOUND_MESSAGES = {
    "less_than_equal": _lazy("Ensure this value is less than or equal to %(limit_value)s."),
    "greater_than_equal": _lazy("Ensure this value is greater than or equal to %(limit_value)s."),
}


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
