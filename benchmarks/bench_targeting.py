"""Full complexity output (2,800 regions × 500 industries × 5 years): microparks vs ecomplexity.

Both start from the same long DataFrame and return a long DataFrame with RCA, presence,
density, diversity, ubiquity, ECI, PCI, COI and COG (py-ecomplexity's density convention,
``density_self="include"``). CPU seconds (``time.process_time``, all threads) are recorded in
``extra_info`` next to pytest-benchmark's wall-clock statistics. ecomplexity takes about a
minute per run here, so it is timed for one round; ours for three.

Run: ``pytest benchmarks/bench_targeting.py --benchmark-only -p no:cacheprovider -s``
"""

from __future__ import annotations

import statistics
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from microparks.core.targeting import calc_complexity_panel

ecomplexity = pytest.importorskip("ecomplexity").ecomplexity

N_REGIONS, N_INDUSTRIES, N_YEARS, SEED = 2800, 500, 5, 2024
MEASURES = ["rca", "mcp", "density", "diversity", "ubiquity", "eci", "pci", "coi", "cog"]
CPU: dict[str, list[float]] = {"ours": [], "ecomplexity": []}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    regions = np.array([f"{i:06d}" for i in range(N_REGIONS)])
    industries = np.array([f"I{i:03d}" for i in range(N_INDUSTRIES)])
    frames = []
    for y in range(N_YEARS):
        size = rng.gamma(0.7, 1.0, (N_REGIONS, 1))
        mix = rng.gamma(0.5, 1.0, (1, N_INDUSTRIES))
        x = rng.poisson(size * mix * 50)
        frames.append(
            pd.DataFrame(
                {
                    "year": 2016 + y,
                    "region": np.repeat(regions, N_INDUSTRIES),
                    "industry": np.tile(industries, N_REGIONS),
                    "value": x.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def run_ours(panel: pd.DataFrame) -> pd.DataFrame:
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = calc_complexity_panel(panel, density_self="include").to_frame()
    CPU["ours"].append(time.process_time() - start)
    return out


def run_peer(panel: pd.DataFrame) -> pd.DataFrame:
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(
            panel,
            {"time": "year", "loc": "region", "prod": "industry", "val": "value"},
            verbose=False,
            check_logsupermodularity=False,
        )
    CPU["ecomplexity"].append(time.process_time() - start)
    return out


def test_ours(benchmark: pytest.FixtureRequest, panel: pd.DataFrame) -> None:
    out = benchmark.pedantic(run_ours, args=(panel,), rounds=3, iterations=1)  # type: ignore[attr-defined]
    benchmark.extra_info["cpu_s_median"] = statistics.median(CPU["ours"])  # type: ignore[attr-defined]
    assert len(out) == N_REGIONS * N_INDUSTRIES * N_YEARS


def test_ecomplexity(benchmark: pytest.FixtureRequest, panel: pd.DataFrame) -> None:
    peer = benchmark.pedantic(run_peer, args=(panel,), rounds=1, iterations=1)  # type: ignore[attr-defined]
    benchmark.extra_info["cpu_s_median"] = statistics.median(CPU["ecomplexity"])  # type: ignore[attr-defined]
    ours = run_ours(panel)
    ours = ours.astype({"year": int, "region": str, "industry": str})
    both = ours.merge(peer, on=["year", "region", "industry"], suffixes=("", "_peer"))
    assert len(both) == len(ours) == len(peer)
    worst = {
        c: float(np.nanmax(np.abs(both[c].astype(float) - both[f"{c}_peer"].astype(float))))
        for c in MEASURES
    }
    benchmark.extra_info["max_abs_diff"] = worst  # type: ignore[attr-defined]
    ratio = statistics.median(CPU["ecomplexity"]) / statistics.median(CPU["ours"])
    benchmark.extra_info["cpu_ratio_peer_over_ours"] = ratio  # type: ignore[attr-defined]
    print(f"\nCPU s: ours {CPU['ours']}, ecomplexity {CPU['ecomplexity']}, ratio {ratio:.1f}")
    print(f"max |ours - ecomplexity|: {worst}")
    assert max(worst.values()) < 1e-9
