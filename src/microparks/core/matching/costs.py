r"""The cost of a feasible prospect–site pair: a weighted sum of components scaled to [0, 1].

.. math::

    c_{ij} = \sum_k w_k \, z_{k,ij}, \qquad c_{ij} = \infty \text{ if the pair is infeasible},

with the components ``z`` of :data:`COMPONENTS` (docs/methods/matching.md) and the weights ``w``
from a rules document of kind ``matching`` (read by :mod:`microparks.io.rules.weights`).
Components can be computed for the whole matrix
or for a list of pairs (to explain a recommendation) with the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from microparks.core.matching.feasibility import (
    PROSPECT_COLUMNS,
    SITE_COLUMNS,
    FeasibilityResult,
    check_table,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

COMPONENTS: tuple[str, ...] = (
    "area_mismatch",
    "supplier_distance",
    "leader_distance",
    "labour",
    "rent",
    "suitability",
)


@dataclass(frozen=True)
class MatchWeights:
    """Weights of the cost components and the scales they use."""

    version: str
    weights: Mapping[str, float]
    distance_scale_m: float = 10_000.0
    commute_radius_m: float = 15_000.0
    missing: float = 0.5
    extra: Mapping[str, Any] = field(default_factory=dict)


def calc_labour_pool(
    site_xy: npt.ArrayLike, labour_xy: npt.ArrayLike, workers: npt.ArrayLike, radius_m: float
) -> FloatArray:
    """Workers living within ``radius_m`` of each site (projected metres).

    Parameters
    ----------
    site_xy : array_like, shape (n_sites, 2)
        Site coordinates in a projected metric CRS.
    labour_xy : array_like, shape (n_points, 2)
        Population or labour points.
    workers : array_like, shape (n_points,)
        Available workers at each point.
    radius_m : float
        Commuting radius.

    Returns
    -------
    ndarray, shape (n_sites,)

    """
    sites = np.asarray(site_xy, dtype=np.float64).reshape(-1, 2)
    points = np.asarray(labour_xy, dtype=np.float64).reshape(-1, 2)
    w = np.asarray(workers, dtype=np.float64)
    if not points.size:
        return np.zeros(len(sites))
    tree = cKDTree(points)
    hits = tree.query_ball_point(sites, r=radius_m)
    return np.array([w[h].sum() for h in hits], dtype=np.float64)


class _Pairs:
    """Prospect values against site values, either as full matrices or for listed pairs."""

    def __init__(
        self, p: pd.DataFrame, s: pd.DataFrame, rows: IntArray | None, cols: IntArray | None
    ) -> None:
        self.p, self.s, self.rows, self.cols = p, s, rows, cols

    def pv(self, name: str) -> FloatArray:
        v = np.asarray(self.p[name].to_numpy(), dtype=np.float64)
        return v[self.rows] if self.rows is not None else v[:, None]

    def sv(self, name: str) -> FloatArray:
        v = np.asarray(self.s[name].to_numpy(), dtype=np.float64)
        return v[self.cols] if self.cols is not None else v[None, :]


def _distance_cost(z: _Pairs, px: str, py: str, scale: float) -> FloatArray:
    d = np.hypot(z.sv("x_m") - z.pv(px), z.sv("y_m") - z.pv(py))
    # no reference point (or no site location): nothing to be near, no cost
    return np.nan_to_num(d / (d + scale), nan=0.0)


def calc_cost_components(
    prospects: pd.DataFrame,
    sites: pd.DataFrame,
    weights: MatchWeights,
    rows: npt.ArrayLike | None = None,
    cols: npt.ArrayLike | None = None,
) -> dict[str, FloatArray]:
    """Each cost component in [0, 1], for all pairs (matrices) or for listed pairs (vectors).

    Parameters
    ----------
    prospects, sites : DataFrame
        Tables as for :func:`~microparks.core.matching.evaluate_feasibility`.
    weights : MatchWeights
        Supplies the distance scale and the value used for missing site data.
    rows, cols : array_like of int, optional
        Pairs to compute; both or neither.

    Returns
    -------
    dict
        Component name to an array of shape (n_prospects, n_sites) or (n_pairs,).

    """
    p = check_table(prospects, PROSPECT_COLUMNS, "prospects")
    s = check_table(sites, SITE_COLUMNS, "sites")
    r = None if rows is None else np.asarray(rows, dtype=np.int64)
    c = None if cols is None else np.asarray(cols, dtype=np.int64)
    z = _Pairs(p, s, r, c)
    miss = weights.missing
    out: dict[str, FloatArray] = {}

    floor_need = z.pv("floor_area_min_m2")
    uses_floor = np.nan_to_num(floor_need) > 0
    need = np.where(uses_floor, floor_need, np.nan_to_num(z.pv("land_area_min_m2")))
    offer = np.where(uses_floor, z.sv("floor_area_m2"), z.sv("land_area_m2"))
    per_place = offer / np.maximum(z.sv("capacity"), 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mismatch = np.abs(per_place - need) / np.maximum(per_place, need)
    out["area_mismatch"] = np.where(need > 0, np.nan_to_num(mismatch, nan=miss), 0.0)

    scale = weights.distance_scale_m
    out["supplier_distance"] = _distance_cost(z, "supplier_x_m", "supplier_y_m", scale)
    out["leader_distance"] = _distance_cost(z, "leader_x_m", "leader_y_m", scale)

    jobs = np.nan_to_num(z.pv("jobs_needed"))
    pool = z.sv("labour_pool")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.clip(jobs / pool, 0.0, 1.0)
    out["labour"] = np.where(jobs > 0, np.where(np.isnan(pool), miss, share), 0.0)

    rent = z.sv("rent_cny_per_m2_month")
    budget = z.pv("max_rent_cny_per_m2_month")
    all_rent = np.asarray(s["rent_cny_per_m2_month"], dtype=np.float64)
    dearest = float(np.nanmax(all_rent)) if np.isfinite(all_rent).any() else 1.0
    ref = np.where(budget > 0, budget, max(dearest, 1e-9))
    out["rent"] = np.where(np.isnan(rent), miss, np.clip(rent / ref, 0.0, 1.0))

    score = z.sv("suitability")
    out["suitability"] = np.where(np.isnan(score), miss, 1.0 - np.clip(score, 0.0, 1.0))
    shape = np.broadcast_shapes(z.pv("jobs_needed").shape, z.sv("capacity").shape)
    return {k: np.broadcast_to(v, shape).astype(np.float64) for k, v in out.items()}


def calc_match_cost(
    prospects: pd.DataFrame,
    sites: pd.DataFrame,
    feasibility: FeasibilityResult,
    weights: MatchWeights,
) -> FloatArray:
    """The weighted cost matrix, ``inf`` where the pair is infeasible.

    Parameters
    ----------
    prospects, sites : DataFrame
        The tables the feasibility was evaluated on.
    feasibility : FeasibilityResult
        Which pairs are feasible.
    weights : MatchWeights
        Component weights.

    Returns
    -------
    ndarray, shape (n_prospects, n_sites)

    """
    parts = calc_cost_components(prospects, sites, weights)
    cost = np.zeros(feasibility.feasible.shape)
    for name, w in weights.weights.items():
        if w:
            cost += w * parts[name]
    cost[~feasibility.feasible] = np.inf
    return cost
