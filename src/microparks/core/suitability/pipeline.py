"""Adapter from GeoDataFrames to :func:`score_suitability`: criteria values and vetoes.

Sites and context layers may come in any CRS; everything is measured in one projected metric
CRS (by default the UTM zone of the sites' centre, found offline in pyproj's database).

A site is a polygon (its outline) or a point (a ledger's coordinates, until an outline is
added): distances and catchments are measured from the outline's edge or from the point, a veto
applies when the outline or the point touches the zone (or its buffer), and criteria that need
an area read the sites' area column (the ledger's area), never the geometry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pyproj import CRS

from microparks.core.mcda._common import FloatArray
from microparks.core.suitability.labour import (
    DEFAULT_POOL_FIELD,
    DEFAULT_POOL_LAYER,
    LABOUR_SHED,
    calc_labour_within,
)
from microparks.core.suitability.scheme import Criterion, Scheme
from microparks.core.suitability.score import SuitabilityResult, score_suitability
from microparks.core.suitability.spatial import (
    GeometryArray,
    calc_catchment,
    calc_nearest_distance,
    calc_within,
)

Progress = Callable[[str, int, int], None]


class MissingLayerError(KeyError):
    """A layer or field the scheme needs is not among the inputs."""

    def __str__(self) -> str:
        """The message, without KeyError's quotes."""
        return str(self.args[0])


def metric_crs(sites: gpd.GeoDataFrame) -> CRS:
    """The UTM CRS of the sites' centre (a projected CRS in metres)."""
    if sites.crs is None:
        raise ValueError("the sites have no CRS")
    if sites.empty:
        raise ValueError("cannot choose a metric CRS for empty sites")
    crs: CRS = sites.estimate_utm_crs()
    return crs


def _metric(frame: gpd.GeoDataFrame, crs: CRS, name: str) -> gpd.GeoSeries:
    if frame.crs is None:
        raise ValueError(f"layer {name!r} has no CRS")
    return frame.geometry.to_crs(crs)


def _layer(layers: Mapping[str, gpd.GeoDataFrame], name: str) -> gpd.GeoDataFrame:
    if name not in layers:
        raise MissingLayerError(f"the scheme needs the context layer {name!r}")
    return layers[name]


def calc_criteria_values(
    sites: gpd.GeoDataFrame,
    layers: Mapping[str, gpd.GeoDataFrame],
    scheme: Scheme,
    crs: CRS | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Raw value of every scheme criterion for every site (one column per criterion).

    ``attribute`` criteria read a column of ``sites``; ``nearest_distance`` criteria measure
    metres to the nearest feature of their layer; ``catchment`` criteria sum a field of the
    layer's features within ``radius_m``; ``labour_shed`` criteria sum the labour of the
    ``pool`` layer within ``minutes`` of travel over the road ``layer``.
    """
    crs = crs or metric_crs(sites)
    geoms = _metric(sites, crs, "sites").to_numpy()
    columns: dict[str, FloatArray] = {}
    total = len(scheme.criteria)
    for k, criterion in enumerate(scheme.criteria):
        columns[criterion.name] = _criterion_values(sites, geoms, layers, criterion, crs)
        if progress:
            progress(criterion.name, k + 1, total)
    return pd.DataFrame(columns, index=sites.index)


def _criterion_values(
    sites: gpd.GeoDataFrame,
    geoms: GeometryArray,
    layers: Mapping[str, gpd.GeoDataFrame],
    criterion: Criterion,
    crs: CRS,
) -> FloatArray:
    if criterion.source == "attribute":
        if criterion.field not in sites.columns:
            raise MissingLayerError(f"the sites have no field {criterion.field!r}")
        column: FloatArray = pd.to_numeric(sites[criterion.field], errors="coerce").to_numpy(
            np.float64
        )
        return column
    layer = _layer(layers, str(criterion.layer))
    if criterion.source == LABOUR_SHED:
        return _labour_values(geoms, layers, layer, criterion, crs)
    targets = _metric(layer, crs, str(criterion.layer)).to_numpy()
    if criterion.source == "nearest_distance":
        return calc_nearest_distance(geoms, targets)
    if criterion.field not in layer.columns:
        raise MissingLayerError(f"layer {criterion.layer!r} has no field {criterion.field!r}")
    weights = pd.to_numeric(layer[criterion.field], errors="coerce").to_numpy(np.float64)
    return calc_catchment(geoms, targets, weights, float(criterion.radius_m or 0.0))


def _labour_values(
    geoms: GeometryArray,
    layers: Mapping[str, gpd.GeoDataFrame],
    roads: gpd.GeoDataFrame,
    criterion: Criterion,
    crs: CRS,
) -> FloatArray:
    """Labour within ``criterion.minutes`` of each site (:func:`calc_labour_within`)."""
    name = criterion.pool or DEFAULT_POOL_LAYER
    pool = _layer(layers, name)
    field = criterion.field or DEFAULT_POOL_FIELD
    if field not in pool.columns:
        raise MissingLayerError(f"layer {name!r} has no field {field!r}")
    labour = pd.to_numeric(pool[field], errors="coerce").to_numpy(np.float64)
    if roads.crs is None:
        raise ValueError(f"layer {criterion.layer!r} has no CRS")
    metric_roads = roads.to_crs(crs)
    result = calc_labour_within(
        geoms,
        metric_roads,
        _metric(pool, crs, name).to_numpy(),
        labour,
        [float(criterion.minutes or 0.0)],
        default_speed_kmh=criterion.speed_kmh,
        access_speed_kmh=criterion.access_speed_kmh,
        layer=str(criterion.layer),
    )
    values: FloatArray = result.labour[:, 0]
    return values


def calc_veto_masks(
    sites: gpd.GeoDataFrame,
    layers: Mapping[str, gpd.GeoDataFrame],
    scheme: Scheme,
    crs: CRS | None = None,
) -> dict[str, NDArray[np.bool_]]:
    """One boolean mask per veto: the site intersects the zone layer or lies within its buffer."""
    crs = crs or metric_crs(sites)
    geoms = _metric(sites, crs, "sites").to_numpy()
    return {
        veto.name: calc_within(
            geoms, _metric(_layer(layers, veto.layer), crs, veto.layer).to_numpy(), veto.buffer_m
        )
        for veto in scheme.vetoes
    }


def run_suitability(
    sites: gpd.GeoDataFrame,
    layers: Mapping[str, gpd.GeoDataFrame],
    scheme: Scheme,
    *,
    id_field: str = "code",
    crs: CRS | None = None,
    progress: Progress | None = None,
) -> SuitabilityResult:
    """Criteria values, vetoes and scores of ``sites`` under ``scheme``."""
    crs = crs or metric_crs(sites)
    values = calc_criteria_values(sites, layers, scheme, crs, progress)
    vetoes = calc_veto_masks(sites, layers, scheme, crs)
    ids = sites[id_field].astype(str).tolist() if id_field in sites.columns else None
    return score_suitability(values.to_numpy(), scheme, vetoes, ids)
