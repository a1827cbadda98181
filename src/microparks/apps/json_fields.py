"""Strict JSON in the database: every JSON field refuses NaN and ±Infinity by name.

Python's ``json`` writes ``NaN`` and ``Infinity``, which are not JSON: PostgreSQL's jsonb refuses
them with a server error, and SQLite's ``JSON_VALID`` check (Django puts one on every JSON
column) with an ``IntegrityError`` that names no field.
A missing number is ``None`` (JSON ``null``). ``tests/apps/test_model_bounds.py`` checks that
every JSON field of the project is a :class:`StrictJSONField`.
"""

from __future__ import annotations

import json
import math
import re
from numbers import Integral, Real
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Value
from django.utils.translation import gettext_lazy as _


def finite_or_none(value: Any) -> Any:
    """``value`` with each non-finite number (NaN, ±Infinity) replaced by ``None``, in depth.

    For a computed result about to be stored, where NaN means "no figure" (an indicator no firm
    of a group reports, a range over no data): JSON says that with ``null``. Numpy scalars come
    back as Python floats, so the result is plain JSON-ready data.
    """
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_none(v) for v in value]
    if isinstance(value, Real) and not isinstance(value, Integral):
        number = float(value)
        return number if math.isfinite(number) else None
    return value


NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")
r"""The escape ``\u0000`` in encoded JSON, not itself escaped (``\\u0000`` is an escaped
backslash followed by ``u0000``, left alone)."""


class StrictJSONEncoder(json.JSONEncoder):
    r"""``json.JSONEncoder`` that raises ``ValueError`` on NaN and ±Infinity.

    A NUL character in a string (a spoiled cell of an uploaded file, kept as a row problem's
    value) becomes U+FFFD, the replacement character: PostgreSQL's jsonb cannot hold ``\u0000``
    and refused the whole save, while SQLite kept it; now both keep the same.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_nan"] = False
        super().__init__(*args, **kwargs)

    def encode(self, o: Any) -> str:
        text = super().encode(o)
        return NUL_ESCAPE.sub(r"\1\\ufffd", text) if "u0000" in text else text


class StrictJSONField(models.JSONField):
    """A ``JSONField`` encoding with :class:`StrictJSONEncoder`, refusing non-JSON numbers.

    ``full_clean`` gives a ``ValidationError`` on the field; ``save``, ``bulk_create`` and
    ``update`` a ``ValueError`` naming the model and the field (instead of the database's
    opaque refusal).
    """

    default_error_messages = {
        "not_json": _(
            "NaN and Infinity are not JSON numbers; a missing number is left empty (null)."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("encoder", StrictJSONEncoder)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        # The encoder is the class's own: migrations need not repeat it on every field.
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("encoder") is StrictJSONEncoder:
            del kwargs["encoder"]
        return name, path, args, kwargs

    def _dumps(self, value: Any) -> None:
        json.dumps(value, cls=self.encoder)

    def validate(self, value: Any, model_instance: Any) -> None:
        try:
            self._dumps(value)
        except ValueError as exc:
            raise ValidationError(self.error_messages["not_json"], code="not_json") from exc
        super().validate(value, model_instance)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        # Checked here, not by catching the encoder's error below: psycopg encodes a jsonb value
        # only when the query runs, where the error could no longer name the field.
        plain = value.value if isinstance(value, Value) else value
        if not hasattr(plain, "as_sql"):
            try:
                self._dumps(plain)
            except ValueError as exc:
                label = f"{self.model._meta.label}.{self.name}" if hasattr(self, "model") else ""
                raise ValueError(
                    f"{label}: NaN and Infinity are not JSON; store None for a missing number "
                    f"({exc})"
                ) from exc
        return super().get_db_prep_value(value, connection, prepared)
