"""Tables whose rows are places: a county's ledger with 经度/纬度, X/Y or a WKT outline per row.

The table is read by :func:`microparks.io.ledger.read_sheet` (title rows, totals, GBK …), so
its index holds the row numbers the user sees. With a vocabulary, the coordinate columns are
the ones it recognises (东经, 经度（°）, X坐标 …) and the other columns become our fields
(:func:`ledger_fields`); without one, the usual English and Chinese names are looked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from microparks.core.vocabulary import Vocabulary, match_headers
from microparks.io.errors import ImportFileError, RowError, gettext_noop
from microparks.io.ledger import Ledger, Sheet, read_ledger, read_sheet
from microparks.io.spatial_checks import text_of

TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")
LON_NAMES = ("lon", "lng", "longitude", "x", "经度", "x坐标")
LAT_NAMES = ("lat", "latitude", "y", "纬度", "y坐标")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom")
COORDINATE_FIELDS = ("longitude", "latitude", "x", "y")
"""Vocabulary fields that locate a row rather than describe it."""


@dataclass(frozen=True)
class GeometryColumns:
    """The columns holding a row's outline (WKT) and point (longitude or X, latitude or Y)."""

    wkt: str | None
    lon: str | None
    lat: str | None


def read_table(path: Path, sheet: str | int | None, vocabulary: Vocabulary | None) -> Sheet:
    """The table of a CSV or workbook, under its header row (see :func:`read_sheet`)."""
    return read_sheet(path, sheet=sheet, vocabulary=vocabulary)


def _pick(columns: Sequence[str], names: Sequence[str]) -> str | None:
    lower = {c.strip().lower(): c for c in columns}
    return next((lower[n] for n in names if n in lower), None)


def geometry_columns(columns: Sequence[str], vocabulary: Vocabulary | None) -> GeometryColumns:
    """Which columns locate the rows: the vocabulary's coordinate fields, else usual names."""
    wkt = _pick(columns, WKT_NAMES)
    if vocabulary is not None:
        found = match_headers(list(columns), vocabulary).columns
        lon = found.get("longitude") or found.get("x")
        lat = found.get("latitude") or found.get("y")
        if lon is not None and lat is not None:
            return GeometryColumns(wkt, lon, lat)
    return GeometryColumns(wkt, _pick(columns, LON_NAMES), _pick(columns, LAT_NAMES))


def table_geometry(
    table: pd.DataFrame, where: GeometryColumns, errors: list[RowError]
) -> gpd.GeoSeries:
    """Each row's location: its WKT (an outline) if given, else its point (经度/纬度 or X/Y).

    A ledger may mix rows with an outline and rows with only a point; a row with neither is
    refused by name, and a point with one coordinate missing names the missing column. Row
    numbers are the table's index (the rows as the user sees them).
    """
    wkt, lon, lat = where.wkt, where.lon, where.lat
    if wkt is None and (lon is None or lat is None):
        raise ImportFileError(
            gettext_noop(
                "no geometry: give a WKT column (wkt/geometry) or longitude and latitude "
                "columns (经度/纬度, X坐标/Y坐标, lon/lat, x/y)"
            )
        )
    size = len(table)
    geoms: list[Any] = [None] * size
    texts = table[wkt].map(text_of).tolist() if wkt is not None else [""] * size
    has_point = lon is not None and lat is not None
    needed = "/".join(str(c) for c in (wkt, lon, lat) if c is not None)  # the columns to fill
    xs_text = table[lon].map(text_of).tolist() if has_point else [""] * size
    ys_text = table[lat].map(text_of).tolist() if has_point else [""] * size
    cells = zip(table.index.tolist(), texts, xs_text, ys_text, strict=True)
    for i, (row, text, x_text, y_text) in enumerate(cells):
        if text:
            try:
                geoms[i] = shapely.from_wkt(text)
            except shapely.errors.GEOSException:
                errors.append(RowError(row, str(wkt), gettext_noop("not valid WKT"), text[:40]))
        elif x_text or y_text:
            geoms[i] = _point(row, (str(lon), x_text), (str(lat), y_text), errors)
        else:
            reason = gettext_noop("no location: give 经度/纬度, X/Y or an outline")
            errors.append(RowError(row, needed, reason))
    return gpd.GeoSeries(geoms, index=table.index)


def _point(
    row: int, x: tuple[str, str], y: tuple[str, str], errors: list[RowError]
) -> shapely.Point | None:
    """The point of ``(column, text)`` coordinates, or ``None`` with the bad one in ``errors``."""
    values = []
    for column, text in (x, y):
        value = pd.to_numeric(text.replace(",", ""), errors="coerce") if text else np.nan
        if not np.isfinite(value):
            errors.append(
                RowError(row, column, gettext_noop("missing or non-numeric coordinate"), text)
            )
            return None
        values.append(float(value))
    return shapely.Point(*values)


def ledger_fields(
    table: pd.DataFrame,
    vocabulary: Vocabulary,
    chosen: Mapping[str, str],
    errors: list[RowError],
    context: Mapping[str, float] | None = None,
) -> tuple[pd.DataFrame, Ledger]:
    """The table's attributes as our fields (codes, base units), coordinates left out.

    ``chosen`` ({field: column}, a saved template) wins over recognised headers; a chosen
    column the table lacks refuses the file. Cell problems are added to ``errors``.
    """
    missing = [column for column in chosen.values() if column not in table.columns]
    if missing:
        raise ImportFileError(
            gettext_noop("no column %(missing)s; the columns are %(columns)s"),
            {"missing": ", ".join(missing), "columns": ", ".join(map(str, table.columns))},
        )
    text = table.map(text_of) if len(table.columns) else table
    context = context or {"next_year": dt.date.today().year + 1}
    ledger = read_ledger(text, vocabulary, mapping=chosen, context=context)
    errors += ledger.errors
    frame = ledger.frame.drop(columns=[c for c in COORDINATE_FIELDS if c in ledger.frame])
    return frame, ledger
