"""TOPSIS and weighted sum on 1,000,000 alternatives x 8 criteria: microparks vs pymcdm and
scikit-criteria, on the same matrix in the same run, with equality to 1e-9 checked.

Interleaved medians and ratios (the figures in benchmarks/RESULTS.md), about a minute:

    .venv/bin/python benchmarks/bench_mcda.py            # add --slow for the validating peers

or through pytest-benchmark (one group per method, each case timed in its own block):

    .venv/bin/pytest benchmarks/bench_mcda.py --benchmark-only -p no:cacheprovider

The peers are timed as a user calls them: pymcdm with its default input validation and without
it, scikit-criteria including the construction of its DecisionMatrix. Ours is timed as called
by default (two threads when a core is idle, see ``_common.THREADS``; the SHA-256 of the inputs
is computed only when ``input_hash`` is read), on one thread (``_common.THREADS = 1``), and with
the hash read.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import pytest

from microparks.core.mcda import _common, score_topsis, score_wsm

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
FAST, SLOW = {"rounds": 7, "iterations": 1}, {"rounds": 3, "iterations": 1}
SCORERS = {"topsis": score_topsis, "wsm": score_wsm}
PEER_NORMALIZATION = {"topsis": pn.vector_normalization, "wsm": pn.linear_normalization}
PEER_METHOD = {"topsis": TOPSIS, "wsm": WSM}
REFERENCE: dict[str, np.ndarray] = {}


def _reference(method: str) -> np.ndarray:
    """pymcdm's scores, the oracle every case is checked against."""
    if method not in REFERENCE:
        run = PEER_METHOD[method](PEER_NORMALIZATION[method])
        REFERENCE[method] = run(X, W, TYPES, validation=False)
    return REFERENCE[method]


def _check(method, scores):
    np.testing.assert_allclose(np.asarray(scores), _reference(method), rtol=0, atol=1e-9)


def _ours(method: str, threads: int | None = None, read_hash: bool = False) -> np.ndarray:
    saved = _common.THREADS
    if threads is not None:
        _common.THREADS = threads
    try:
        result = SCORERS[method](X, W, NAMES)
        if read_hash:
            assert len(result.input_hash or "") == 64
        return result.scores
    finally:
        _common.THREADS = saved


def _pymcdm(method: str, validation: bool) -> np.ndarray:
    return PEER_METHOD[method](PEER_NORMALIZATION[method])(X, W, TYPES, validation=validation)


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


SK = {"topsis": _sk_topsis, "wsm": _sk_wsm}
SLOW_CASES = ("pymcdm", "scikit-criteria")


def _cases(method: str, slow: bool) -> dict[str, Callable[[], np.ndarray]]:
    cases = {
        "ours": lambda: _ours(method),
        "ours, 1 thread": lambda: _ours(method, threads=1),
        "ours, hash read": lambda: _ours(method, read_hash=True),
        "pymcdm, no validation": lambda: _pymcdm(method, validation=False),
    }
    if slow:
        cases["pymcdm"] = lambda: _pymcdm(method, validation=True)
        cases["scikit-criteria"] = SK[method]
    return cases


def main(rounds: int = 11, slow: bool = False) -> None:
    """Time every case in interleaved rounds and print medians and peer ÷ ours ratios.

    Both wall-clock and CPU time (all threads of the process) are shown: on a shared machine
    the CPU times are the steadier figure, as waiting for a core counts in the wall clock only.
    """
    with open("/proc/loadavg") as loadavg:
        print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}, load average {loadavg.read()[:14]}")
    print(f"{'':6s} {'case':22s} {'wall ms':>9s} {'CPU ms':>9s}   peer ÷ ours, wall / CPU")
    for method in ("topsis", "wsm"):
        cases = _cases(method, slow)
        wall: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for run in cases.values():  # warm up and check equality once
            _check(method, run())
        for round_ in range(rounds):
            for name, run in cases.items():
                if name in SLOW_CASES and round_ >= 3:  # 3 rounds of the peers taking seconds
                    continue
                start, start_cpu = time.perf_counter(), time.process_time()
                run()
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        w = {name: statistics.median(ts) for name, ts in wall.items()}
        c = {name: statistics.median(ts) for name, ts in cpu.items()}
        for name in cases:
            ratios = ""
            if not name.startswith("ours"):
                ratios = "   " + ",  ".join(
                    f"{w[name] / w[ours]:.1f}× / {c[name] / c[ours]:.1f}× vs {ours}"
                    for ours in cases
                    if ours.startswith("ours")
                )
            print(f"{method:6s} {name:22s} {w[name] * 1e3:9.1f} {c[name] * 1e3:9.1f}{ratios}")


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_microparks(benchmark):
    _check("topsis", benchmark.pedantic(lambda: _ours("topsis"), **FAST))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_microparks_one_thread(benchmark):
    _check("topsis", benchmark.pedantic(lambda: _ours("topsis", threads=1), **FAST))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_microparks_hash_read(benchmark):
    _check("topsis", benchmark.pedantic(lambda: _ours("topsis", read_hash=True), **FAST))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_pymcdm(benchmark):
    _check("topsis", benchmark.pedantic(lambda: _pymcdm("topsis", True), **SLOW))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_pymcdm_no_validation(benchmark):
    _check("topsis", benchmark.pedantic(lambda: _pymcdm("topsis", False), **SLOW))


@pytest.mark.benchmark(group="topsis 1e6x8")
def test_topsis_scikit_criteria(benchmark):
    _check("topsis", benchmark.pedantic(_sk_topsis, **SLOW))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_microparks(benchmark):
    _check("wsm", benchmark.pedantic(lambda: _ours("wsm"), **FAST))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_microparks_one_thread(benchmark):
    _check("wsm", benchmark.pedantic(lambda: _ours("wsm", threads=1), **FAST))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_microparks_hash_read(benchmark):
    _check("wsm", benchmark.pedantic(lambda: _ours("wsm", read_hash=True), **FAST))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_pymcdm(benchmark):
    _check("wsm", benchmark.pedantic(lambda: _pymcdm("wsm", True), **SLOW))


@pytest.mark.benchmark(group="wsm 1e6x8")
def test_wsm_pymcdm_no_validation(benchmark):
    _check("wsm", benchmark.pedantic(lambda: _pymcdm("wsm", False), **SLOW))


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

    from microparks.io.rules.suitability import parse_suitability

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
            "weight": 0.125,
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
            "weight": 0.125,
        }
        for name in layers
    ]
    scheme = parse_suitability({"name": "bench", "version": "1", "criteria": criteria})
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


if __name__ == "__main__":
    main(slow="--slow" in sys.argv)
