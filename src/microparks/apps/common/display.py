"""Plain display of a model's fields for the detail pages, with areas also in mu.

A GeoJSON ``geometry`` is shown as what kind of location it is (a ledger's point, with its
coordinates, or an outline), not as its coordinates' text; the map beside it draws it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from microparks.core.geometry import calc_location_lonlat, location_kind
from microparks.core.units import M2_PER_MU

SKIPPED = {"id", "created_at", "updated_at"}


def field_rows(obj: models.Model, exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(label, text) of each concrete field of ``obj`` except ``exclude``, in model order."""
    skipped = SKIPPED | set(exclude)
    return [
        (_("location"), location_text(obj.geometry))  # type: ignore[attr-defined]
        if f.name == "geometry"
        else (str(f.verbose_name), _display(obj, f))
        for f in obj._meta.concrete_fields
        if f.name not in skipped
    ]


def person_name(user: Any) -> str:
    """How a person is named on a page: their full name, else their username; ``—`` for none.

    None is ``None`` or the empty string a template gives for a missing ``event.user``.
    """
    if not user:
        return "—"
    return str(user.get_full_name() or user.username)


def location_text(geometry: Any) -> str:
    """Whether a location is a point (with its longitude, latitude) or an outline."""
    kind = location_kind(geometry)
    if kind == "point":
        lon, lat = calc_location_lonlat(geometry)
        return _("Point from the ledger (%(lon).6f, %(lat).6f); no outline yet") % {
            "lon": lon,
            "lat": lat,
        }
    if kind == "outline":
        return _("Outline (parcel polygon)")
    return "—"


def _display(obj: models.Model, f: Any) -> str:
    if f.choices:
        value = getattr(obj, f.attname)
        return str(getattr(obj, f"get_{f.name}_display")()) if value not in (None, "") else "—"
    value = getattr(obj, f.name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):  # stored in UTC: shown in local time
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, date):
        return date_format(value)
    if f.name.endswith("area_m2"):
        area = number_format(value, 0, force_grouping=True)
        mu = number_format(value / M2_PER_MU, 2, force_grouping=True)
        unit = _("mu")  # outside the f-string, where makemessages finds it
        return f"{area} m² ({mu} {unit})"
    if f.name.endswith("year"):
        return str(value)  # 1982, not 1,982
    if isinstance(value, (int, float)) or hasattr(value, "quantize"):
        return str(number_format(value, force_grouping=True))
    return str(value)
