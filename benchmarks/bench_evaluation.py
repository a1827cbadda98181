"""Per-mu evaluation of 100,000 firms: ours (numpy) against a straightforward pandas
groupby/apply implementation of the same Huangyan 2022 scheme, in the same run.

Run: ``.venv/bin/pytest benchmarks/bench_evaluation.py --benchmark-only -p no:cacheprovider``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from microparks.core.evaluation import evaluate_firms
from microparks.core.units import M2_PER_MU as MU
from microparks.io.rules import load_shipped

N = 100_000
YEAR = 2022


@pytest.fixture(scope="module")
def population():
    rng = np.random.default_rng(20260101)
    land = rng.uniform(3, 200, N) * MU
    emissions = rng.uniform(0.05, 20, N)
    emissions[rng.random(N) < 0.3] = np.nan
    return {
        "tax_cny": rng.gamma(2.0, 1.5e5, N) * land / MU,
        "value_added_cny": rng.gamma(2.0, 6e5, N) * land / MU,
        "revenue_cny": rng.gamma(2.0, 3e6, N) * land / MU,
        "land_m2": land,
        "jobs": rng.integers(5, 500, N).astype(float),
        "energy_tce": rng.uniform(10, 5000, N),
        "electricity_kwh": rng.uniform(1e5, 5e7, N),
        "emissions_t": emissions,
        "rd_cny": rng.gamma(1.5, 2e5, N),
        "above_size": rng.random(N) < 0.4,
        "is_utility": rng.random(N) < 0.01,
        "founded_year": rng.integers(1990, YEAR + 1, N).astype(float),
        "vetoed": rng.random(N) < 0.002,
    }


def pandas_peer(df: pd.DataFrame, scheme_table: dict, year: int) -> pd.DataFrame:
    """Huangyan by hand in pandas: indicators as columns, groupby/apply per group, rank."""
    df = df.copy()
    mu = df["land_m2"] / MU
    df["tax_per_mu"] = df["tax_cny"] / 1e4 / mu
    df["va_per_mu"] = df["value_added_cny"] / 1e4 / mu
    df["va_per_tce"] = df["value_added_cny"] / 1e4 / df["energy_tce"]
    df["va_per_emission_t"] = df["value_added_cny"] / 1e4 / df["emissions_t"]
    df["labour_productivity"] = df["value_added_cny"] / 1e4 / df["jobs"]
    df["rd_share"] = df["rd_cny"] / df["revenue_cny"]
    df["tax_per_kwh"] = df["tax_cny"] / df["electricity_kwh"]
    df["group"] = np.where(df["above_size"], "above_size", "below_size")
    df["T"] = df["is_utility"] | (year - df["founded_year"] < 2)
    weights = {
        "above_size": {
            "tax_per_mu": 30,
            "va_per_mu": 20,
            "va_per_tce": 20,
            "va_per_emission_t": 10,
            "labour_productivity": 10,
            "rd_share": 10,
        },
        "below_size": {"tax_per_mu": 50, "tax_per_kwh": 50},
    }

    def score(g: pd.DataFrame) -> pd.Series:
        name = str(g.name)
        total = pd.Series(0.0, index=g.index)
        for ind, w in weights[name].items():
            s = g[ind] / scheme_table[year][name][ind] * w
            total += s.fillna(s.mean()) if ind == "va_per_emission_t" else s.fillna(0)
        return total

    ev = df[~df["T"]]
    totals = ev.groupby("group", group_keys=False).apply(score)
    df["total"] = totals.reindex(df.index)

    def grade(g: pd.DataFrame) -> pd.Series:
        n = len(g)
        n_a = math.floor(0.2 * n + 1e-9)
        n_ab = math.floor(0.6 * n + 1e-9)
        n_d = math.ceil(0.05 * n - 1e-9) - int(g["vetoed"].sum())
        pool = g.loc[~g["vetoed"], "total"]
        at_least = pool.rank(method="max", ascending=False)
        below = pool.rank(method="min") - 1
        cls = pd.Series("D", index=g.index)
        pool_cls = pd.Series("C", index=pool.index)
        pool_cls[at_least <= n_ab] = "B"
        pool_cls[at_least <= n_a] = "A"
        pool_cls[below < n_d] = "D"
        cls[pool.index] = pool_cls
        return cls

    classes = df[~df["T"]].groupby("group", group_keys=False).apply(grade)
    df["class"] = classes.reindex(df.index).fillna("T")
    return df[["total", "class"]]


def test_ours(benchmark, population):
    scheme = load_shipped("evaluation", "huangyan")
    result = benchmark(evaluate_firms, scheme, population, YEAR)
    assert (result.classes != "T").sum() > 0.9 * N


def test_pandas_peer(benchmark, population):
    scheme = load_shipped("evaluation", "huangyan")
    df = pd.DataFrame(population)
    table = {y: dict(v) for y, v in scheme.benchmarks.table.items()}
    peer = benchmark.pedantic(pandas_peer, args=(df, table, YEAR), rounds=3, iterations=1)
    ours = evaluate_firms(scheme, population, YEAR)
    np.testing.assert_allclose(peer["total"].to_numpy(), ours.scores.total, rtol=1e-9)
    assert (peer["class"].to_numpy() == ours.classes).all()
