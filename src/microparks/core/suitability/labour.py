r"""Labour within N minutes by road: the labour-shed criterion of a suitability scheme.

The criterion's value for a site is the available labour (persons) of the labour points whose
travel time from the site over the road layer is at most ``minutes``: the labour shed of
:func:`microparks.core.labour.calc_labour_shed` (this module builds its inputs from
GeoDataFrames; it computes no travel time of its own). Sites and polygons of labour (townships)
enter by their representative point (a point inside, :func:`shapely.point_on_surface`).

A road's speed is its ``speed_kmh`` field where given (above 0), else the documented default of
its class (:data:`microparks.core.labour.ROAD_CLASS_SPEEDS_KMH`, read from the first class field
the layer has: :data:`CLASS_FIELDS`), else the scheme's ``speed_kmh`` for roads with neither
(a county layer drawn without attributes, as the demo's is). A road with none of these, or a
class not listed, is refused, naming the layer, the feature and the field.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from microparks.core.labour.graph import build_road_graph
from microparks.core.labour.shed import ShedResult, calc_labour_shed
from microparks.core.labour.speeds import DEFAULT_ACCESS_SPEED_KMH, speed_of_class
from microparks.core.mcda._common import FloatArray

__all__ = [
    "CLASS_FIELDS",
    "DEFAULT_POOL_FIELD",
    "DEFAULT_POOL_LAYER",
    "LABOUR_SHED",
    "SPEED_FIELDS",
    "RoadSpeedError",
    "calc_labour_within",
    "calc_road_speeds",
    "representative_xy",
    "road_arrays",
]

LABOUR_SHED = "labour_shed"
"""The criterion source: labour reachable within ``minutes`` over the road ``layer``."""
DEFAULT_POOL_LAYER = "labour_pool"
"""The layer of labour points a ``labour_shed`` criterion reads unless it names another."""
DEFAULT_POOL_FIELD = "labour"
"""The field of available labour (persons) of the pool layer unless the criterion names one."""
SPEED_FIELDS = ("speed_kmh", "速度", "时速")
"""Fields read as a road's speed (km/h), first found wins; as ``microparks labour shed``."""
CLASS_FIELDS = ("road_class", "class", "fclass", "highway", "道路等级", "公路等级", "等级")
"""Fields read as a road's class, first found wins; as ``microparks labour shed``."""

IntArray = npt.NDArray[np.int64]


class RoadSpeedError(ValueError):
    """A road feature without a usable speed (no speed, an unknown class, no default)."""


def _first_field(columns: Sequence[str], wanted: Sequence[str]) -> str | None:
    by_key = {str(c).strip().casefold(): str(c) for c in columns}
    return next((by_key[w.casefold()] for w in wanted if w.casefold() in by_key), None)


def _speed(value: object) -> float:
    try:
        number = float(str(value).replace(",", "")) if value is not None else math.nan
    except ValueError:
        return math.nan
    return number


def calc_road_speeds(
    roads: pd.DataFrame, default_kmh: float | None = None, layer: str = "roads"
) -> FloatArray:
    """Each road feature's speed in km/h (module note: field, class, then ``default_kmh``).

    >>> frame = pd.DataFrame({"speed_kmh": [50, None, None], "道路等级": ["", "县道", ""]})
    >>> calc_road_speeds(frame, default_kmh=20).tolist()
    [50.0, 40.0, 20.0]

    Raises
    ------
    RoadSpeedError
        Naming the layer, the feature (from 1) and the field of the first road without a speed.

    """
    speed_col = _first_field(list(roads.columns), SPEED_FIELDS)
    class_col = _first_field(list(roads.columns), CLASS_FIELDS)
    out = np.full(len(roads), np.nan)
    speeds = roads[speed_col].tolist() if speed_col else [None] * len(roads)
    classes = roads[class_col].tolist() if class_col else [None] * len(roads)
    for i, (given, road_class) in enumerate(zip(speeds, classes, strict=True)):
        text = "" if given is None or (isinstance(given, float) and math.isnan(given)) else given
        if str(text).strip():
            value = _speed(text)
            if not (math.isfinite(value) and value > 0):
                raise RoadSpeedError(
                    f"layer {layer!r}, feature {i + 1}, field {speed_col!r}: the speed must be "
                    f"a number of km/h above 0, not {text!r}"
                )
            out[i] = value
            continue
        name = "" if road_class is None or road_class != road_class else str(road_class).strip()
        default = speed_of_class(name) if name else None
        if (name and default is None) or (not name and default_kmh is None):
            field = class_col or speed_col or "speed_kmh"
            reason = f"unknown road class {name!r}" if name else "no speed and no road class"
            raise RoadSpeedError(
                f"layer {layer!r}, feature {i + 1}, field {field!r}: {reason}; give speed_kmh, "
                "a listed road class, or the criterion's speed_kmh"
            )
        out[i] = default if default is not None else float(default_kmh)  # type: ignore[arg-type]
    return out


def road_arrays(
    lines: npt.NDArray[np.object_], speed_kmh: npt.ArrayLike
) -> tuple[FloatArray, IntArray, FloatArray]:
    """Vertices, CSR offsets and speeds of each part of (multi)line geometries in metres.

    The inputs of :func:`~microparks.core.labour.build_road_graph`: a MultiLineString's parts
    are lines of their own with the feature's speed; missing and empty geometries drop out.

    >>> xy, offsets, speeds = road_arrays(
    ...     np.array([shapely.LineString([(0, 0), (1, 0), (2, 0)])]), [30])
    >>> offsets.tolist(), speeds.tolist()
    ([0, 3], [30.0])
    """
    speeds = np.asarray(speed_kmh, dtype=np.float64)
    parts, line_of_part = shapely.get_parts(np.asarray(lines, dtype=object), return_index=True)
    keep = ~shapely.is_empty(parts)
    parts, line_of_part = parts[keep], line_of_part[keep]
    xy, part_of_vertex = shapely.get_coordinates(parts, return_index=True)
    counts = np.bincount(part_of_vertex, minlength=len(parts))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return np.asarray(xy, dtype=np.float64), offsets, speeds[line_of_part]


def representative_xy(geoms: npt.NDArray[np.object_]) -> FloatArray:
    """A point of each geometry (itself for a point, a point inside for a polygon), (n, 2).

    A missing or empty geometry gives NaN coordinates.
    """
    array = np.asarray(geoms, dtype=object)
    out = np.full((array.size, 2), np.nan)
    ok = ~(shapely.is_missing(array) | shapely.is_empty(array))
    if ok.any():
        out[ok] = shapely.get_coordinates(shapely.point_on_surface(array[ok]))
    return out


def calc_labour_within(
    sites: npt.NDArray[np.object_],
    roads: gpd.GeoDataFrame,
    pool: npt.NDArray[np.object_],
    pool_labour: npt.ArrayLike,
    minutes: Sequence[float],
    *,
    default_speed_kmh: float | None = None,
    access_speed_kmh: float | None = DEFAULT_ACCESS_SPEED_KMH,
    layer: str = "roads",
) -> ShedResult:
    """Labour reachable from each site within each of ``minutes`` over the ``roads``.

    Parameters
    ----------
    sites : array of shapely geometries
        Sites (points or polygons) in the roads' metric CRS.
    roads : GeoDataFrame
        Road lines in the same CRS, with a speed or class field (module note).
    pool, pool_labour : array of shapely geometries, array_like
        Labour points or township polygons in the same CRS, and their available labour
        (persons); points with a missing geometry or labour are left out.
    minutes : sequence of float
        Thresholds, e.g. ``(15, 30, 45)``.
    default_speed_kmh : float, optional
        Speed of roads without a speed or a class.
    access_speed_kmh : float or None
        Speed on the straight line between a point and its nearest road vertex.
    layer : str
        The roads' layer name, for messages.

    Returns
    -------
    ShedResult
        :func:`~microparks.core.labour.calc_labour_shed` of the sites; a site without a
        geometry reaches nobody (0).

    """
    speeds = calc_road_speeds(roads, default_speed_kmh, layer)
    xy, offsets, part_speeds = road_arrays(roads.geometry.to_numpy(), speeds)
    graph = build_road_graph(xy, offsets, part_speeds)
    site_xy = representative_xy(sites)
    pool_xy = representative_xy(pool)
    labour = np.asarray(pool_labour, dtype=np.float64).reshape(-1)
    usable = np.isfinite(pool_xy).all(axis=1) & np.isfinite(labour)
    located = np.isfinite(site_xy).all(axis=1)
    result = calc_labour_shed(
        graph,
        site_xy[located],
        pool_xy[usable],
        labour[usable],
        minutes,
        access_speed_kmh=access_speed_kmh,
    )
    if located.all():
        return result
    full = np.zeros((site_xy.shape[0], len(result.minutes)))
    full[located] = result.labour
    access = np.full(site_xy.shape[0], np.nan)
    access[located] = result.site_access_m
    return ShedResult(
        minutes=result.minutes,
        labour=full,
        site_access_m=access,
        pool_access_m=result.pool_access_m,
        access_speed_kmh=result.access_speed_kmh,
        snap_m=result.snap_m,
        n_nodes=result.n_nodes,
        n_edges=result.n_edges,
        inputs_sha256=result.inputs_sha256,
    )
