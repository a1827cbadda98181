"""The engine behind :func:`~microparks.core.matching.solve_assignment`.

The feasible pairs are held either as a row-sorted coordinate list (sparse instances) or read in
row blocks from the cost matrix (dense instances), so that the dense case never builds more than
one block of temporaries at a time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
CHUNK_CELLS = 4_000_000  # cells of the cost matrix handled at once (32 MB of float64)
SPARSE_DENSITY = 0.25  # below this share of feasible pairs, keep them as a coordinate list


class FlowError(ValueError):
    """The min-cost flow failed or the instance cannot be scaled to exact integers."""


class MustAssignError(ValueError):
    """Prospects that must be assigned cannot all be."""


@dataclass
class Instance:
    """Free prospects, remaining capacities and the feasible pairs among them."""

    cost: FloatArray  # the caller's n × m matrix
    free: IntArray  # prospects to place (rows of ``cost``)
    cap: IntArray  # capacity left per site
    penalty: FloatArray  # per free prospect; inf = must be assigned
    open_cols: IntArray  # sites with capacity left
    coo: tuple[IntArray, IntArray, FloatArray] | None  # (free row, site, cost), row-sorted

    @property
    def n_free(self) -> int:
        return int(self.free.size)

    def blocks(self) -> Iterator[tuple[IntArray, FloatArray]]:
        """Row blocks ``(free rows, cost[free rows][:, open_cols])`` of the dense matrix."""
        step = max(1, CHUNK_CELLS // max(1, self.open_cols.size))
        all_open = self.open_cols.size == self.cap.size
        for lo in range(0, self.n_free, step):
            idx = np.arange(lo, min(lo + step, self.n_free), dtype=np.int64)
            block = self.cost[self.free[idx]]
            yield idx, block if all_open else block[:, self.open_cols]


def build_instance(
    cost: FloatArray, free: IntArray, cap: IntArray, penalty: FloatArray
) -> Instance:
    """Gather the feasible pairs, as a coordinate list when they are few (one pass)."""
    inst = Instance(cost, free, cap, penalty, np.flatnonzero(cap > 0).astype(np.int64), None)
    limit = SPARSE_DENSITY * inst.n_free * inst.open_cols.size
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    vals: list[FloatArray] = []
    count = 0
    for idx, block in inst.blocks():
        r, c = np.nonzero(np.isfinite(block))
        count += r.size
        if count > limit:
            return inst  # dense: read in blocks when needed
        rows.append(idx[r])
        cols.append(inst.open_cols[c])
        vals.append(block[r, c])
    inst.coo = (_cat(rows), _cat(cols), np.concatenate(vals) if vals else np.empty(0))
    return inst


def _cat(parts: list[IntArray]) -> IntArray:
    return np.concatenate(parts).astype(np.int64) if parts else np.empty(0, np.int64)


def rows_without_pairs(inst: Instance) -> IntArray:
    """Free rows with no feasible site that has capacity left."""
    if inst.coo is not None:
        has = np.zeros(inst.n_free, dtype=bool)
        has[inst.coo[0]] = True
        return np.flatnonzero(~has)
    empty = [idx[~np.isfinite(b).any(axis=1)] for idx, b in inst.blocks()]
    return _cat(empty)


def max_abs_cost(inst: Instance) -> float:
    """Largest finite |cost| among feasible pairs and penalties."""
    top = 0.0
    if inst.coo is not None:
        if inst.coo[2].size:
            top = float(np.abs(inst.coo[2]).max())
    else:
        for _, b in inst.blocks():
            fin = np.abs(b[np.isfinite(b)])
            if fin.size:
                top = max(top, float(fin.max()))
    pen = inst.penalty[np.isfinite(inst.penalty)]
    if pen.size:
        top = max(top, float(np.abs(pen).max()))
    return top


def candidates(inst: Instance, k: int) -> tuple[IntArray, IntArray]:
    """The ``k`` cheapest feasible sites with capacity left, per free prospect."""
    if inst.coo is not None:
        return _coo_candidates(inst.coo, inst.n_free, k)
    out_r, out_c = [], []
    for idx, block in inst.blocks():
        kk = min(k, block.shape[1])
        part = np.argpartition(block, kk - 1, axis=1)[:, :kk] if kk < block.shape[1] else None
        if part is None:
            part = np.broadcast_to(np.arange(block.shape[1]), block.shape)
        ok = np.isfinite(np.take_along_axis(block, part, axis=1))
        out_r.append(np.repeat(idx, part.shape[1])[ok.ravel()])
        out_c.append(inst.open_cols[part[ok]])
    return _cat(out_r), _cat(out_c)


def _coo_candidates(
    coo: tuple[IntArray, IntArray, FloatArray], n: int, k: int
) -> tuple[IntArray, IntArray]:
    """Per row the ``k`` smallest entries of a row-sorted coordinate list."""
    rows, cols, vals = coo
    counts = np.bincount(rows, minlength=n)
    width = int(counts.max()) if rows.size else 0
    if width <= k:
        return rows, cols
    if n * width <= 4 * rows.size:  # rows of similar length: pad into a matrix, partition
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        pos = np.arange(rows.size) - starts[rows]
        padded = np.full((n, width), np.inf)
        padded[rows, pos] = vals
        where = np.full((n, width), -1, np.int64)
        where[rows, pos] = np.arange(rows.size)
        part = np.argpartition(padded, k - 1, axis=1)[:, :k]
        picked = np.take_along_axis(where, part, axis=1).ravel()
        picked = np.sort(picked[picked >= 0])
    else:
        order = np.lexsort((vals, rows))
        r = rows[order]
        picked = order[np.arange(r.size) - np.searchsorted(r, r, side="left") < k]
    return rows[picked], cols[picked]


def all_pairs(inst: Instance) -> tuple[IntArray, IntArray]:
    """Every feasible pair with capacity left (the dense model)."""
    if inst.coo is not None:
        return inst.coo[0], inst.coo[1]
    out_r, out_c = [], []
    for idx, block in inst.blocks():
        r, c = np.nonzero(np.isfinite(block))
        out_r.append(idx[r])
        out_c.append(inst.open_cols[c])
    return _cat(out_r), _cat(out_c)


def merge_pairs(
    rows: IntArray, cols: IntArray, new_rows: IntArray, new_cols: IntArray, m: int
) -> tuple[IntArray, IntArray]:
    """Union of two pair sets without duplicates (parallel arcs would break the prices)."""
    key = np.union1d(rows * m + cols, new_rows * m + new_cols)
    return (key // m).astype(np.int64), (key % m).astype(np.int64)


def integer_scale(inst: Instance) -> tuple[float, int]:
    """Scale of costs to int64 and the artificial cost of leaving a must-assign prospect out.

    OR-Tools' cost-scaling algorithm multiplies costs by the node count, so costs times nodes must
    fit in int64; the big-M cost must exceed any alternating path of real costs.
    """
    top = max(max_abs_cost(inst), 1e-300)
    nodes = inst.n_free + inst.cap.size + 1
    path = 4 * (inst.n_free + 2)
    bits = min(40, 61 - math.ceil(math.log2(nodes + 1)) - math.ceil(math.log2(path)))
    if bits < 16:
        raise FlowError("instance too large for exact integer costs")
    return 2.0**bits / top, path * 2**bits


@dataclass
class Round:
    """One solve of the model restricted to a set of pairs, with its dual bound."""

    site_of_free: IntArray
    prices: FloatArray  # per site (all m), 0 where not open
    assigned_cost: float
    penalty_cost: float
    artificial: int  # must-assign prospects left out at the big-M cost
    dual_bound: float
    gap_tolerance: float
    proven: bool
    violations: tuple[IntArray, IntArray]
    n_arcs: int


def solve_round(
    inst: Instance, rows: IntArray, cols: IntArray, scale: float, big_m: int, k_add: int
) -> Round:
    """Min-cost flow over the given pairs, site prices, and the LP bound over all pairs."""
    nf, m = inst.n_free, inst.cap.size
    arc_cost = np.rint(inst.cost[inst.free[rows], cols] * scale).astype(np.int64)
    must = np.isinf(inst.penalty)
    pen_int = np.where(must, big_m, np.rint(np.where(must, 0.0, inst.penalty) * scale))
    pen_int = pen_int.astype(np.int64)
    sink = nf + m
    opened = inst.open_cols
    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        rows, nf + cols, np.ones(rows.size, np.int64), arc_cost
    )
    out_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(nf), np.full(nf, sink), np.ones(nf, np.int64), pen_int
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        nf + opened, np.full(opened.size, sink), inst.cap[opened], np.zeros(opened.size, np.int64)
    )
    supplies = np.zeros(sink + 1, np.int64)
    supplies[:nf] = 1
    supplies[sink] = -nf
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise FlowError(f"min-cost flow failed with status {status}")
    used = flow.flows(pair_arcs) > 0
    left_out = flow.flows(out_arcs) > 0
    site_of = np.full(nf, -1, np.int64)
    site_of[rows[used]] = cols[used]
    own = np.zeros(nf, np.int64)
    own[rows[used]] = arc_cost[used]
    mu_int = site_prices(site_of, own, pen_int, rows[~used], cols[~used], arc_cost[~used], m)
    prices = mu_int.astype(np.float64) / scale

    placed = site_of >= 0
    assigned_cost = float(inst.cost[inst.free[placed], site_of[placed]].sum())
    artificial = int((left_out & must).sum())
    penalty_cost = float(inst.penalty[left_out & ~must].sum())
    # what each prospect pays now; big M for the artificial arcs, so it stays finite
    implied = np.where(must, big_m / scale, inst.penalty)
    implied[placed] = inst.cost[inst.free[placed], site_of[placed]] + prices[site_of[placed]]
    bound, viol = dual_check(inst, implied, prices, tol=2.0 / scale, k_add=k_add)
    primal = assigned_cost + penalty_cost + artificial * big_m / scale
    gap_tol = nf / scale + 1e-12 * max(1.0, abs(primal))
    proven = artificial == 0 and primal - bound <= gap_tol
    return Round(
        site_of, prices, assigned_cost, penalty_cost, artificial, bound, gap_tol, proven, viol,
        int(rows.size),
    )  # fmt: skip


def site_prices(
    site_of: IntArray,
    own: IntArray,
    pen_int: IntArray,
    u_rows: IntArray,
    u_cols: IntArray,
    u_cost: IntArray,
    m: int,
) -> IntArray:
    """Smallest site prices ``mu >= 0`` that make every prospect's place its cheapest option.

    The least fixed point of ``mu_j = max(0, max_i pi_i - c_ij)`` over the unused pairs, with
    ``pi_i = c_i,s(i) + mu_s(i)`` (or the penalty when unassigned): Bellman-Ford from the sink
    in the residual network, where ``-mu`` is the distance. An optimal flow has no negative
    cycle, so the iteration stops after at most (number of nodes) rounds, in exact integers.
    """
    order = np.argsort(u_cols, kind="stable")
    r, c, w = u_rows[order], u_cols[order], u_cost[order]
    heads, starts = np.unique(c, return_index=True)
    placed = site_of >= 0
    mu = np.zeros(m, np.int64)
    if not heads.size:
        return mu
    for _ in range(site_of.size + m + 1):
        pi = np.where(placed, own + mu[np.maximum(site_of, 0)], pen_int)
        best = np.maximum.reduceat(pi[r] - w, starts)
        new = np.zeros(m, np.int64)
        new[heads] = np.maximum(best, 0)
        if np.array_equal(new, mu):
            break
        mu = new
    return mu


def dual_check(
    inst: Instance, implied: FloatArray, prices: FloatArray, *, tol: float, k_add: int
) -> tuple[float, tuple[IntArray, IntArray]]:
    """LP dual bound over every feasible pair, and pairs cheaper than what prospects pay now.

    With ``pi_i = min(p_i, min_j c_ij + mu_j)``, ``(pi, mu)`` is dual feasible for the full
    problem whatever ``mu >= 0``, so ``sum(pi) - sum_j r_j mu_j`` bounds the optimum from below.
    """
    pi = inst.penalty.copy()
    bad_r, bad_c, bad_v = [], [], []
    if inst.coo is not None:
        rows, cols, vals = inst.coo
        reduced = vals + prices[cols]
        if rows.size:
            heads, starts = np.unique(rows, return_index=True)
            pi[heads] = np.minimum(pi[heads], np.minimum.reduceat(reduced, starts))
        bad = implied[rows] - reduced > tol + 1e-12 * np.abs(reduced)
        bad_r, bad_c, bad_v = [rows[bad]], [cols[bad]], [reduced[bad]]
    else:
        mu = prices[inst.open_cols]
        for idx, block in inst.blocks():
            reduced = block + mu
            if reduced.shape[1]:
                pi[idx] = np.minimum(pi[idx], reduced.min(axis=1))
            bad = implied[idx, None] - reduced > tol + 1e-12 * np.abs(reduced)
            rr, cc = np.nonzero(bad)
            bad_r.append(idx[rr])
            bad_c.append(inst.open_cols[cc])
            bad_v.append(reduced[rr, cc])
    bound = float(pi.sum() - (inst.cap * prices).sum())
    vr, vc = _cat(bad_r), _cat(bad_c)
    vv = np.concatenate(bad_v) if bad_v else np.empty(0)
    order = np.lexsort((vv, vr))
    vr, vc = vr[order], vc[order]
    keep = np.arange(vr.size) - np.searchsorted(vr, vr, side="left") < k_add
    return bound, (vr[keep], vc[keep])


def solve(inst: Instance, *, k: int, dense: bool, max_rounds: int) -> tuple[Round, str, int]:
    """Sparse rounds with column generation, then the dense model if still not proved."""
    scale, big_m = integer_scale(inst)
    m = inst.cap.size
    if not dense:
        rows, cols = candidates(inst, k)
        for rnd in range(1, max_rounds + 1):
            res = solve_round(inst, rows, cols, scale, big_m, k_add=k)
            if res.proven:
                return res, "sparse", rnd
            new = merge_pairs(rows, cols, *res.violations, m)
            if new[0].size == rows.size:  # nothing left to add: only the dense model can tell
                break
            rows, cols = new
    else:
        rnd = 0
    rows, cols = all_pairs(inst)
    res = solve_round(inst, rows, cols, scale, big_m, k_add=k)
    if res.artificial:
        raise MustAssignError(
            f"{res.artificial} prospect(s) must be assigned but the capacities of their "
            "feasible sites do not allow it"
        )
    return res, "dense", rnd + 1
