"""solve_assignment: brute-force and scipy oracles, invariants, bad input."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from microparks.core.matching import (
    AssignmentError,
    InfeasibleAssignmentError,
    check_assignment,
    solve_assignment,
)


def brute_force(cost, cap, penalty, fixed=None, reserved=()):
    """Enumerate every assignment; ``None`` when no assignment is feasible."""
    n, m = cost.shape
    fixed = fixed or {}
    best = None
    options = []
    for i in range(n):
        if i in fixed:
            options.append([fixed[i]])
            continue
        opts = [j for j in range(m) if np.isfinite(cost[i, j]) and j not in reserved]
        if np.isfinite(penalty[i]):
            opts.append(-1)
        options.append(opts)
    for choice in itertools.product(*options):
        load = np.bincount([j for j in choice if j >= 0], minlength=m)
        if (load > cap).any():
            continue
        total = sum(cost[i, j] if j >= 0 else penalty[i] for i, j in enumerate(choice))
        if best is None or total < best:
            best = total
    return best


def lsa_oracle(cost, cap, penalty):
    """scipy's Hungarian-type solver on the capacity-expanded matrix with one dummy per prospect."""
    n, _ = cost.shape
    slots = np.repeat(np.arange(cost.shape[1]), cap)
    dummy = np.full((n, n), np.inf)
    np.fill_diagonal(dummy, penalty)
    big = np.hstack([cost[:, slots], dummy])
    rows, cols = linear_sum_assignment(big)
    return float(big[rows, cols].sum())


def random_instance(rng, n, m, p_inf, cap_max, with_penalty=True):
    cost = rng.integers(0, 50, size=(n, m)).astype(float) + rng.random((n, m))
    cost[rng.random((n, m)) < p_inf] = np.inf
    cap = rng.integers(0, cap_max + 1, size=m)
    penalty = rng.uniform(10, 80, size=n) if with_penalty else np.full(n, np.inf)
    return cost, cap, penalty


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 6),
    m=st.integers(1, 4),
    p_inf=st.sampled_from([0.0, 0.3, 0.6]),
    must=st.booleans(),
    k=st.integers(1, 4),
)
def test_matches_brute_force(seed, n, m, p_inf, must, k):
    rng = np.random.default_rng(seed)
    cost, cap, penalty = random_instance(rng, n, m, p_inf, cap_max=3)
    if must:
        penalty[rng.random(n) < 0.5] = np.inf
    expected = brute_force(cost, cap, penalty)
    if expected is None:
        with pytest.raises(InfeasibleAssignmentError):
            solve_assignment(cost, cap, unassigned_penalty=penalty, k=k)
        return
    res = solve_assignment(cost, cap, unassigned_penalty=penalty, k=k)
    assert res.total_cost == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert res.proven_optimal
    assert res.dual_bound <= res.total_cost + 1e-9
    check_assignment(cost, cap, res.site_of_prospect)
    left = res.site_of_prospect < 0
    assert np.isfinite(penalty[left]).all()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 6), m=st.integers(2, 4))
def test_fixed_and_reserved_match_brute_force(seed, n, m):
    rng = np.random.default_rng(seed)
    cost, cap, penalty = random_instance(rng, n, m, 0.2, cap_max=2)
    cap = np.maximum(cap, 1)
    finite = [(i, j) for i in range(n) for j in range(m) if np.isfinite(cost[i, j])]
    fixed = dict([finite[rng.integers(len(finite))]]) if finite else {}
    reserved = (int(rng.integers(m)),)
    expected = brute_force(cost, cap, penalty, fixed=fixed, reserved=reserved)
    res = solve_assignment(cost, cap, unassigned_penalty=penalty, fixed=fixed, reserved=reserved)
    assert res.total_cost == pytest.approx(expected, rel=1e-9, abs=1e-9)
    for i, j in fixed.items():
        assert res.site_of_prospect[i] == j
    others = np.setdiff1d(np.arange(n), list(fixed))
    assert not np.isin(res.site_of_prospect[others], reserved).any()


@pytest.mark.parametrize(
    ("seed", "p_inf", "k"), [(1, 0.0, 3), (2, 0.5, 5), (3, 0.9, 10), (4, 0.97, 2)]
)
def test_matches_linear_sum_assignment_on_larger_instances(seed, p_inf, k):
    rng = np.random.default_rng(seed)
    cost, cap, penalty = random_instance(rng, 300, 60, p_inf, cap_max=6)
    res = solve_assignment(cost, cap, unassigned_penalty=penalty, k=k)
    assert res.total_cost == pytest.approx(lsa_oracle(cost, cap, penalty), rel=1e-9)
    assert res.proven_optimal
    check_assignment(cost, cap, res.site_of_prospect)


def test_sparse_and_dense_models_agree_and_tight_capacity_forces_column_generation():
    rng = np.random.default_rng(7)
    # everyone prefers the same few sites: one candidate each is never enough
    cost = rng.random((200, 40)) + np.linspace(0, 1, 40)
    cap = np.full(40, 5)
    sparse = solve_assignment(cost, cap, k=1)
    dense = solve_assignment(cost, cap, method="dense")
    assert sparse.total_cost == pytest.approx(dense.total_cost, rel=1e-9)
    assert sparse.total_cost == pytest.approx(lsa_oracle(cost, cap, np.full(200, np.inf)), 1e-9)
    assert dense.method == "dense"
    assert sparse.provenance["rounds"] > 1 or sparse.method == "dense"


def test_prices_are_zero_on_sites_with_room_and_support_the_assignment():
    rng = np.random.default_rng(11)
    cost, cap, penalty = random_instance(rng, 120, 30, 0.4, cap_max=4)
    res = solve_assignment(cost, cap, unassigned_penalty=penalty, k=3)
    load = res.load()
    open_ = cap > 0
    assert (res.site_prices[open_ & (load < cap)] == 0).all()
    assert np.isnan(res.site_prices[~open_]).all()
    # each placed prospect sits on its cheapest site at these prices (competitive equilibrium)
    prices = np.nan_to_num(res.site_prices, nan=np.inf)
    for i, j in enumerate(res.site_of_prospect):
        best = min(np.min(cost[i] + prices), penalty[i])
        paid = cost[i, j] + prices[j] if j >= 0 else penalty[i]
        assert paid <= best + 1e-6


def test_docstring_example_and_result_is_frozen():
    res = solve_assignment([[1.0, 2.0], [1.0, 5.0]], [1, 1])
    assert res.site_of_prospect.tolist() == [1, 0]
    assert res.total_cost == 3.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.total_cost = 0.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        res.site_of_prospect[0] = 0
    assert len(res.provenance["input_sha256"]) == 64


def test_unassigned_when_penalty_is_cheaper_and_infeasible_pairs_never_used():
    cost = np.array([[np.inf, 9.0], [1.0, np.inf], [np.inf, np.inf]])
    res = solve_assignment(cost, [1, 1], unassigned_penalty=5.0)
    assert res.site_of_prospect.tolist() == [-1, 0, -1]
    assert res.total_cost == pytest.approx(11.0)
    assert res.penalty_cost == pytest.approx(10.0)
    assert res.n_unassigned == 2


def test_infeasible_must_assign_is_a_clear_error():
    with pytest.raises(InfeasibleAssignmentError, match="no feasible site"):
        solve_assignment([[np.inf, np.inf], [1.0, 2.0]], [1, 1])
    with pytest.raises(InfeasibleAssignmentError, match="places remain"):
        solve_assignment(np.ones((3, 2)), [1, 1])
    # Hall's condition fails although each prospect has a site and places are enough
    cost = np.array([[1.0, np.inf, np.inf], [2.0, np.inf, np.inf], [1.0, 1.0, 1.0]])
    with pytest.raises(InfeasibleAssignmentError, match="capacities"):
        solve_assignment(cost, [1, 1, 1], k=1)


@pytest.mark.parametrize(
    ("cost", "capacity", "kwargs", "message"),
    [
        ([["a", "b"]], [1, 1], {}, "numeric"),
        ([[1.0, 2.0], [3.0]], [1, 1], {}, "rectangular|numeric"),
        ([1.0, 2.0], [1, 1], {}, "2-D"),
        ([[1.0, np.nan]], [1, 1], {}, "NaN"),
        ([[1.0, -np.inf]], [1, 1], {}, "-inf"),
        ([[1.0, 2.0]], [1], {}, "one entry per site"),
        ([[1.0, 2.0]], [1, -1], {}, "non-negative"),
        ([[1.0, 2.0]], [1, 1.5], {}, "whole numbers"),
        ([[1.0, 2.0]], ["x", "y"], {}, "numeric"),
        ([[1.0, 2.0]], [1, 1], {"unassigned_penalty": np.nan}, "penalty"),
        ([[1.0, 2.0]], [1, 1], {"unassigned_penalty": [1.0, 2.0]}, "penalty"),
        ([[1.0, np.inf]], [1, 1], {"fixed": {0: 1}}, "infeasible"),
        ([[1.0, 2.0], [1.0, 2.0]], [1, 1], {"fixed": [(0, 0), (1, 0)]}, "exceed"),
        ([[1.0, 2.0]], [1, 1], {"fixed": [(0, 5)]}, "out of range"),
        ([[1.0, 2.0]], [1, 1], {"reserved": [7]}, "reserved"),
        ([[1.0, 2.0]], [1, 1], {"k": 0}, "k must"),
        ([[1.0, 2.0]], [1, 1], {"method": "fast"}, "unknown method"),
    ],
)
def test_bad_input_is_a_clear_error(cost, capacity, kwargs, message):
    with pytest.raises(AssignmentError, match=message):
        solve_assignment(cost, capacity, **kwargs)


def test_check_assignment_catches_violations():
    cost = np.array([[1.0, np.inf], [1.0, 2.0]])
    with pytest.raises(AssignmentError, match="infeasible pair"):
        check_assignment(cost, [2, 1], [1, 0])
    with pytest.raises(AssignmentError, match="capacity"):
        check_assignment(cost, [1, 1], [0, 0])
    check_assignment(cost, [1, 1], [0, 1])


@pytest.mark.parametrize("skewed", [False, True])
def test_candidate_generation_keeps_the_k_cheapest_per_prospect(skewed):
    from microparks.core.matching import _flow

    rng = np.random.default_rng(5)
    n, m, k = 50, 40, 3
    cost = rng.random((n, m))
    cost[rng.random((n, m)) < 0.9] = np.inf
    if skewed:  # one long row among short ones: the sort-based path
        cost[0] = rng.random(m)
    inst = _flow.build_instance(cost, np.arange(n), np.ones(m, np.int64), np.full(n, np.inf))
    assert inst.coo is not None
    rows, cols = _flow.candidates(inst, k)
    for i in range(n):
        finite = np.flatnonzero(np.isfinite(cost[i]))
        expected = set(finite[np.argsort(cost[i, finite])[:k]])
        assert set(cols[rows == i]) == expected
    dense = _flow.Instance(
        cost, np.arange(n), np.ones(m, np.int64), np.full(n, 1.0), np.arange(m), None
    )
    d_rows, d_cols = _flow.candidates(dense, k)
    assert sorted(zip(d_rows, d_cols, strict=True)) == sorted(zip(rows, cols, strict=True))


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_must_assign_with_tight_capacity_matches_linear_sum_assignment(seed):
    rng = np.random.default_rng(seed)
    n, m = 200, 50
    cost, cap, _ = random_instance(rng, n, m, 0.8, cap_max=6)
    cap = cap + 1
    penalty = np.full(n, np.inf)
    try:
        expected = lsa_oracle(cost, cap, penalty)
    except ValueError:  # no complete matching exists
        with pytest.raises(InfeasibleAssignmentError):
            solve_assignment(cost, cap, k=2)
        return
    res = solve_assignment(cost, cap, k=2)
    assert res.total_cost == pytest.approx(expected, rel=1e-9)
    assert res.n_unassigned == 0
    check_assignment(cost, cap, res.site_of_prospect)
