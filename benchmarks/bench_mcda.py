"""TOPSIS and weighted sum on 1,000,000 alternatives x 8 criteria: microparks vs pymcdm and
scikit-criteria, on the same matrix in the same run, with equality to 1e-9 checked.

Run: .venv/bin/pytest benchmarks/bench_mcda.py --benchmark-only -p no:cacheprovider

The peers are timed as a user calls them: pymcdm with its default input validation (and once
without it), scikit-criteria including the construction of its DecisionMatrix. Ours is timed
with the default SHA-256 provenance hash and once without it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from microparks.core.mcda import score_topsis, score_wsm

pymcdm = pytest.importorskip("pymcdm")
skc = pytest.importorskip("skcriteria")

from pymcdm import normalizations as pn  # noqa: E402
from pymcdm.methods import TOPSIS, WSM  # noqa: E402
from skcriteria.agg.simple import WeightedSumModel  # noqa: E402
from skcriteria.agg.topsis import TOPSIS as SkTOPSIS  # noqa: E402
from skcriteria.preprocessing.invert_objectives import InvertMinimize  # noqa: E402
from skcriteria.preprocessing.scalers import MaxAbsScaler, VectorScaler  # noqa: E402

N, M = 1_000_000, 8
RNG = np.random.default_rng(20261126)
X = RNG.uniform(0.5, 100.0, size=(N, M))
W = RNG.dirichlet(np.ones(M))
TYPES = np.array([1, -1, 1, 1, -1, 1, -1, 1])
NAMES = ["benefit" if t > 0 else "cost" for t in TYPES]
OBJECTIVES = [max if t > 0 else min for t in TYPES]
REFERENCE = {
    "topsis": score_topsis(X, W, NAMES).scores,
    "wsm": score_wsm(X, W, NAMES).scores,
}
FAST, SLOW = {"rounds": 7, "iterations": 1}, {"rounds": 3, "iterations": 1}


def _check(method, scores):
    np.testing.assert_allclose(np.asarray(scores), REFERENCE[method], rtol=0, atol=1e-9)


def _sk_topsis():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dm = skc.mkdm(X, OBJECTIVES, weights=W)
        return SkTOPSIS().evaluate(VectorScaler(target="matrix").transform(dm)).e_.similarity


def _sk_wsm():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dm = skc.mkdm(X, OBJECTIVES, weights=W)
        dm = MaxAbsScaler(target="matrix").transform(InvertMinimize().transform(dm))
        return WeightedSumModel().evaluate(dm).e_.score


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_microparks(benchmark):
    _check("topsis", benchmark.pedantic(lambda: score_topsis(X, W, NAMES).scores, **FAST))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_microparks_no_hash(benchmark):
    run = lambda: score_topsis(X, W, NAMES, record_hash=False).scores  # noqa: E731
    _check("topsis", benchmark.pedantic(run, **FAST))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_pymcdm(benchmark):
    run = lambda: TOPSIS(pn.vector_normalization)(X, W, TYPES)  # noqa: E731
    _check("topsis", benchmark.pedantic(run, **SLOW))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_pymcdm_no_validation(benchmark):
    run = lambda: TOPSIS(pn.vector_normalization)(X, W, TYPES, validation=False)  # noqa: E731
    _check("topsis", benchmark.pedantic(run, **SLOW))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_scikit_criteria(benchmark):
    _check("topsis", benchmark.pedantic(_sk_topsis, **SLOW))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_microparks(benchmark):
    _check("wsm", benchmark.pedantic(lambda: score_wsm(X, W, NAMES).scores, **FAST))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_microparks_no_hash(benchmark):
    run = lambda: score_wsm(X, W, NAMES, record_hash=False).scores  # noqa: E731
    _check("wsm", benchmark.pedantic(run, **FAST))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_pymcdm(benchmark):
    run = lambda: WSM(pn.linear_normalization)(X, W, TYPES)  # noqa: E731
    _check("wsm", benchmark.pedantic(run, **SLOW))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_pymcdm_no_validation(benchmark):
    run = lambda: WSM(pn.linear_normalization)(X, W, TYPES, validation=False)  # noqa: E731
    _check("wsm", benchmark.pedantic(run, **SLOW))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_scikit_criteria(benchmark):
    _check("wsm", benchmark.pedantic(_sk_wsm, **SLOW))


# --- end to end: 1,000,000 parcels, 8 criteria, 3 nearest-distance layers of 100,000 features ---

E2E_N, E2E_K, EXTENT = 1_000_000, 100_000, 200_000.0  # a 200 km square in CGCS2000 / GK 114E
E2E_CRS = "EPSG:4547"
ORIGIN = np.array([400_000.0, 3_300_000.0])


def _e2e_inputs():
    import geopandas as gpd
    import shapely

    from microparks.core.suitability import parse_scheme

    rng = np.random.default_rng(7)
    parcels = shapely.points(rng.uniform(0, EXTENT, (E2E_N, 2)) + ORIGIN)  # parcel centroids
    sites = gpd.GeoDataFrame(
        {f"a{k}": rng.uniform(0, 100, E2E_N) for k in range(5)}, geometry=parcels, crs=E2E_CRS
    )

    def lines():
        start = rng.uniform(0, EXTENT, (E2E_K, 2)) + ORIGIN
        return shapely.linestrings(np.stack([start, start + rng.normal(0, 400, (E2E_K, 2))], 1))

    layers = {
        "roads": gpd.GeoDataFrame(geometry=lines(), crs=E2E_CRS),
        "substations": gpd.GeoDataFrame(
            geometry=shapely.points(rng.uniform(0, EXTENT, (E2E_K, 2)) + ORIGIN), crs=E2E_CRS
        ),
        "water_mains": gpd.GeoDataFrame(geometry=lines(), crs=E2E_CRS),
    }
    criteria = [
        {
            "name": f"a{k}",
            "field": f"a{k}",
            "kind": "benefit",
            "lower": 0,
            "upper": 100,
            "weight": 1,
        }
        for k in range(5)
    ] + [
        {
            "name": name,
            "source": "nearest_distance",
            "layer": name,
            "kind": "cost",
            "lower": 0,
            "upper": 3000,
            "weight": 1,
        }
        for name in layers
    ]
    scheme = parse_scheme({"name": "bench", "version": "1", "criteria": criteria})
    return sites, layers, scheme


E2E = {}


def _naive(sites, layers, scheme):
    """The same pipeline written plainly with geopandas: one sjoin_nearest per criterion."""
    import geopandas as gpd

    from microparks.core.suitability import calc_utilities

    columns = []
    for criterion in scheme.criteria:
        if criterion.source == "attribute":
            columns.append(sites[criterion.field].to_numpy())
        else:
            joined = gpd.sjoin_nearest(
                sites[["geometry"]], layers[criterion.layer], distance_col="d"
            )
            columns.append(joined.groupby(level=0)["d"].min().reindex(sites.index).to_numpy())
    return calc_utilities(np.column_stack(columns), scheme) @ scheme.weights


@pytest.mark.benchmark(group="suitability 1e6 parcels")
def test_suitability_end_to_end_microparks(benchmark):
    from microparks.core.suitability import run_suitability

    sites, layers, scheme = E2E.setdefault("inputs", _e2e_inputs())
    result = benchmark.pedantic(
        lambda: run_suitability(sites, layers, scheme, crs=E2E_CRS), rounds=1, iterations=1
    )
    E2E["ours"] = result.scores
    assert result.scores.shape == (E2E_N,)


@pytest.mark.benchmark(group="suitability 1e6 parcels")
def test_suitability_end_to_end_naive_sjoin_nearest(benchmark):
    sites, layers, scheme = E2E.setdefault("inputs", _e2e_inputs())
    scores = benchmark.pedantic(lambda: _naive(sites, layers, scheme), rounds=1, iterations=1)
    if "ours" in E2E:
        np.testing.assert_allclose(scores, E2E["ours"], rtol=0, atol=1e-9)
