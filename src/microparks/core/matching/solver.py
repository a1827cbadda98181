r"""Optimal assignment of prospects to sites with capacities, by min-cost flow.

The problem, with ``x_ij = 1`` when prospect ``i`` goes to site ``j`` and ``u_i = 1`` when it stays
unassigned at penalty ``p_i``:

.. math::

    \min \sum_{ij} c_{ij} x_{ij} + \sum_i p_i u_i \quad \text{s.t.}\quad
    \sum_j x_{ij} + u_i = 1,\; \sum_i x_{ij} \le r_j,\; x, u \in \{0, 1\},

where ``c_ij = inf`` forbids a pair and ``r_j`` is the capacity left once fixed pairs are placed
(zero for reserved sites). The constraint matrix is a network matrix, so the linear relaxation has
an integral optimum and a min-cost flow solves it exactly (Ahuja, Magnanti & Orlin 1993, ch. 9–10).

Speed comes from sparse candidate generation: each prospect first sees only its ``k`` cheapest
sites. Optimality for the *full* problem is then proved with LP duality. Site prices
``mu_j >= 0`` are read from shortest-path distances in the residual network; with
``pi_i = min(p_i, min_j c_ij + mu_j)`` over **all** sites, ``(pi, mu)`` is dual feasible and

.. math::

    \text{dual bound} = \sum_i \pi_i - \sum_j r_j \mu_j \le \text{OPT} \le \text{primal}.

When the gap closes (up to the integer-scaling tolerance) the assignment is optimal; otherwise the
pairs with negative reduced cost join the candidates and the model is solved again (column
generation), and after a few rounds the dense model with every feasible pair is solved instead.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from microparks.core.matching import _flow

SOLVER_VERSION = "1"
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Method = Literal["auto", "dense"]


class AssignmentError(ValueError):
    """Bad input to :func:`solve_assignment` (shape, type, NaN, capacity, fixed pairs)."""


class InfeasibleAssignmentError(ValueError):
    """Some prospects must be assigned but no assignment respects costs and capacities."""


@dataclass(frozen=True, eq=False)
class AssignmentResult:
    """Optimal assignment of prospects to sites.

    Attributes
    ----------
    site_of_prospect : ndarray of int64, shape (n_prospects,)
        Site index of each prospect, or -1 when it stays unassigned.
    total_cost : float
        Cost of the assigned pairs plus the penalties of the unassigned prospects.
    assigned_cost, penalty_cost : float
        The two parts of ``total_cost``.
    site_prices : ndarray of float64, shape (n_sites,)
        Dual prices ``mu_j >= 0`` of the site capacities (what one more place on the site would
        save); NaN for sites with no capacity left to offer (reserved or taken by fixed pairs).
    dual_bound : float
        A lower bound on the optimal cost proved by LP duality.
    proven_optimal : bool
        ``total_cost - dual_bound`` is within the integer-scaling tolerance ``gap_tolerance``.
    gap_tolerance : float
        Largest suboptimality the integer scaling of costs can cause (``n / scale``).
    method : str
        ``"sparse"`` (candidates and column generation) or ``"dense"`` (every feasible pair).
    provenance : Mapping
        Parameters, solver, rounds, candidate count, scale and a SHA-256 hash of the inputs.

    """

    site_of_prospect: IntArray
    total_cost: float
    assigned_cost: float
    penalty_cost: float
    site_prices: FloatArray
    dual_bound: float
    proven_optimal: bool
    gap_tolerance: float
    method: str
    provenance: Mapping[str, Any] = field(default_factory=dict)

    @property
    def n_unassigned(self) -> int:
        """Number of prospects left unassigned."""
        return int(np.count_nonzero(self.site_of_prospect < 0))

    def load(self, n_sites: int | None = None) -> IntArray:
        """Number of prospects placed on each site."""
        size = len(self.site_prices) if n_sites is None else n_sites
        placed = self.site_of_prospect[self.site_of_prospect >= 0]
        return np.bincount(placed, minlength=size).astype(np.int64)


def solve_assignment(
    cost: npt.ArrayLike,
    capacity: npt.ArrayLike,
    *,
    unassigned_penalty: float | npt.ArrayLike | None = None,
    reserved: Iterable[int] | npt.ArrayLike | None = None,
    fixed: Mapping[int, int] | Iterable[tuple[int, int]] | None = None,
    k: int = 10,
    method: Method = "auto",
    max_rounds: int = 4,
) -> AssignmentResult:
    """Assign prospects to sites at least total cost, exactly.

    Parameters
    ----------
    cost : array_like, shape (n_prospects, n_sites)
        Cost of placing prospect ``i`` on site ``j``; ``inf`` for infeasible pairs. Real numbers of
        any sign; NaN and ``-inf`` are errors.
    capacity : array_like of int, shape (n_sites,)
        How many prospects each site can take (non-negative integers).
    unassigned_penalty : float or array_like, shape (n_prospects,), optional
        Cost of leaving a prospect unassigned; ``inf`` (or ``None``, the default, for everyone)
        means the prospect must be assigned.
    reserved : iterable of int or bool mask, optional
        Sites held back: nobody is placed there except by a fixed pair.
    fixed : mapping prospect -> site, or iterable of (prospect, site) pairs, optional
        Pairs already agreed; they take capacity first and must be feasible.
    k : int, default 10
        Candidate sites per prospect in the sparse model.
    method : {"auto", "dense"}
        ``"auto"`` starts from the sparse model and falls back to the dense one when column
        generation has not proved optimality after ``max_rounds`` rounds; ``"dense"`` solves
        the dense model (every feasible pair) directly.
    max_rounds : int, default 4
        Sparse rounds before the dense fall-back.

    Returns
    -------
    AssignmentResult

    Raises
    ------
    AssignmentError
        On malformed input.
    InfeasibleAssignmentError
        When prospects that must be assigned cannot all be.

    Examples
    --------
    >>> res = solve_assignment([[1.0, 2.0], [1.0, 5.0]], [1, 1])
    >>> res.site_of_prospect.tolist(), res.total_cost
    ([1, 0], 3.0)

    """
    c = _check_cost(cost)
    n, m = c.shape
    cap = _check_capacity(capacity, m)
    pen = _check_penalty(unassigned_penalty, n)
    res_mask = _check_reserved(reserved, m)
    fixed_pairs = _check_fixed(fixed, c)
    _check_options(k, method)
    site_of, remaining, free = _place_fixed(cap, fixed_pairs, res_mask, n)
    inst = _flow.build_instance(c, free, remaining, pen[free])
    _check_feasible(inst)
    fixed_cost = float(sum(c[i, j] for i, j in fixed_pairs.items()))
    sol, used_method, rounds = _solve_free(
        inst, k=k, dense=method == "dense" or k >= m, max_rounds=max_rounds
    )
    site_of[free] = sol.site_of_free
    provenance = {
        "solver": "ortools.graph.min_cost_flow " + _ortools_version(),
        "solver_version": SOLVER_VERSION,
        "k": k,
        "method_requested": method,
        "rounds": rounds,
        "n_candidates": sol.n_arcs,
        "n_fixed": len(fixed_pairs),
        "n_reserved": int(res_mask.sum()),
        "input_sha256": _hash_inputs(c, cap, pen, res_mask, fixed_pairs, inst),
    }
    return AssignmentResult(
        site_of_prospect=_frozen(site_of),
        total_cost=sol.assigned_cost + sol.penalty_cost + fixed_cost,
        assigned_cost=sol.assigned_cost + fixed_cost,
        penalty_cost=sol.penalty_cost,
        site_prices=_frozen(np.where(remaining > 0, sol.prices, np.nan)),
        dual_bound=sol.dual_bound + fixed_cost,
        proven_optimal=bool(sol.proven),
        gap_tolerance=sol.gap_tolerance,
        method=used_method,
        provenance=MappingProxyType(provenance),
    )


def _place_fixed(
    cap: IntArray, fixed_pairs: dict[int, int], reserved: npt.NDArray[Any], n: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Place the fixed pairs first: sites of all prospects, capacity left, prospects still free.

    Reserved sites keep no capacity for the free prospects, whatever the fixed pairs left.
    """
    site_of = np.full(n, -1, dtype=np.int64)
    remaining = cap.copy()
    for i, j in fixed_pairs.items():
        site_of[i] = j
        remaining[j] -= 1
    over = np.flatnonzero(remaining < 0)
    if over.size:
        raise AssignmentError(f"fixed pairs exceed the capacity of sites {over.tolist()}")
    remaining[reserved] = 0
    is_free = np.ones(n, dtype=bool)
    is_free[list(fixed_pairs)] = False
    return site_of, remaining, np.flatnonzero(is_free).astype(np.int64)


def _solve_free(
    inst: _flow.Instance, *, k: int, dense: bool, max_rounds: int
) -> tuple[_flow.Round, str, int]:
    """The min-cost flow over the free prospects, the method that proved it and its rounds.

    With no free prospect there is nothing to solve: an empty round, proven, at zero cost.
    """
    if not inst.n_free:
        none = np.zeros(0, dtype=np.int64)
        # no sites, zero prices, costs, bound and gap; proven; no violations, no arcs
        empty = _flow.Round(
            none, np.zeros(inst.cap.size), 0.0, 0.0, 0, 0.0, 0.0, True, (none, none), 0
        )
        return empty, "sparse", 0
    try:
        return _flow.solve(inst, k=k, dense=dense, max_rounds=max_rounds)
    except _flow.MustAssignError as exc:
        raise InfeasibleAssignmentError(str(exc)) from None
    except _flow.FlowError as exc:
        raise AssignmentError(str(exc)) from None


# --- input checks -------------------------------------------------------------------------------


def _check_cost(cost: npt.ArrayLike) -> FloatArray:
    try:
        arr = np.asarray(cost)
    except ValueError as exc:  # ragged nested lists
        raise AssignmentError(f"cost is not a rectangular matrix: {exc}") from None
    if arr.dtype.kind not in "iuf":
        raise AssignmentError(f"cost must be a numeric matrix, got dtype {arr.dtype}")
    if arr.ndim != 2:
        raise AssignmentError(f"cost must be 2-D (prospects × sites), got shape {arr.shape}")
    c = np.ascontiguousarray(arr, dtype=np.float64)
    low = float(c.min()) if c.size else 0.0  # one pass: NaN propagates, -inf shows
    if np.isnan(low):
        rows, cols = np.nonzero(np.isnan(c))
        raise AssignmentError(
            f"cost contains NaN (first at prospect {rows[0]}, site {cols[0]}); "
            "use inf for infeasible pairs"
        )
    if low == -np.inf:
        raise AssignmentError("cost contains -inf; costs must be finite or +inf")
    return c


def _check_capacity(capacity: npt.ArrayLike, m: int) -> IntArray:
    arr = np.asarray(capacity)
    if arr.dtype.kind not in "iuf" or arr.dtype == np.bool_:
        raise AssignmentError(f"capacity must be numeric, got dtype {arr.dtype}")
    if arr.ndim != 1 or arr.shape[0] != m:
        raise AssignmentError(f"capacity must have one entry per site ({m}), got shape {arr.shape}")
    f = arr.astype(np.float64)
    if not np.isfinite(f).all():
        raise AssignmentError("capacity must be finite")
    if (f < 0).any():
        raise AssignmentError(f"capacity must be non-negative (site {int(np.argmax(f < 0))})")
    if (f != np.round(f)).any():
        raise AssignmentError("capacity must be whole numbers of prospects")
    return f.astype(np.int64)


def _check_penalty(penalty: float | npt.ArrayLike | None, n: int) -> FloatArray:
    if penalty is None:
        return np.full(n, np.inf)
    arr = np.asarray(penalty)
    if arr.dtype.kind not in "iuf":
        raise AssignmentError(f"unassigned_penalty must be numeric, got dtype {arr.dtype}")
    f = np.broadcast_to(arr.astype(np.float64), (n,)) if arr.ndim == 0 else arr.astype(np.float64)
    if f.shape != (n,):
        raise AssignmentError(f"unassigned_penalty must be a number or have {n} entries")
    if np.isnan(f).any() or np.isneginf(f).any():
        raise AssignmentError("unassigned_penalty must be a real number or +inf")
    return np.array(f)


def _check_reserved(reserved: Iterable[int] | npt.ArrayLike | None, m: int) -> npt.NDArray[Any]:
    mask = np.zeros(m, dtype=bool)
    if reserved is None:
        return mask
    arr = np.asarray(reserved if isinstance(reserved, np.ndarray) else list(reserved))  # type: ignore[arg-type]
    if arr.dtype == np.bool_:
        if arr.shape != (m,):
            raise AssignmentError(f"reserved mask must have {m} entries")
        return arr.copy()
    if arr.size and (arr.dtype.kind not in "iu" or arr.min() < 0 or arr.max() >= m):
        raise AssignmentError(f"reserved sites must be indices in 0..{m - 1}")
    mask[arr.astype(np.int64)] = True
    return mask


def _check_fixed(
    fixed: Mapping[int, int] | Iterable[tuple[int, int]] | None, c: FloatArray
) -> dict[int, int]:
    if fixed is None:
        return {}
    pairs: Iterable[tuple[int, int]] = fixed.items() if isinstance(fixed, Mapping) else fixed
    n, m = c.shape
    out: dict[int, int] = {}
    for pair in pairs:
        i, j = (int(v) for v in pair)
        if not (0 <= i < n and 0 <= j < m):
            raise AssignmentError(f"fixed pair ({i}, {j}) is out of range")
        if i in out:
            raise AssignmentError(f"prospect {i} is fixed twice")
        if not math.isfinite(c[i, j]):
            raise AssignmentError(f"fixed pair ({i}, {j}) is infeasible (cost inf)")
        out[i] = j
    return out


def _check_options(k: int, method: str) -> None:
    if k < 1:
        raise AssignmentError(f"k must be at least 1, got {k}")
    if method not in ("auto", "dense"):
        raise AssignmentError(f"unknown method {method!r}")


def _check_feasible(inst: _flow.Instance) -> None:
    must = np.isinf(inst.penalty)
    if not must.any():
        return
    stuck = np.intersect1d(_flow.rows_without_pairs(inst), np.flatnonzero(must))
    if stuck.size:
        ids = inst.free[stuck][:10].tolist()
        raise InfeasibleAssignmentError(
            f"{stuck.size} prospect(s) must be assigned but have no feasible site with "
            f"capacity left, e.g. {ids}"
        )
    places = int(inst.cap.sum())
    if int(must.sum()) > places:
        raise InfeasibleAssignmentError(
            f"{int(must.sum())} prospects must be assigned but only {places} places remain"
        )


def _frozen(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a = np.array(a)
    a.setflags(write=False)
    return a


def _hash_inputs(
    c: FloatArray,
    cap: IntArray,
    pen: FloatArray,
    reserved: npt.NDArray[Any],
    fixed: dict[int, int],
    inst: _flow.Instance,
) -> str:
    """SHA-256 of the inputs; a sparse matrix is hashed as its finite entries (much faster)."""
    h = hashlib.sha256()
    h.update(np.asarray(c.shape, dtype=np.int64).tobytes())
    whole = inst.coo is not None and inst.n_free == c.shape[0] and inst.open_cols.size == c.shape[1]
    parts = (*inst.coo, cap, pen, reserved) if whole and inst.coo else (c, cap, pen, reserved)
    h.update(b"coo" if whole else b"dense")
    for a in parts:
        h.update(np.ascontiguousarray(a).data.cast("B"))  # no copy of a large matrix
    h.update(repr(sorted(fixed.items())).encode())
    return h.hexdigest()


def _ortools_version() -> str:
    import ortools

    return str(getattr(ortools, "__version__", "?"))


def check_assignment(
    cost: npt.ArrayLike, capacity: Sequence[int] | npt.ArrayLike, site_of_prospect: npt.ArrayLike
) -> None:
    """Raise :class:`AssignmentError` if an assignment uses an infeasible pair or over-fills a site.

    Parameters
    ----------
    cost : array_like, shape (n_prospects, n_sites)
        Costs with ``inf`` for infeasible pairs.
    capacity : array_like, shape (n_sites,)
        Places per site.
    site_of_prospect : array_like of int, shape (n_prospects,)
        Site of each prospect, -1 when unassigned.

    """
    c = _check_cost(cost)
    cap = _check_capacity(capacity, c.shape[1])
    s = np.asarray(site_of_prospect, dtype=np.int64)
    placed = np.flatnonzero(s >= 0)
    if np.isinf(c[placed, s[placed]]).any():
        raise AssignmentError("an infeasible pair is assigned")
    if (np.bincount(s[placed], minlength=cap.size) > cap).any():
        raise AssignmentError("a site holds more prospects than its capacity")
