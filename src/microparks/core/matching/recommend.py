"""Per prospect the best sites with their reasons; per site the best prospects.

A recommendation lists the feasible sites of least cost, each with the weighted cost components
that make up its cost, and the *excluded good candidates*: infeasible sites whose cost (ignoring
feasibility) would have placed them among the top ``k``, each with the conditions it fails —
the "why not that one?" an official asks first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from microparks.core.matching.costs import COMPONENTS, MatchWeights, calc_cost_components
from microparks.core.matching.feasibility import FeasibilityResult, evaluate_feasibility

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class MatchTables:
    """Feasibility, the cost matrix and the cost ignoring feasibility, for one instance."""

    feasibility: FeasibilityResult
    cost: FloatArray  # inf where infeasible
    raw_cost: FloatArray  # the same weighted sum, for every pair
    weights: MatchWeights


def build_match_tables(
    prospects: pd.DataFrame, sites: pd.DataFrame, weights: MatchWeights
) -> MatchTables:
    """Evaluate feasibility and the weighted cost of every pair.

    Parameters
    ----------
    prospects, sites : DataFrame
        Tables with the columns of ``PROSPECT_COLUMNS`` and ``SITE_COLUMNS``.
    weights : MatchWeights
        Component weights.

    Returns
    -------
    MatchTables

    """
    feas = evaluate_feasibility(prospects, sites)
    parts = calc_cost_components(prospects, sites, weights)
    raw = np.zeros(feas.feasible.shape)
    for name, w in weights.weights.items():
        if w:
            raw += w * parts[name]
    cost = np.where(feas.feasible, raw, np.inf)
    return MatchTables(feasibility=feas, cost=cost, raw_cost=raw, weights=weights)


def top_k(values: FloatArray, k: int) -> IntArray:
    """Column indices of the ``k`` smallest finite values of each row, cheapest first (-1 pads).

    >>> top_k(np.array([[3.0, 1.0, np.inf], [2.0, 0.5, 1.0]]), 2).tolist()
    [[1, 0], [1, 2]]
    """
    n, m = values.shape
    kk = min(k, m)
    if kk == 0:
        return np.full((n, k), -1, np.int64)
    part = (
        np.argpartition(values, kk - 1, axis=1)[:, :kk] if kk < m else np.tile(np.arange(m), (n, 1))
    )
    vals = np.take_along_axis(values, part, axis=1)
    order = np.argsort(vals, axis=1, kind="stable")
    idx = np.take_along_axis(part, order, axis=1).astype(np.int64)
    idx[~np.isfinite(np.take_along_axis(vals, order, axis=1))] = -1
    if kk < k:
        idx = np.hstack([idx, np.full((n, k - kk), -1, np.int64)])
    return idx


def recommend_sites(
    prospects: pd.DataFrame,
    sites: pd.DataFrame,
    tables: MatchTables,
    k: int = 5,
    site_of_prospect: npt.ArrayLike | None = None,
) -> pd.DataFrame:
    """The ``k`` best feasible sites of each prospect, and the good candidates excluded.

    Parameters
    ----------
    prospects, sites : DataFrame
        The tables ``tables`` was built from.
    tables : MatchTables
        From :func:`build_match_tables`.
    k : int
        Sites per prospect.
    site_of_prospect : array_like of int, optional
        An assignment (e.g. from ``solve_assignment``) to flag the assigned site.

    Returns
    -------
    DataFrame
        One row per (prospect, site) with ``kind`` ``"recommended"`` or ``"excluded"``,
        ``rank``, ``cost``, one column per weighted cost component and ``failed_conditions``.

    """
    best = top_k(tables.cost, k)
    kth = np.take_along_axis(tables.cost, np.maximum(best[:, -1:], 0), axis=1)[:, 0]
    kth = np.where(best[:, -1] >= 0, kth, np.inf)
    # infeasible sites that would have beaten the k-th recommendation
    shadow = np.where(
        ~tables.feasibility.feasible & (tables.raw_cost < kth[:, None]), tables.raw_cost, np.inf
    )
    excluded = top_k(shadow, k)
    assigned = None if site_of_prospect is None else np.asarray(site_of_prospect, np.int64)
    frames = [
        _rows(prospects, sites, tables, best, "recommended", assigned),
        _rows(prospects, sites, tables, excluded, "excluded", assigned),
    ]
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["prospect_index", "kind", "rank"], kind="stable").reset_index(drop=True)


def _rows(
    prospects: pd.DataFrame,
    sites: pd.DataFrame,
    tables: MatchTables,
    picks: IntArray,
    kind: str,
    assigned: IntArray | None,
) -> pd.DataFrame:
    rr, slot = np.nonzero(picks >= 0)
    cc = picks[rr, slot]
    parts = calc_cost_components(prospects, sites, tables.weights, rr, cc)
    feas = tables.feasibility
    data: dict[str, object] = {
        "prospect_index": rr,
        "prospect_id": [feas.prospect_ids[i] for i in rr],
        "kind": kind,
        "rank": slot + 1,
        "site_index": cc,
        "site_id": [feas.site_ids[j] for j in cc],
        "cost": tables.raw_cost[rr, cc],
    }
    for name in COMPONENTS:
        data[name] = tables.weights.weights[name] * parts[name]
    data["failed_conditions"] = [
        "; ".join(feas.reasons(int(i), int(j))) for i, j in zip(rr, cc, strict=True)
    ]
    if assigned is not None:
        data["assigned"] = assigned[rr] == cc
    return pd.DataFrame(data)


def recommend_prospects(
    prospects: pd.DataFrame, sites: pd.DataFrame, tables: MatchTables, k: int = 5
) -> pd.DataFrame:
    """The ``k`` feasible prospects of least cost for each site.

    Parameters
    ----------
    prospects, sites : DataFrame
        The tables ``tables`` was built from.
    tables : MatchTables
        From :func:`build_match_tables`.
    k : int
        Prospects per site.

    Returns
    -------
    DataFrame
        One row per (site, prospect): ``rank``, ``cost`` and the weighted cost components.

    """
    best = top_k(np.ascontiguousarray(tables.cost.T), k)
    cc, slot = np.nonzero(best >= 0)
    rr = best[cc, slot]
    parts = calc_cost_components(prospects, sites, tables.weights, rr, cc)
    feas = tables.feasibility
    data: dict[str, object] = {
        "site_index": cc,
        "site_id": [feas.site_ids[j] for j in cc],
        "rank": slot + 1,
        "prospect_index": rr,
        "prospect_id": [feas.prospect_ids[i] for i in rr],
        "cost": tables.cost[rr, cc],
    }
    for name in COMPONENTS:
        data[name] = tables.weights.weights[name] * parts[name]
    return pd.DataFrame(data)
