"""Input-output multipliers for a 2,000-sector table: microparks vs pymrio ``calc_all`` on the
same table in the same run; readiness and peers for 3,000 regions.

Run: .venv/bin/pytest benchmarks/bench_impact.py --benchmark-only -p no:cacheprovider

pymrio's ``calc_all`` computes A, the full Leontief inverse L (``np.linalg.inv``) and the
extension multipliers M = S L. Ours computes A, one LU factorisation of I - A, and every
multiplier row by a transposed solve on it (Type I output, employment simple/Type I, Rasmussen
and Ghosh linkages) plus the productivity check — it never forms L. For a like-for-like view
we also time our full L (LU once, then ``lu_solve`` of the identity). Equality with pymrio's
output and employment multipliers is checked to 1e-9 before timing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microparks.core.impact import calc_A, calc_L, calc_multipliers
from microparks.core.replicability import check_scheme, rank_peers, score_readiness

pymrio = pytest.importorskip("pymrio")

N = 2000
RNG = np.random.default_rng(20261126)
Z = RNG.uniform(0.0, 1.0, size=(N, N)) * (RNG.uniform(size=(N, N)) < 0.2)
X = Z.sum(axis=1) + RNG.uniform(0.5, 2.0, size=N) * Z.sum(axis=1).mean()
Z = Z * (0.6 * X / Z.sum(axis=0))[np.newaxis, :]  # column sums of A = 0.6: productive
JOBS = RNG.uniform(1.0, 50.0, size=N)
SECTORS = [f"s{i}" for i in range(N)]
INDEX = pd.MultiIndex.from_product([["reg"], SECTORS], names=["region", "sector"])


def _pymrio_system() -> object:
    z = pd.DataFrame(Z, index=INDEX, columns=INDEX)
    y = pd.DataFrame(
        X - Z.sum(axis=1), index=INDEX, columns=pd.MultiIndex.from_tuples([("reg", "fd")])
    )
    f = pd.DataFrame(JOBS[np.newaxis, :], index=["employment"], columns=INDEX)
    io = pymrio.IOSystem(Z=z, Y=y, unit=pd.DataFrame({"unit": ["M"] * N}, index=INDEX))
    io.employment = pymrio.Extension(name="employment", F=f)
    return io


def _ours() -> object:
    return calc_multipliers(calc_A(Z, X), X, employment=JOBS)


def _pymrio() -> object:
    io = _pymrio_system()
    io.calc_all()
    return io


def test_same_multipliers_as_pymrio() -> None:
    ours = _ours()
    io = _pymrio()
    np.testing.assert_allclose(
        ours.multipliers["output_type1"], io.L.to_numpy().sum(axis=0), rtol=0, atol=1e-9
    )
    ref = io.employment.M.to_numpy()[0]
    np.testing.assert_allclose(
        ours.multipliers["employment_simple"], ref, rtol=1e-9, atol=1e-9 * ref.max()
    )


@pytest.mark.benchmark(group="multipliers-2000")
def test_ours_multipliers(benchmark: pytest.FixtureRequest) -> None:
    benchmark.pedantic(_ours, rounds=3, iterations=1)


@pytest.mark.benchmark(group="multipliers-2000")
def test_ours_full_leontief(benchmark: pytest.FixtureRequest) -> None:
    a = calc_A(Z, X)
    benchmark.pedantic(calc_L, args=(a,), rounds=3, iterations=1)


@pytest.mark.benchmark(group="multipliers-2000")
def test_pymrio_calc_all(benchmark: pytest.FixtureRequest) -> None:
    benchmark.pedantic(_pymrio, rounds=3, iterations=1)


REGIONS = pd.DataFrame(
    {
        "rural_share": RNG.uniform(0, 1, 3000),
        "rural_working_age": RNG.lognormal(11, 1, 3000),
        "ageing_share": RNG.uniform(0.05, 0.3, 3000),
        "schooling_years": RNG.uniform(6, 12, 3000),
        "lq_manufacturing": RNG.lognormal(-0.3, 0.6, 3000),
        "lq_agriculture": RNG.lognormal(0.1, 0.6, 3000),
        "working_age_share": RNG.uniform(0.55, 0.8, 3000),
        "population": RNG.lognormal(12.8, 0.7, 3000),
    },
    index=[f"{i:06d}" for i in range(3000)],
)
SCHEME = check_scheme(
    {
        "indicators": {
            "rural_share": {"weight": 0.2},
            "rural_working_age": {"weight": 0.15, "transform": "log"},
            "ageing_share": {"weight": 0.1, "direction": "cost"},
            "schooling_years": {"weight": 0.15},
            "lq_manufacturing": {"weight": 0.2},
            "lq_agriculture": {"weight": 0.2},
        },
        "eligibility": {"population": {"min": 50000}},
        "peers": {
            "indicators": [
                "rural_share",
                "working_age_share",
                "ageing_share",
                "schooling_years",
                "lq_manufacturing",
                "lq_agriculture",
            ]
        },
    }
)


def _readiness_and_peers() -> None:
    score_readiness(REGIONS, SCHEME)
    rank_peers(REGIONS, "000042", list(SCHEME.peer_indicators), k=10)


@pytest.mark.benchmark(group="replicability-3000")
def test_readiness_and_peers_3000(benchmark: pytest.FixtureRequest) -> None:
    benchmark.pedantic(_readiness_and_peers, rounds=10, iterations=1)
