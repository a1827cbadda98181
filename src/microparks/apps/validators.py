"""Field validators shared by the models; each error names what is wrong."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from microparks.core.codes import CreditCodeError, check_credit_code
from microparks.core.geometry import GeometryError, check_polygon_geojson, check_site_geojson


def validate_credit_code(value: str) -> None:
    """Reject a unified social credit code that fails GB 32100 (length, alphabet, check)."""
    try:
        check_credit_code(value)
    except CreditCodeError as exc:
        reasons = {
            "length": _("a credit code has 18 characters, this one has %(length)s"),
            "alphabet": _("characters %(chars)s are not allowed (I, O, S, V, Z never occur)"),
            "check": _("check character is %(found)s, expected %(expected)s"),
        }
        reason = reasons[exc.kind] % exc.params if exc.kind in reasons else str(exc)
        raise ValidationError(
            _("Invalid unified social credit code: %(reason)s"),
            code="credit_code",
            params={"reason": reason},
        ) from exc


def validate_polygon(value: Any) -> None:
    """Reject GeoJSON that is not a valid (Multi)Polygon in longitude/latitude."""
    if value in (None, ""):
        return
    try:
        check_polygon_geojson(value)
    except GeometryError as exc:
        raise ValidationError(
            _("Invalid polygon geometry: %(reason)s"), code="geometry", params={"reason": str(exc)}
        ) from exc


def validate_site_location(value: Any) -> None:
    """Reject GeoJSON that is not a point or a valid (Multi)Polygon in longitude/latitude.

    A ledger's site has a point (经度/纬度 or X/Y) until an outline is added from a GIS file.
    """
    if value in (None, ""):
        return
    try:
        check_site_geojson(value)
    except GeometryError as exc:
        raise ValidationError(
            _("Invalid location: %(reason)s"), code="geometry", params={"reason": str(exc)}
        ) from exc


def validate_finite(value: Any) -> None:
    """Reject NaN and ±Infinity: no stored quantity is unknown-as-a-number or infinite.

    Min/Max validators cannot do it: every comparison with NaN is false, so NaN passes both.
    """
    if value is None:
        return
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        raise ValidationError(
            _("Enter a finite number (%(value)s is not one)."),
            code="not_finite",
            params={"value": value},
        )
