"""Row-level checks of a layer being read: codes, geometries, numbers and coordinates.

Each check returns one :class:`~microparks.io.errors.RowError` per problem, so that a file's
every problem is reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.validation import explain_validity

from microparks.io.coordinates import (
    Boundary,
    CrsGuess,
    first_xy,
    guess_projected,
    lonlat_text,
    looks_swapped,
    outside,
    swap_axes,
)
from microparks.io.errors import RowError, gettext_noop


def text_of(value: Any) -> str:
    """A cell as trimmed text: empty for missing values, integral floats without ``.0``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # codes read as numbers by a GIS driver
    return str(value).strip()


def check_codes(codes: Sequence[str], rows: Sequence[int], name: str) -> list[RowError]:
    """Missing and duplicate codes (a duplicate names the row that has the code first)."""
    errors: list[RowError] = []
    first: dict[str, int] = {}
    for code, row in zip(codes, rows, strict=True):
        if not code:
            errors.append(RowError(row, name, gettext_noop("missing code")))
        elif code in first:
            reason = gettext_noop("duplicate code (also on row %(first)s)")
            errors.append(RowError(row, name, reason, code, {"first": first[code]}))
        else:
            first[code] = row
    return errors


NOT_FINITE = gettext_noop("not a finite coordinate")


def first_not_finite(geom: Any) -> str:
    """The first point of ``geom`` with a NaN or infinite coordinate, as ``x y``."""
    for x, y in shapely.get_coordinates(geom):
        if not (np.isfinite(x) and np.isfinite(y)):
            return f"{x} {y}"
    return ""


def check_geometry(
    geoms: gpd.GeoSeries, rows: Sequence[int], types: Sequence[str], reported: set[int]
) -> list[RowError]:
    """Empty, invalid or wrongly typed geometries (rows in ``reported`` are skipped)."""
    errors: list[RowError] = []
    for geom, row in zip(geoms.tolist(), rows, strict=True):
        if row in reported:  # unreadable WKT or coordinates: already reported
            continue
        if geom is None or geom.is_empty:
            errors.append(RowError(row, "geometry", gettext_noop("empty geometry")))
        elif types and geom.geom_type not in types:
            reason = gettext_noop("expected %(expected)s, got %(got)s")
            params = {"expected": " / ".join(types), "got": geom.geom_type}
            errors.append(RowError(row, "geometry", reason, "", params))
        elif not np.isfinite(shapely.get_coordinates(geom)).all():
            # NaN is not a number GEOS can place; say so rather than "invalid geometry"
            errors.append(RowError(row, "geometry", NOT_FINITE, first_not_finite(geom)))
        elif not geom.is_valid:
            reason = gettext_noop("invalid geometry: %(why)s")
            errors.append(RowError(row, "geometry", reason, "", {"why": explain_validity(geom)}))
    return errors


def check_numbers(
    frame: pd.DataFrame,
    rows: Sequence[int],
    numeric: Mapping[str, tuple[float | None, float | None]],
) -> list[RowError]:
    """Non-numeric and out-of-range values; converts the columns to numbers in place."""
    errors: list[RowError] = []
    for name, (low, high) in numeric.items():
        if name not in frame.columns:
            continue
        raw = frame[name].map(text_of)
        values = pd.to_numeric(raw.replace("", np.nan), errors="coerce")
        for text, value, row in zip(raw.tolist(), values.tolist(), rows, strict=True):
            if text == "":
                continue
            if np.isnan(value):
                errors.append(RowError(row, name, gettext_noop("not a number"), text))
            elif (low is not None and value < low) or (high is not None and value > high):
                bounds = " and ".join(
                    part
                    for part in (
                        f"≥ {low:g}" if low is not None else "",
                        f"≤ {high:g}" if high is not None else "",
                    )
                    if part
                )
                reason = gettext_noop("impossible value: must be %(bounds)s")
                errors.append(RowError(row, name, reason, text, {"bounds": bounds}))
        frame[name] = values
    return errors


# The coordinate checks' reasons (English templates; the web and the CLI translate them).
PROJECTED_ZONED = gettext_noop(
    "coordinates in metres, not longitude/latitude: they look like EPSG:%(epsg)s (%(crs)s), "
    "whose eastings carry the zone number; choose that CRS"
)
PROJECTED_UNZONED_NEAR = gettext_noop(
    "coordinates in metres, not longitude/latitude: they look like CGCS2000 Gauss–Krüger "
    "without the zone number in the easting (3° zones EPSG:4534–4554, 6° zones "
    "EPSG:4502–4512), and the numbers cannot tell the zone; the 3° zone of %(region)s is "
    "EPSG:%(epsg)s (%(crs)s): choose it if the file uses it"
)
PROJECTED_UNZONED = gettext_noop(
    "coordinates in metres, not longitude/latitude: they look like CGCS2000 Gauss–Krüger "
    "without the zone number in the easting (3° zones EPSG:4534–4554, 6° zones "
    "EPSG:4502–4512), and the numbers cannot tell the zone: choose the CRS of the file's "
    "central meridian"
)
PROJECTED_UNKNOWN = gettext_noop(
    "coordinates in metres, not longitude/latitude, in a CRS not recognised: choose the file's CRS"
)
SWAPPED_COLUMNS = gettext_noop(
    "longitude and latitude look swapped (%(x)s is a latitude, %(y)s a longitude): swap the "
    "columns %(lon)s and %(lat)s"
)
SWAPPED = gettext_noop(
    "longitude and latitude look swapped (%(x)s is a latitude, %(y)s a longitude): the "
    "longitude comes first"
)
MISMATCH_ZONED = gettext_noop(
    "the coordinates do not fit EPSG:%(given)s: their eastings carry the zone number of "
    "EPSG:%(epsg)s (%(crs)s); choose that CRS"
)
MISMATCH_UNZONED = gettext_noop(
    "the coordinates do not fit EPSG:%(given)s: their eastings carry no zone number; the same "
    "zone without it is EPSG:%(epsg)s (%(crs)s)"
)
NOT_LONLAT = gettext_noop("coordinates are not longitude/latitude from %(crs)s: wrong CRS?")
OUTSIDE = gettext_noop("outside %(region)s (more than %(km)s km beyond its boundary)")


def _number(value: float) -> str:
    return f"{value:.10g}"


def projected_problem(guess: CrsGuess, within: Boundary | None) -> tuple[str, dict[str, Any]]:
    """The reason and parameters for metres where longitude/latitude were expected."""
    if guess.kind == "zoned":
        return PROJECTED_ZONED, {"epsg": guess.epsg, "crs": guess.crs_name}
    if guess.kind == "unzoned" and within is not None:
        params = {"region": within.name, "epsg": guess.epsg, "crs": guess.crs_name}
        return PROJECTED_UNZONED_NEAR, params
    if guess.kind == "unzoned":
        return PROJECTED_UNZONED, {}
    return PROJECTED_UNKNOWN, {}


def _lonlat_problem(
    x: float, y: float, row: int, columns: tuple[str, str] | None, within: Boundary | None
) -> RowError | None:
    """Metres or swapped axes where a geographic CRS expects longitude, latitude."""
    field = "/".join(columns) if columns else "geometry"
    value = f"{_number(x)}, {_number(y)}"
    guess = guess_projected(x, y, within)
    if guess is not None:
        reason, params = projected_problem(guess, within)
        return RowError(row, field, reason, value, params)
    if looks_swapped(x, y, within):
        params = {"x": _number(x), "y": _number(y)}
        if columns:
            return RowError(
                row, field, SWAPPED_COLUMNS, value, {**params, "lon": columns[0], "lat": columns[1]}
            )
        return RowError(row, field, SWAPPED, value, params)
    return None


def _gauss_kruger_family(epsg: int | None) -> str:
    """``zoned``, ``unzoned`` or ``""``: which CGCS2000 Gauss–Krüger family ``epsg`` is in."""
    if epsg is None:
        return ""
    if 4491 <= epsg <= 4501 or 4513 <= epsg <= 4533:
        return "zoned"
    if 4502 <= epsg <= 4512 or 4534 <= epsg <= 4554:
        return "unzoned"
    return ""


def _zone_problem(
    x: float, y: float, row: int, field: str, given: int | None, value: str
) -> RowError | None:
    """Eastings whose zone number (or its absence) contradicts the Gauss–Krüger CRS given."""
    family = _gauss_kruger_family(given)
    guess = guess_projected(x, y)
    if not family or guess is None or guess.kind == "unknown":
        return None
    if guess.kind == "zoned" and guess.epsg != given:
        params = {"given": given, "epsg": guess.epsg, "crs": guess.crs_name}
        return RowError(row, field, MISMATCH_ZONED, value, params)
    if guess.kind == "unzoned" and family == "zoned" and given is not None:
        # the same meridian: 3° zones 4513–4533 ↔ 4534–4554, 6° zones 4491–4501 ↔ 4502–4512
        same = given + 21 if given >= 4513 else given + 11
        crs = CrsGuess("unzoned", same).crs_name
        return RowError(
            row, field, MISMATCH_UNZONED, value, {"given": given, "epsg": same, "crs": crs}
        )
    return None


def check_coordinates(
    geoms: gpd.GeoSeries,
    rows: Sequence[int],
    source: CRS | None,
    *,
    columns: tuple[str, str] | None = None,
    within: Boundary | None = None,
) -> tuple[gpd.GeoSeries, list[RowError]]:
    """The geometries in EPSG:4326, and every row whose coordinates are not where they should be.

    Parameters
    ----------
    geoms : GeoSeries
        Valid geometries as written in the file (no CRS attached).
    rows : sequence of int
        The row number the user sees, per geometry.
    source : pyproj.CRS or None
        The file's CRS, or the one chosen for it; ``None`` for a table given none, which is
        longitude/latitude (EPSG:4326) unless its numbers are metres.
    columns : (str, str), optional
        The x and y columns of a table of points (named in messages; northing-first X/Y of a
        Gauss–Krüger table are read in that order).
    within : Boundary, optional
        The county (or township) every geometry must lie in, with its tolerance.

    Returns
    -------
    GeoSeries, list of RowError
        The reprojected geometries and the problems: metres without a CRS (with the CRS they
        look like), swapped longitude/latitude, eastings that contradict the CRS, results that
        are no longitude/latitude, and geometries outside ``within``.

    """
    field = "/".join(columns) if columns else "geometry"
    raw = geoms.to_numpy()
    points = [first_xy(g) for g in raw]
    written = [f"{_number(x)}, {_number(y)}" for x, y in points]  # the values as in the file
    errors: list[RowError] = []
    if source is None or source.is_geographic:
        found = [
            _lonlat_problem(x, y, row, columns, within)
            for (x, y), row in zip(points, rows, strict=True)
        ]
        errors += [e for e in found if e is not None]
        source = source or CRS.from_user_input("EPSG:4326")
    else:
        guesses = [guess_projected(x, y) for x, y in points]
        if columns and guesses and all(g is not None and g.northing_first for g in guesses):
            raw = swap_axes(raw)  # X north, Y east: the CRS's own axis order
            points = [(y, x) for x, y in points]
        given = source.to_epsg()
        found = [
            _zone_problem(x, y, row, field, given, shown)
            for (x, y), row, shown in zip(points, rows, written, strict=True)
        ]
        errors += [e for e in found if e is not None]
    projected = gpd.GeoSeries(raw, index=geoms.index, crs=source).to_crs("EPSG:4326")
    reported = {e.row for e in errors}
    errors += _not_lonlat(projected, rows, source.to_string(), reported)
    reported = {e.row for e in errors}
    if within is not None:
        errors += _outside(projected, rows, within, reported)
    return projected, errors


def _not_lonlat(
    geoms: gpd.GeoSeries, rows: Sequence[int], source: str, reported: set[int]
) -> list[RowError]:
    """Rows whose reprojected coordinates are outside longitude/latitude (a wrong CRS)."""
    bounds = geoms.bounds.to_numpy()
    ok = (
        np.isfinite(bounds).all(axis=1)
        & (bounds[:, 0] >= -180)
        & (bounds[:, 2] <= 180)
        & (bounds[:, 1] >= -90)
        & (bounds[:, 3] <= 90)
    )
    return [
        RowError(row, "geometry", NOT_LONLAT, "", {"crs": source})
        for row, good in zip(rows, ok.tolist(), strict=True)
        if not good and row not in reported
    ]


def _outside(
    geoms: gpd.GeoSeries, rows: Sequence[int], within: Boundary, reported: set[int]
) -> list[RowError]:
    """Rows whose geometry leaves ``within`` (value: its point or centroid, lon/lat)."""
    keep = [i for i, row in enumerate(rows) if row not in reported]
    if not keep:
        return []
    shapes = geoms.to_numpy()[keep]
    away = outside(shapes, within)
    params = {"region": within.name, "km": f"{within.tolerance_m / 1000:g}"}
    return [
        RowError(rows[i], "geometry", OUTSIDE, lonlat_text(*first_xy(shape)), params)
        for i, shape, gone in zip(keep, shapes, away.tolist(), strict=True)
        if gone
    ]
