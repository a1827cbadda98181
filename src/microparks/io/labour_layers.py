"""The labour shed's files: road lines, labour points or townships, sites; the shed table.

ROADS, POOL and SITES are read by :func:`microparks.io.spatial.read_layer` (GeoPackage,
Shapefile, GeoJSON, CSV/Excel with WKT or coordinates; any EPSG CRS, CGCS2000 Gauss–Krüger
zones included; GBK Shapefiles) and then measured in one metric CRS: the roads' own when it is
projected in metres (a Gauss–Krüger zone), else the UTM zone of the roads' centre. POOL and
SITES are projected to it too.

* ROADS: LineString or MultiLineString features; ``speed_kmh`` (km/h, above 0) or a road
  class (``road_class``, ``道路等级`` …) whose default speed is listed in
  :data:`microparks.core.labour.ROAD_CLASS_SPEEDS_KMH`; a row's speed wins over its class.
* POOL: points, or township polygons (their representative point, which lies inside), with
  the available labour in ``在家可就业人数`` or ``labour`` (persons, 0 or more).
* SITES: points or polygons (their representative point) with a unique ``code`` or ``编号``.

Every problem names the file, the row (feature number from 1, or the table's line) and the
field; nothing is returned unless every row is good.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from pyproj import CRS

from microparks.core.labour.speeds import ROAD_CLASS_SPEEDS_KMH, speed_of_class
from microparks.io.errors import ImportFileError, ImportValidationError, RowError, gettext_noop
from microparks.io.spatial import FieldMapping, Provenance, read_columns, read_layer
from microparks.io.spatial_checks import text_of

__all__ = [
    "CLASS_COLUMNS",
    "CODE_COLUMNS",
    "LABOUR_COLUMNS",
    "SHED_COLUMNS",
    "SPEED_COLUMNS",
    "LabourPoints",
    "LayerFileError",
    "RoadLines",
    "ShedSites",
    "read_pool",
    "read_roads",
    "read_sites",
    "write_shed",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SPEED_COLUMNS = ("speed_kmh", "速度", "时速")
CLASS_COLUMNS = ("road_class", "class", "fclass", "highway", "道路等级", "公路等级", "等级")
LABOUR_COLUMNS = ("在家可就业人数", "labour")
CODE_COLUMNS = ("code", "编号")
SHED_COLUMNS = ("site_code", "minutes", "labour")

LINES = ("LineString", "MultiLineString")
AREAS_OR_POINTS = ("Point", "Polygon", "MultiPolygon")

NO_SPEED = gettext_noop(
    "%(file)s: no speed column (%(speeds)s) and no road class column (%(classes)s)"
)
NO_LABOUR = gettext_noop("%(file)s: no column with the available labour (%(columns)s)")
NO_CODE = gettext_noop("%(file)s: no column with the site code (%(columns)s)")
UNKNOWN_CLASS = gettext_noop(
    "unknown road class %(value)s: give speed_kmh, or one of the classes with a default speed "
    "(e.g. %(examples)s)"
)
NO_SPEED_OR_CLASS = gettext_noop("no speed and no road class")
SPEED_NOT_POSITIVE = gettext_noop("the speed must be a number of km/h above 0")
LABOUR_MISSING = gettext_noop("no labour figure")
LABOUR_BAD = gettext_noop("the labour must be a number of persons, 0 or more")


@dataclass(frozen=True)
class RoadLines:
    """Road lines as arrays: every line's vertices (metres), CSR-style offsets, speeds."""

    xy: FloatArray
    offsets: IntArray
    speed_kmh: FloatArray
    crs: CRS
    provenance: Provenance


@dataclass(frozen=True)
class LabourPoints:
    """Labour points in the roads' metric CRS, each with its available labour."""

    xy: FloatArray
    labour: FloatArray
    rows: tuple[int, ...]
    provenance: Provenance


@dataclass(frozen=True)
class ShedSites:
    """Sites in the roads' metric CRS, with their codes (in the file's order)."""

    codes: tuple[str, ...]
    xy: FloatArray
    provenance: Provenance


def _first_present(columns: Sequence[str], wanted: Sequence[str]) -> str | None:
    """The first of ``wanted`` among ``columns`` (compared trimmed and case-folded)."""
    by_key = {c.strip().casefold(): c.strip() for c in columns}
    for name in wanted:
        if name.casefold() in by_key:
            return by_key[name.casefold()]
    return None


def _metric_crs(source: str, frame: gpd.GeoDataFrame) -> CRS:
    """The roads' own CRS if it is projected in metres, else the UTM zone of their centre."""
    crs = CRS.from_user_input(source)
    if crs.is_projected and all(axis.unit_name in ("metre", "meter") for axis in crs.axis_info[:2]):
        return crs
    utm: CRS = frame.estimate_utm_crs()
    return utm


def _numbers(values: pd.Series) -> tuple[list[str], FloatArray]:
    """Each cell as text, and as a number (NaN for blank or non-numeric text)."""
    texts = [text_of(v) for v in values.tolist()]
    numbers = np.array([_float(t) for t in texts], dtype=np.float64)
    return texts, numbers


def _float(text: str) -> float:
    try:
        return float(text.replace(",", "")) if text else math.nan
    except ValueError:
        return math.nan


def _road_speeds(path: Path, frame: gpd.GeoDataFrame) -> FloatArray:
    """Each row's speed: its ``speed_kmh`` where given, else its class's default."""
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    speed_col = _first_present(columns, SPEED_COLUMNS)
    class_col = _first_present(columns, CLASS_COLUMNS)
    if speed_col is None and class_col is None:
        params = {"file": path.name, "speeds": ", ".join(SPEED_COLUMNS)}
        raise ImportFileError(NO_SPEED, {**params, "classes": ", ".join(CLASS_COLUMNS)})
    rows = [int(r) for r in frame.index]
    speeds = np.full(len(frame), np.nan)
    errors: list[RowError] = []
    given = np.zeros(len(frame), dtype=bool)
    if speed_col is not None:
        texts, numbers = _numbers(frame[speed_col])
        given = np.array([t != "" for t in texts], dtype=bool)
        for i in np.flatnonzero(given):
            if not (math.isfinite(numbers[i]) and numbers[i] > 0):
                errors.append(RowError(rows[i], speed_col, SPEED_NOT_POSITIVE, texts[i]))
            speeds[i] = numbers[i]
    classes = [text_of(v) for v in frame[class_col].tolist()] if class_col else [""] * len(frame)
    examples = "、".join(list(ROAD_CLASS_SPEEDS_KMH)[:7]) + ", motorway …"
    for i in np.flatnonzero(~given):
        name = classes[i]
        if not name:
            errors.append(RowError(rows[i], class_col or speed_col or "", NO_SPEED_OR_CLASS))
            continue
        default = speed_of_class(name)
        if default is None:
            params = {"value": name, "examples": examples}
            errors.append(RowError(rows[i], class_col or "", UNKNOWN_CLASS, name, params))
        else:
            speeds[i] = default
    if errors:
        raise ImportValidationError(path.name, errors)
    return speeds


def read_roads(path: Path, *, crs: str | None = None, layer: str | None = None) -> RoadLines:
    """Read ROADS: lines with ``speed_kmh`` or a road class, in the metric CRS (module note).

    Raises
    ------
    ImportFileError
        The file cannot be read, declares no CRS, or has neither a speed nor a class column.
    ImportValidationError
        Every bad row: geometry, speed, unknown or missing class.

    """
    read = _read(path, FieldMapping(geometry_types=LINES), crs, layer, require_code=False)
    frame = read.frame
    speeds = _road_speeds(path, frame)
    metric = _metric_crs(read.provenance.source_crs, frame)
    parts, line_of_part = shapely.get_parts(
        frame.geometry.to_crs(metric).to_numpy(), return_index=True
    )
    xy, part_of_vertex = shapely.get_coordinates(parts, return_index=True)
    counts = np.bincount(part_of_vertex, minlength=len(parts))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return RoadLines(
        xy=np.asarray(xy, dtype=np.float64),
        offsets=offsets,
        speed_kmh=speeds[line_of_part],
        crs=metric,
        provenance=read.provenance,
    )


def _read(
    path: Path, mapping: FieldMapping, crs: str | None, layer: str | None, *, require_code: bool
) -> _Read:
    """:func:`read_layer`; a file-level refusal names the file."""
    try:
        got = read_layer(path, layer=layer, mapping=mapping, crs=crs, require_code=require_code)
    except ImportFileError as exc:
        raise LayerFileError(path.name, exc) from None
    return _Read(got.frame, got.provenance)


class LayerFileError(ImportFileError):
    """A reader's file-level refusal with the file's name in front (unless it has it)."""

    def __init__(self, file: str, inner: ImportFileError) -> None:
        self.file, self.inner = file, inner
        super().__init__(inner.message, inner.params)

    def text(self, translate: Callable[[str], str] = str) -> str:
        """The refusal in the language of ``translate``, starting with the file's name."""
        said = self.inner.text(translate)
        return said if said.startswith(self.file) else f"{self.file}: {said}"


@dataclass(frozen=True)
class _Read:
    frame: gpd.GeoDataFrame
    provenance: Provenance


def _points(frame: gpd.GeoDataFrame, metric: CRS) -> FloatArray:
    """Points as they are, polygons by their representative point, in ``metric``."""
    geoms = frame.geometry.to_crs(metric).to_numpy()
    inside = shapely.point_on_surface(geoms)
    return np.asarray(shapely.get_coordinates(inside), dtype=np.float64)


def _columns(path: Path, layer: str | None) -> list[str]:
    try:
        return read_columns(path, layer=layer)
    except ImportFileError as exc:
        raise LayerFileError(path.name, exc) from None


def read_pool(
    path: Path, metric: CRS, *, crs: str | None = None, layer: str | None = None
) -> LabourPoints:
    """Read POOL: points or township polygons with ``在家可就业人数`` or ``labour``.

    Raises
    ------
    ImportFileError
        The file cannot be read or has no labour column.
    ImportValidationError
        Every bad row: geometry, a missing or negative or non-numeric labour figure.

    """
    column = _first_present(_columns(path, layer), LABOUR_COLUMNS)
    if column is None:
        raise ImportFileError(NO_LABOUR, {"file": path.name, "columns": ", ".join(LABOUR_COLUMNS)})
    mapping = FieldMapping(geometry_types=AREAS_OR_POINTS)
    read = _read(path, mapping, crs, layer, require_code=False)
    frame = read.frame
    rows = tuple(int(r) for r in frame.index)
    texts, labour = _numbers(frame[column])
    errors = [
        RowError(row, column, LABOUR_MISSING if not text else LABOUR_BAD, text)
        for row, text, value in zip(rows, texts, labour.tolist(), strict=True)
        if not (math.isfinite(value) and value >= 0)
    ]
    if errors:
        raise ImportValidationError(path.name, errors)
    return LabourPoints(_points(frame, metric), labour, rows, read.provenance)


def read_sites(
    path: Path, metric: CRS, *, crs: str | None = None, layer: str | None = None
) -> ShedSites:
    """Read SITES: points or polygons with a unique ``code`` or ``编号``.

    Raises
    ------
    ImportFileError
        The file cannot be read or has no code column.
    ImportValidationError
        Every bad row: geometry, a missing or duplicate code.

    """
    column = _first_present(_columns(path, layer), CODE_COLUMNS)
    if column is None:
        raise ImportFileError(NO_CODE, {"file": path.name, "columns": ", ".join(CODE_COLUMNS)})
    mapping = FieldMapping(code=column, geometry_types=AREAS_OR_POINTS)
    read = _read(path, mapping, crs, layer, require_code=True)
    codes = tuple(str(c) for c in read.frame["code"].tolist())
    return ShedSites(codes, _points(read.frame, metric), read.provenance)


def _number_text(value: float) -> str:
    """``30`` for a whole number, else up to 10 significant digits."""
    return str(int(value)) if float(value).is_integer() else f"{value:.10g}"


def write_shed(
    path: Path, codes: Sequence[str], minutes: Sequence[float], labour: npt.ArrayLike
) -> None:
    """Write the shed table: ``site_code, minutes, labour``, a row per site and threshold.

    UTF-8 with a byte-order mark (so that Excel shows Chinese codes), sites in the order of
    the SITES file, thresholds ascending.
    """
    values = np.asarray(labour, dtype=np.float64).reshape(len(codes), len(minutes))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SHED_COLUMNS)
        for code, row in zip(codes, values, strict=True):
            for limit, value in zip(minutes, row, strict=True):
                writer.writerow([code, _number_text(limit), _number_text(value)])
