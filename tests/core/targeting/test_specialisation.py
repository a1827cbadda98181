"""Location quotient and presence: EconGeo's worked example and invariants."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from microparks.core.targeting import calc_lq, calc_presence

# Balland, EconGeo (R package), ``location_quotient`` help page, example matrix (regions R1-R5 ×
# industries I1-I5, every row and column summing to 100, so LQ = value / 20).
ECONGEO = np.array(
    [
        [100, 0, 0, 0, 0],
        [0, 15, 5, 70, 10],
        [0, 20, 10, 20, 50],
        [0, 25, 30, 5, 40],
        [0, 40, 55, 5, 0],
    ],
    dtype=float,
)
ECONGEO_LQ = np.array(
    [
        [5.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.75, 0.25, 3.5, 0.5],
        [0.0, 1.0, 0.5, 1.0, 2.5],
        [0.0, 1.25, 1.5, 0.25, 2.0],
        [0.0, 2.0, 2.75, 0.25, 0.0],
    ]
)
# EconGeo's binary form sets LQ > 1 to 1 and LQ < 1 to 0, leaving exactly 1 as 1 (so ">= 1").
ECONGEO_BINARY = (ECONGEO_LQ >= 1).astype(np.int8)


def test_econgeo_worked_example() -> None:
    np.testing.assert_allclose(calc_lq(ECONGEO), ECONGEO_LQ, rtol=1e-12)
    np.testing.assert_array_equal(calc_presence(calc_lq(ECONGEO)), ECONGEO_BINARY)


def test_threshold_and_empty_rows() -> None:
    x = np.array([[10.0, 0.0], [0.0, 0.0], [5.0, 5.0]])
    lq = calc_lq(x)
    assert np.isnan(lq[1]).all()
    assert calc_presence(lq).tolist() == [[1, 0], [0, 0], [0, 1]]
    assert calc_presence(lq, threshold=2.0).tolist() == [[0, 0], [0, 0], [0, 1]]


@pytest.mark.parametrize(
    ("bad", "why"), [([[1.0, -1.0]], "negative"), ([[1.0, np.nan]], "NaN"), ([1.0, 2.0], "matrix")]
)
def test_rejects_bad_input(bad: object, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        calc_lq(bad)  # type: ignore[arg-type]


matrices = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 6)),
    elements=st.floats(1.0, 1e6, allow_nan=False),
)


@settings(max_examples=60, deadline=None)
@given(x=matrices, scale=st.floats(0.01, 100.0))
def test_region_equal_to_nation_has_lq_one(x: np.ndarray, scale: float) -> None:
    nation_like = scale * x.sum(axis=0)
    lq = calc_lq(np.vstack([x, nation_like]))
    np.testing.assert_allclose(lq[-1], 1.0, rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(x=matrices, data=st.data())
def test_permutation_permutes_lq(x: np.ndarray, data: st.DataObject) -> None:
    rp = np.array(data.draw(st.permutations(range(x.shape[0]))))
    cp = np.array(data.draw(st.permutations(range(x.shape[1]))))
    np.testing.assert_allclose(calc_lq(x[rp][:, cp]), calc_lq(x)[rp][:, cp], rtol=1e-12)
    # The industry-share-weighted mean LQ of a region is 1.
    shares = x.sum(axis=0) / x.sum()
    np.testing.assert_allclose((calc_lq(x) * shares).sum(axis=1), 1.0, rtol=1e-9)
