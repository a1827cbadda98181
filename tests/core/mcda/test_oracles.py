"""Equality with the peer libraries pymcdm and scikit-criteria (test-only oracles), to 1e-9."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from microparks.core.mcda import score_topsis, score_wsm

pymcdm = pytest.importorskip("pymcdm")
skc = pytest.importorskip("skcriteria")

from pymcdm import normalizations as pn  # noqa: E402
from pymcdm.methods import TOPSIS, WSM  # noqa: E402

RNG = np.random.default_rng(20261126)
X = RNG.uniform(0.5, 100.0, size=(500, 8))
W = RNG.uniform(0.05, 1.0, size=8)
W /= W.sum()
TYPES = np.array([1, -1, 1, 1, -1, 1, -1, 1])
NAMES = ["benefit" if t > 0 else "cost" for t in TYPES]


@pytest.mark.parametrize("normalization", ["vector", "minmax", "max", "sum", "linear"])
def test_topsis_equals_pymcdm(normalization):
    ref = TOPSIS(getattr(pn, f"{normalization}_normalization"))(X, W, TYPES)
    ours = score_topsis(X, W, NAMES, normalization=normalization).scores
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-9)


@pytest.mark.parametrize("normalization", ["vector", "minmax", "max", "sum", "linear"])
def test_wsm_equals_pymcdm(normalization):
    ref = WSM(getattr(pn, f"{normalization}_normalization"))(X, W, TYPES)
    ours = score_wsm(X, W, NAMES, normalization=normalization).scores
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-9)


def _skc_dm():
    objectives = [max if t > 0 else min for t in TYPES]
    return skc.mkdm(X, objectives, weights=W)


def test_topsis_equals_scikit_criteria():
    from skcriteria.agg.topsis import TOPSIS as SkTOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it recommends against cost criteria in TOPSIS
        dm = VectorScaler(target="matrix").transform(_skc_dm())
        ref = SkTOPSIS().evaluate(dm).e_.similarity
    np.testing.assert_allclose(score_topsis(X, W, NAMES).scores, ref, rtol=0, atol=1e-9)


def test_wsm_equals_scikit_criteria():
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.preprocessing.invert_objectives import InvertMinimize
    from skcriteria.preprocessing.scalers import MaxAbsScaler

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dm = MaxAbsScaler(target="matrix").transform(InvertMinimize().transform(_skc_dm()))
        ref = WeightedSumModel().evaluate(dm).e_.score
    # InvertMinimize (1/x) then x/max is the linear normalisation (costs min/x)
    np.testing.assert_allclose(score_wsm(X, W, NAMES).scores, ref, rtol=0, atol=1e-9)
