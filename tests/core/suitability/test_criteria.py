"""Value functions: linear, threshold and piecewise transforms for benefit, cost and ideal."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microparks.core.suitability import CriterionError, Transform, calc_utility


def test_linear_benefit_and_cost():
    x = [-10, 0, 250, 1000, 5000]
    benefit = calc_utility(x, Transform("linear", "benefit", lower=0, upper=1000))
    cost = calc_utility(x, Transform("linear", "cost", lower=0, upper=1000))
    np.testing.assert_allclose(benefit, [0, 0, 0.25, 1, 1])
    np.testing.assert_allclose(cost, [1, 1, 0.75, 0, 0])


def test_linear_ideal_is_triangular_and_zero_outside():
    t = Transform("linear", "ideal", lower=10, ideal=50, upper=250)
    np.testing.assert_allclose(
        calc_utility([0, 10, 30, 50, 150, 250, 300], t), [0, 0, 0.5, 1, 0.5, 0, 0]
    )
    edge = Transform("linear", "ideal", lower=10, ideal=10, upper=20)
    np.testing.assert_allclose(calc_utility([5, 10, 15, 20], edge), [0, 1, 0.5, 0])


def test_thresholds():
    np.testing.assert_array_equal(
        calc_utility([0, 1, 2], Transform("threshold", "benefit", threshold=1)), [0, 1, 1]
    )
    np.testing.assert_array_equal(
        calc_utility([0, 1, 2], Transform("threshold", "cost", threshold=1)), [1, 1, 0]
    )
    np.testing.assert_array_equal(
        calc_utility([0, 1, 2, 3], Transform("threshold", "ideal", lower=1, upper=2)),
        [0, 1, 1, 0],
    )


def test_piecewise_interpolates_and_clamps():
    t = Transform("piecewise", "cost", points=(0, 5000, 15000), values=(1, 0.9, 0.4))
    np.testing.assert_allclose(calc_utility([-1, 2500, 10000, 20000], t), [1, 0.95, 0.65, 0.4])


def test_missing_values_stay_missing():
    out = calc_utility([np.nan, 1.0], Transform("threshold", "benefit", threshold=1))
    assert np.isnan(out[0])
    assert out[1] == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "linear", "kind": "benefit", "lower": 1}, "needs 'upper'"),
        ({"name": "linear", "kind": "cost", "lower": 5, "upper": 1}, "must be below"),
        ({"name": "linear", "kind": "ideal", "lower": 0, "upper": 1, "ideal": 2}, "between"),
        ({"name": "threshold", "kind": "benefit"}, "needs 'threshold'"),
        ({"name": "piecewise", "kind": "cost", "points": (0,), "values": (1,)}, "≥ 2 points"),
        ({"name": "piecewise", "kind": "cost", "points": (1, 0), "values": (1, 0)}, "increase"),
        (
            {"name": "piecewise", "kind": "cost", "points": (0, 1), "values": (1, 2)},
            "in \\[0, 1\\]",
        ),
        ({"name": "sigmoid", "kind": "cost"}, "transform 'sigmoid'"),
        ({"name": "linear", "kind": "good"}, "kind 'good'"),
    ],
)
def test_bad_transforms(kwargs, message):
    with pytest.raises(CriterionError, match=message):
        Transform(**kwargs)


@given(
    st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=30),
    st.floats(-1e3, 1e3),
    st.floats(1e-3, 1e4),
)
def test_linear_utilities_are_monotone_and_bounded(xs, lower, width):
    x = np.sort(np.array(xs))
    up = calc_utility(x, Transform("linear", "benefit", lower=lower, upper=lower + width))
    down = calc_utility(x, Transform("linear", "cost", lower=lower, upper=lower + width))
    assert np.all((up >= 0) & (up <= 1) & (down >= 0) & (down <= 1))
    assert np.all(np.diff(up) >= 0)
    assert np.all(np.diff(down) <= 0)
    np.testing.assert_allclose(up + down, 1.0)
