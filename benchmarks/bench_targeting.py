"""Full complexity output (2,800 regions × 500 industries × 5 years): microparks vs ecomplexity.

Both start from the same long DataFrame and return a long DataFrame with RCA, presence,
density, diversity, ubiquity, ECI, PCI, COI and COG (py-ecomplexity's density convention,
``density_self="include"``). The two are timed **interleaved in one process** (ours, peer,
peer, ours, ...), after one untimed warm-up run of ours, and compared by the median of their
CPU seconds (``time.process_time``: user + system time of every thread, BLAS threads
included). Every round's outputs are checked equal to 1e-9.

Run (prints a table and the ratio; the lead's quiet-machine re-measurement)::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_targeting.py --rounds 3
    .venv/bin/python benchmarks/bench_targeting.py --rounds 3          # default BLAS threads

or as a pytest-benchmark suite (wall-clock statistics of ours, the ratio in ``extra_info``)::

    .venv/bin/pytest benchmarks/bench_targeting.py --benchmark-only -p no:cacheprovider -s
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from microparks.core.targeting import calc_complexity_panel

N_REGIONS, N_INDUSTRIES, N_YEARS, SEED = 2800, 500, 5, 2024
MEASURES = ["rca", "mcp", "density", "diversity", "ubiquity", "eci", "pci", "coi", "cog"]
KEYS = ["year", "region", "industry"]


def make_panel() -> pd.DataFrame:
    """Poisson(size × mix) counts, sorted by year, region and industry; seed 2024."""
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return calc_complexity_panel(panel, density_self="include").to_frame()


def run_peer(panel: pd.DataFrame) -> pd.DataFrame:
    from ecomplexity import ecomplexity

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out: pd.DataFrame = ecomplexity(
            panel,
            {"time": "year", "loc": "region", "prod": "industry", "val": "value"},
            verbose=False,
            check_logsupermodularity=False,
        )
    return out


def timed(
    fn: Callable[[pd.DataFrame], pd.DataFrame], panel: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Run ``fn`` once: CPU (process_time), user and system seconds, wall seconds."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn(panel)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF)
    return out, {
        "cpu": cpu,
        "user": after.ru_utime - before.ru_utime,
        "sys": after.ru_stime - before.ru_stime,
        "wall": wall,
    }


def max_differences(ours: pd.DataFrame, peer: pd.DataFrame) -> dict[str, float]:
    """Largest absolute difference per measure over all (year, region, industry) rows."""
    ours = ours.astype({"year": int, "region": str, "industry": str})
    peer = peer.astype({"year": int, "region": str, "industry": str})
    both = ours.merge(peer, on=KEYS, suffixes=("", "_peer"), how="outer", indicator=True)
    if len(both) != len(ours) or not (both["_merge"] == "both").all():
        raise AssertionError("ours and ecomplexity cover different (year, region, industry) rows")
    return {
        c: float(np.nanmax(np.abs(both[c].astype(float) - both[f"{c}_peer"].astype(float))))
        for c in MEASURES
    }


@dataclass
class Measurement:
    rounds: dict[str, list[dict[str, float]]]
    cpu_median: dict[str, float]
    cpu_ratio: float
    wall_ratio: float
    max_abs_diff: dict[str, float]


def measure(panel: pd.DataFrame, rounds: int = 3) -> Measurement:
    """Interleaved rounds of ours and ecomplexity; medians, ratio and worst differences."""
    run_ours(panel)  # warm-up: imports and the process's first large allocations
    times: dict[str, list[dict[str, float]]] = {"ours": [], "ecomplexity": []}
    worst: dict[str, float] = dict.fromkeys(MEASURES, 0.0)
    for r in range(rounds):
        order = [("ours", run_ours), ("ecomplexity", run_peer)]
        outputs = {}
        for name, fn in order if r % 2 == 0 else order[::-1]:
            outputs[name], t = timed(fn, panel)
            times[name].append(t)
        diff = max_differences(outputs["ours"], outputs["ecomplexity"])
        worst = {c: max(worst[c], diff[c]) for c in MEASURES}
        del outputs
    cpu = {name: statistics.median(t["cpu"] for t in ts) for name, ts in times.items()}
    wall = {name: statistics.median(t["wall"] for t in ts) for name, ts in times.items()}
    return Measurement(
        rounds=times,
        cpu_median=cpu,
        cpu_ratio=cpu["ecomplexity"] / cpu["ours"],
        wall_ratio=wall["ecomplexity"] / wall["ours"],
        max_abs_diff=worst,
    )


def report(result: Measurement) -> str:
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}",
        "run          cpu s (user + sys) per round                      wall s per round",
    ]
    for name, ts in result.rounds.items():
        cpu = ", ".join(f"{t['cpu']:.2f} ({t['user']:.2f}+{t['sys']:.2f})" for t in ts)
        wall = ", ".join(f"{t['wall']:.2f}" for t in ts)
        lines.append(f"{name:<12} {cpu:<52} {wall}")
    lines.append(
        f"median CPU: ours {result.cpu_median['ours']:.2f} s, "
        f"ecomplexity {result.cpu_median['ecomplexity']:.2f} s "
        f"-> CPU ratio {result.cpu_ratio:.1f}x (wall ratio {result.wall_ratio:.1f}x)"
    )
    lines.append(f"max |ours - ecomplexity|: {result.max_abs_diff}")
    return "\n".join(lines)


if __name__ != "__main__":
    pytest.importorskip("ecomplexity")


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return make_panel()


def test_ours(benchmark: pytest.FixtureRequest, panel: pd.DataFrame) -> None:
    out = benchmark.pedantic(run_ours, args=(panel,), rounds=3, iterations=1)  # type: ignore[attr-defined]
    assert len(out) == N_REGIONS * N_INDUSTRIES * N_YEARS


def test_cpu_ratio_against_ecomplexity(
    benchmark: pytest.FixtureRequest, panel: pd.DataFrame
) -> None:
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    result = benchmark.pedantic(measure, args=(panel, rounds), rounds=1, iterations=1)  # type: ignore[attr-defined]
    benchmark.extra_info.update(  # type: ignore[attr-defined]
        cpu_median=result.cpu_median,
        cpu_ratio_peer_over_ours=result.cpu_ratio,
        max_abs_diff=result.max_abs_diff,
    )
    print("\n" + report(result))
    assert max(result.max_abs_diff.values()) < 1e-9


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    args = parser.parse_args()
    result = measure(make_panel(), args.rounds)
    print(report(result))
    if max(result.max_abs_diff.values()) >= 1e-9:
        raise SystemExit("results differ from ecomplexity by 1e-9 or more")
