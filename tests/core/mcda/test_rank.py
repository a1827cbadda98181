"""WSM and TOPSIS: a published worked example, hand values, properties and input errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from microparks.core.mcda import (
    MCDAInputError,
    calc_contributions,
    calc_normalized,
    score_alternatives,
    score_topsis,
    score_wsm,
)

# Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and Applications.
# Springer, Lecture Notes in Economics and Mathematical Systems 186, the fighter-aircraft example
# (pp. 131-134): maximum speed (Mach), ferry range (NM), maximum payload (lb), acquisition cost
# (10^6 $, a cost), reliability and manoeuvrability (interval scales, benefits), weights
# 0.2, 0.1, 0.1, 0.1, 0.2, 0.3. Published relative closeness C* = 0.643, 0.268, 0.613, 0.312.
AIRCRAFT = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
AIRCRAFT_TYPES = ["benefit", "benefit", "benefit", "cost", "benefit", "benefit"]


def test_topsis_hwang_yoon_fighter_aircraft():
    r = score_topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_TYPES)
    # the book rounds its intermediate tables to 4 digits, hence a tolerance of 1e-3
    np.testing.assert_allclose(r.scores, [0.643, 0.268, 0.613, 0.312], atol=0.001)
    assert list(r.ranks) == [1, 4, 2, 3]
    assert list(r.order) == [0, 2, 3, 1]
    assert r.normalization == "vector"
    assert r.types[3] == "cost"
    assert len(r.input_hash or "") == 64


def test_topsis_textbook_formula_with_unmirrored_costs():
    """Same as computing Hwang & Yoon's steps literally (costs ideal = column minimum)."""
    x = np.array(AIRCRAFT, dtype=float)
    w = np.array(AIRCRAFT_WEIGHTS)
    v = x / np.sqrt((x**2).sum(axis=0)) * w
    benefit = np.array([t == "benefit" for t in AIRCRAFT_TYPES])
    best = np.where(benefit, v.max(axis=0), v.min(axis=0))
    worst = np.where(benefit, v.min(axis=0), v.max(axis=0))
    dp = np.sqrt(((v - best) ** 2).sum(axis=1))
    dm = np.sqrt(((v - worst) ** 2).sum(axis=1))
    r = score_topsis(x, w, AIRCRAFT_TYPES)
    np.testing.assert_allclose(r.scores, dm / (dp + dm), rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.distance_to_ideal, dp, atol=1e-12)


def test_wsm_by_hand():
    # linear normalisation: benefit x/max, cost min/x
    r = score_wsm([[10.0, 2.0], [5.0, 1.0]], [0.5, 0.5], ["benefit", "cost"])
    np.testing.assert_allclose(r.scores, [0.5 * 1 + 0.5 * 0.5, 0.5 * 0.5 + 0.5 * 1])
    r = score_wsm([[10.0, 2.0], [5.0, 1.0]], [3, 1], ["benefit", "cost"])
    np.testing.assert_allclose(r.weights, [0.75, 0.25])
    assert r.ranks[0] == 1


@pytest.mark.parametrize("normalization", ["vector", "minmax", "max", "sum", "linear"])
def test_contributions_add_up_to_wsm_score(normalization):
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 10, size=(20, 4))
    types = ["benefit", "cost", "cost", "benefit"]
    w = [0.1, 0.2, 0.3, 0.4]
    c = calc_contributions("wsm", x, w, types, normalization=normalization)
    r = score_wsm(x, w, types, normalization=normalization)
    np.testing.assert_allclose(c.weighted.sum(axis=1), r.scores, atol=1e-12)


def test_topsis_contributions_give_the_distances():
    c = calc_contributions("topsis", AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_TYPES)
    r = score_topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_TYPES)
    np.testing.assert_allclose(np.sqrt(c.gap_to_ideal.sum(axis=1)), r.distance_to_ideal)
    np.testing.assert_allclose(np.sqrt(c.gap_to_anti_ideal.sum(axis=1)), r.distance_to_anti_ideal)


def test_normalizations_by_hand():
    x = [[1.0, 4.0], [3.0, 2.0]]
    types = ["benefit", "cost"]
    np.testing.assert_allclose(calc_normalized(x, types, "minmax"), [[0, 0], [1, 1]])
    np.testing.assert_allclose(calc_normalized(x, types, "max"), [[1 / 3, 0], [1, 0.5]])
    np.testing.assert_allclose(calc_normalized(x, types, "sum"), [[0.25, 1 / 3], [0.75, 2 / 3]])
    np.testing.assert_allclose(calc_normalized(x, types, "linear"), [[1 / 3, 0.5], [1, 1]])
    n1, n2 = np.sqrt(10), np.sqrt(20)
    np.testing.assert_allclose(
        calc_normalized(x, types, "vector"), [[1 / n1, 1 - 4 / n2], [3 / n1, 1 - 2 / n2]]
    )
    assert np.all(calc_normalized([[2.0], [2.0]], None, "minmax") == 1)


def test_equal_alternatives_score_one_half_under_topsis():
    r = score_topsis([[1.0, 2.0], [1.0, 2.0]], [1, 1])
    assert list(r.scores) == [0.5, 0.5]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"matrix": [[1.0, np.nan]]}, "missing or infinite"),
        ({"matrix": [[1.0, np.inf], [1.0, 2.0]]}, "missing or infinite"),
        ({"matrix": [[1.0, "a"]]}, "not numeric"),
        ({"matrix": [1.0, 2.0]}, "2-D"),
        ({"weights": [1.0]}, "1 weights for 2 criteria"),
        ({"weights": [1.0, -1.0]}, "non-negative"),
        ({"weights": [0.0, 0.0]}, "positive"),
        ({"types": ["benefit", "good"]}, "neither 'benefit' nor 'cost'"),
        ({"types": ["benefit"]}, "1 criterion types for 2"),
        ({"normalization": "zscore"}, "unknown normalisation"),
        ({"matrix": [[0.0, 1.0], [0.0, 2.0]]}, "all values are zero"),
    ],
)
def test_bad_inputs_are_refused(kwargs, message):
    args = {"matrix": [[1.0, 2.0], [2.0, 1.0]], "weights": [1, 1], "types": None}
    args.update(kwargs)
    norm = args.pop("normalization", "vector")
    with pytest.raises(MCDAInputError, match=message):
        score_topsis(args["matrix"], args["weights"], args["types"], normalization=norm)


def test_ratio_normalisations_need_positive_values():
    with pytest.raises(MCDAInputError, match="positive"):
        score_wsm([[0.0, 1.0], [1.0, 2.0]], [1, 1], ["cost", "benefit"])
    with pytest.raises(MCDAInputError, match="unknown method"):
        score_alternatives("electre", [[1.0]], [1])  # type: ignore[arg-type]


def test_results_are_frozen():
    r = score_wsm([[1.0, 2.0], [2.0, 1.0]], [1, 1])
    with pytest.raises(ValueError, match="read-only"):
        r.scores[0] = 1.0
    with pytest.raises(AttributeError):
        r.method = "topsis"  # type: ignore[misc]


matrices = arrays(
    np.float64,
    st.tuples(st.integers(2, 12), st.integers(1, 5)),
    elements=st.floats(0.5, 1000, allow_nan=False),
)


@settings(max_examples=80, deadline=None)
@given(matrices, st.data())
def test_scores_lie_in_unit_interval_and_ignore_row_order(x, data):
    m = x.shape[1]
    w = data.draw(arrays(np.float64, m, elements=st.floats(0.01, 1)))
    types = data.draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=m, max_size=m))
    perm = data.draw(st.permutations(range(x.shape[0])))
    for method in ("topsis", "wsm"):
        for norm in ("vector", "minmax", "max", "sum", "linear"):
            r = score_alternatives(method, x, w, types, normalization=norm)
            assert np.all(r.scores >= -1e-12)
            assert np.all(r.scores <= 1 + 1e-12)
            shuffled = score_alternatives(method, x[perm], w, types, normalization=norm)
            np.testing.assert_allclose(shuffled.scores, r.scores[perm], atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(matrices, st.data())
def test_wsm_dominated_alternative_does_not_change_the_others(x, data):
    m = x.shape[1]
    w = data.draw(arrays(np.float64, m, elements=st.floats(0.01, 1)))
    types = data.draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=m, max_size=m))
    i = data.draw(st.integers(0, x.shape[0] - 1))
    worse = data.draw(arrays(np.float64, m, elements=st.floats(0, 0.9)))
    sign = np.where(np.array(types) == "benefit", 1.0, -1.0)
    dominated = np.clip(x[i] * (1 - sign * worse), 1e-3, None)  # worse on every criterion
    before = score_wsm(x, w, types)
    after = score_wsm(np.vstack([x, dominated]), w, types)
    np.testing.assert_allclose(after.scores[:-1], before.scores, atol=1e-12)
    assert after.scores[-1] <= before.scores[i] + 1e-12
    # the order of the others is unchanged (scores equal within rounding count as ties)
    b, a = before.scores, after.scores[:-1]
    strictly = b[:, None] > b[None, :] + 1e-12
    assert np.all((a[:, None] > a[None, :])[strictly])
