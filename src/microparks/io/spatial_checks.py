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
from shapely.validation import explain_validity

from microparks.io.errors import RowError


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
            errors.append(RowError(row, name, "missing code"))
        elif code in first:
            errors.append(RowError(row, name, f"duplicate code (also on row {first[code]})", code))
        else:
            first[code] = row
    return errors


def check_geometry(
    geoms: gpd.GeoSeries, rows: Sequence[int], types: Sequence[str], reported: set[int]
) -> list[RowError]:
    """Empty, invalid or wrongly typed geometries (rows in ``reported`` are skipped)."""
    errors: list[RowError] = []
    for geom, row in zip(geoms.tolist(), rows, strict=True):
        if row in reported:  # unreadable WKT or coordinates: already reported
            continue
        if geom is None or geom.is_empty:
            errors.append(RowError(row, "geometry", "empty geometry"))
        elif types and geom.geom_type not in types:
            errors.append(
                RowError(row, "geometry", f"expected {' or '.join(types)}, got {geom.geom_type}")
            )
        elif not geom.is_valid:
            errors.append(RowError(row, "geometry", f"invalid geometry: {explain_validity(geom)}"))
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
                errors.append(RowError(row, name, "not a number", text))
            elif (low is not None and value < low) or (high is not None and value > high):
                bounds = " and ".join(
                    part
                    for part in (
                        f"≥ {low:g}" if low is not None else "",
                        f"≤ {high:g}" if high is not None else "",
                    )
                    if part
                )
                errors.append(RowError(row, name, f"impossible value: must be {bounds}", text))
        frame[name] = values
    return errors


def check_lonlat(geoms: gpd.GeoSeries, rows: Sequence[int], source: str) -> list[RowError]:
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
        RowError(
            row, "geometry", f"coordinates are not longitude/latitude from {source}: wrong CRS?"
        )
        for row, good in zip(rows, ok.tolist(), strict=True)
        if not good
    ]
