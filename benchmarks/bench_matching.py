"""10,000 prospects × 2,000 sites with capacities: ours vs OR-Tools' min-cost flow, same run.

The sparse instance keeps about 50 feasible sites per prospect (``inf`` elsewhere), as after the
feasibility checks; the peer gets the same feasible pairs as ready-made arrays and solves the same
network (prospects -> sites -> sink, plus a leave-out arc at the penalty) with all of them, with
no proof of optimality beyond its own. We take the dense matrix and do everything: candidate
generation, solve, and the LP-duality proof over all pairs. The dense instance (every pair
feasible, 20 million) is solved by us only, and the peak memory of the process is reported.

Run: .venv/bin/pytest benchmarks/bench_matching.py --benchmark-only -p no:cacheprovider -s
"""

from __future__ import annotations

import resource

import numpy as np
import pytest
from ortools.graph.python import min_cost_flow

from microparks.core.matching import solve_assignment

N, M, FEASIBLE_PER_PROSPECT, SEED = 10_000, 2_000, 50, 20261126
PENALTY = 3.0


def make_instance(dense: bool):
    rng = np.random.default_rng(SEED)
    p_xy = rng.random((N, 2)).astype(np.float64)
    s_xy = rng.random((M, 2)).astype(np.float64)
    cost = np.empty((N, M))
    for lo in range(0, N, 1000):
        d = np.hypot(*(p_xy[lo : lo + 1000, None, :] - s_xy[None, :, :]).transpose(2, 0, 1))
        cost[lo : lo + 1000] = d + 0.3 * rng.random((d.shape[0], M))
    if not dense:
        keep = rng.random((N, M)) < FEASIBLE_PER_PROSPECT / M
        cost[~keep] = np.inf
    capacity = rng.integers(1, 10, M)  # about 10,000 places for 10,000 prospects
    return cost, capacity


@pytest.fixture(scope="module")
def sparse():
    cost, capacity = make_instance(dense=False)
    rows, cols = np.nonzero(np.isfinite(cost))
    return cost, capacity, (rows.astype(np.int64), cols.astype(np.int64), cost[rows, cols])


def ortools_min_cost_flow(coo, capacity, penalty):
    """The peer: OR-Tools' SimpleMinCostFlow over every feasible pair, integer costs."""
    rows, cols, vals = coo
    scale = 2.0**30 / max(float(vals.max()), penalty)
    sink = N + M
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        rows, N + cols, np.ones(rows.size, np.int64), np.rint(vals * scale).astype(np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(N),
        np.full(N, sink),
        np.ones(N, np.int64),
        np.full(N, round(penalty * scale), np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        N + np.arange(M), np.full(M, sink), capacity.astype(np.int64), np.zeros(M, np.int64)
    )
    supplies = np.zeros(sink + 1, np.int64)
    supplies[:N] = 1
    supplies[sink] = -N
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    assert flow.solve() == flow.OPTIMAL
    used = flow.flows(arcs) > 0
    return float(vals[used].sum()) + PENALTY * (N - int(used.sum()))


def test_ours_sparse(benchmark, sparse):
    cost, capacity, coo = sparse
    res = benchmark.pedantic(
        solve_assignment,
        args=(cost, capacity),
        kwargs={"unassigned_penalty": PENALTY},
        rounds=3,
        iterations=1,
    )
    peer = ortools_min_cost_flow(coo, capacity, PENALTY)
    assert res.proven_optimal
    assert res.total_cost == pytest.approx(peer, rel=1e-6)
    benchmark.extra_info.update(
        method=res.method,
        rounds=res.provenance["rounds"],
        candidates=res.provenance["n_candidates"],
        feasible_pairs=int(coo[0].size),
        total_cost=res.total_cost,
        unassigned=res.n_unassigned,
    )


def test_ortools_sparse(benchmark, sparse):
    _, capacity, coo = sparse
    benchmark.pedantic(ortools_min_cost_flow, args=(coo, capacity, PENALTY), rounds=3, iterations=1)


def test_ours_dense(benchmark):
    cost, capacity = make_instance(dense=True)
    res = benchmark.pedantic(
        solve_assignment,
        args=(cost, capacity),
        kwargs={"unassigned_penalty": PENALTY},
        rounds=1,
        iterations=1,
    )
    assert res.proven_optimal
    benchmark.extra_info.update(
        method=res.method,
        rounds=res.provenance["rounds"],
        candidates=res.provenance["n_candidates"],
        total_cost=res.total_cost,
        peak_rss_gib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
    )
