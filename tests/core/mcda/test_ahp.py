"""AHP weights and consistency against Saaty's published examples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.mcda import (
    RANDOM_INDEX,
    InconsistentJudgementsError,
    PairwiseMatrixError,
    calc_ahp_weights,
    check_pairwise_matrix,
)

# Saaty, T. L. (1990). How to make a decision: the Analytic Hierarchy Process. EJOR 48, 9-26,
# section 4, "choosing a house": eight criteria (size of house, transportation, neighbourhood,
# age of house, yard space, modern facilities, general condition, financing). Published
# priorities 0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333;
# lambda_max = 9.669, C.I. = 0.238, C.R. = 0.169.
HOUSE = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]

# Saaty (1977), "A scaling method for priorities in hierarchical structures", J. Math. Psych. 15,
# 234-281, and Saaty (1990, section 2): relative brightness of four chairs; published eigenvector
# (0.61, 0.24, 0.10, 0.05) with lambda_max = 4.39.
LIGHT = [[1, 5, 6, 7], [1 / 5, 1, 4, 6], [1 / 6, 1 / 4, 1, 4], [1 / 7, 1 / 6, 1 / 4, 1]]


def test_random_index_is_saatys_table():
    assert RANDOM_INDEX == (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)


def test_saaty_1990_house_example():
    r = calc_ahp_weights(HOUSE, max_consistency_ratio=None)
    np.testing.assert_allclose(r.weights, HOUSE_WEIGHTS, atol=0.0006)
    assert round(r.lambda_max, 3) == 9.669
    assert round(r.consistency_index, 3) == 0.238
    assert round(r.consistency_ratio, 3) == 0.169
    assert r.random_index == 1.41
    assert not r.is_consistent


def test_saaty_house_example_is_refused_by_default_naming_judgements():
    with pytest.raises(InconsistentJudgementsError, match=r"0\.169 exceeds 0\.10") as info:
        calc_ahp_weights(HOUSE, [f"k{i}" for i in range(8)])
    worst = info.value.result.worst_judgements[0]
    assert f"{worst.row} vs {worst.column}" in str(info.value)
    # the refusal carries the full result: the same weights as when accepted
    np.testing.assert_allclose(info.value.result.weights, HOUSE_WEIGHTS, atol=0.0006)


def test_saaty_light_example():
    r = calc_ahp_weights(LIGHT, max_consistency_ratio=None)
    assert round(r.lambda_max, 2) == 4.39
    np.testing.assert_allclose(r.weights, [0.61, 0.24, 0.10, 0.05], atol=0.01)
    assert r.consistency_ratio == pytest.approx(r.consistency_index / 0.90)


def test_consistent_matrix_gives_exact_ratios():
    w = np.array([0.5, 0.25, 0.15, 0.1])
    r = calc_ahp_weights(np.outer(w, 1 / w), ["a", "b", "c", "d"])
    np.testing.assert_allclose(r.weights, w, atol=1e-12)
    assert r.lambda_max == pytest.approx(4.0, abs=1e-9)
    assert r.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert r.as_dict()["weights"]["a"] == pytest.approx(0.5)


def test_single_wrong_judgement_is_named_first():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = np.outer(w, 1 / w)
    a[0, 3], a[3, 0] = 1 / 4, 4  # should be 4: the judgement is reversed
    with pytest.raises(InconsistentJudgementsError) as info:
        calc_ahp_weights(a, ["land", "power", "water", "labour"])
    worst = info.value.result.worst_judgements[0]
    assert (worst.row, worst.column) == ("land", "labour")
    assert "land vs labour" in str(info.value)


def test_two_criteria_are_always_consistent():
    r = calc_ahp_weights([[1, 9], [1 / 9, 1]])
    np.testing.assert_allclose(r.weights, [0.9, 0.1])
    assert r.consistency_ratio == 0.0


def test_rounded_reciprocals_are_accepted_and_upper_triangle_rules():
    a = check_pairwise_matrix([[1, 3, 7], [0.33, 1, 3], [0.143, 0.33, 1]])
    assert a[1, 0] == pytest.approx(1 / 3)
    assert a[2, 0] == pytest.approx(1 / 7)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([[1, 2], [2, 1]], "not reciprocal"),
        ([[1, -2], [-0.5, 1]], "not positive"),
        ([[2, 2], [0.5, 1]], "diagonal"),
        ([[1, "x"], [1, 1]], "not numeric"),
        ([[1, np.nan], [1, 1]], "not positive"),
        (np.ones((11, 11)), "up to 10"),
    ],
)
def test_bad_pairwise_matrices_are_refused(matrix, message):
    with pytest.raises(PairwiseMatrixError, match=message):
        calc_ahp_weights(matrix)


def test_wrong_number_of_names_is_refused():
    with pytest.raises(ValueError, match="2 criterion names for 3"):
        calc_ahp_weights(np.ones((3, 3)), ["a", "b"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([1 / 9, 1 / 5, 1 / 3, 1, 3, 5, 9]), min_size=10, max_size=10),
    st.integers(3, 5),
)
def test_properties_of_random_reciprocal_matrices(values, n):
    a = np.eye(n)
    rows, cols = np.triu_indices(n, 1)
    a[rows, cols] = values[: rows.size]
    a[cols, rows] = 1 / a[rows, cols]
    r = calc_ahp_weights(a, max_consistency_ratio=None)
    assert r.weights.sum() == pytest.approx(1.0)
    assert np.all(r.weights > 0)
    assert r.lambda_max >= n - 1e-9  # Perron: lambda_max >= n, equality iff consistent
    np.testing.assert_allclose(a @ r.weights, r.lambda_max * r.weights, rtol=1e-9)
    # relabelling the criteria permutes the weights
    perm = np.roll(np.arange(n), 1)
    r2 = calc_ahp_weights(a[np.ix_(perm, perm)], max_consistency_ratio=None)
    np.testing.assert_allclose(r2.weights, r.weights[perm], atol=1e-12)
