from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microparks.core.replicability import calc_scenario, rank_peers

REGIONS = pd.DataFrame(
    {"rural": [0.8, 0.79, 0.2, 0.5, np.nan], "lq": [1.0, 1.1, 3.0, 1.0, 1.0]},
    index=["pilot", "twin", "city", "mid", "gap"],
)


def test_peers_by_hand() -> None:
    r = rank_peers(REGIONS, "pilot", ["rural", "lq"], k=3)
    assert list(r.table.index) == ["twin", "mid", "city"]
    assert r.excluded == 1
    data = REGIONS.dropna()
    z = (data - data.mean()) / data.std(ddof=0)
    expected = np.sqrt(((z.loc["mid"] - z.loc["pilot"]) ** 2).sum())
    assert r.table.loc["mid", "distance"] == pytest.approx(expected)
    assert r.table.loc["mid", "rural_dz"] == pytest.approx(
        z.loc["mid", "rural"] - z.loc["pilot", "rural"]
    )
    assert r.table.loc["city", "differs"] == "rural -2.4 sd; lq +2.3 sd"


def test_peer_weights_and_candidates() -> None:
    only_lq = rank_peers(REGIONS, "pilot", ["rural", "lq"], k=1, weights={"lq": 1.0})
    assert only_lq.table.index[0] == "mid"  # same lq as the pilot
    limited = rank_peers(REGIONS, "pilot", ["rural", "lq"], candidates=["city"])
    assert list(limited.table.index) == ["city"]


def test_peer_errors() -> None:
    with pytest.raises(KeyError, match="nowhere"):
        rank_peers(REGIONS, "nowhere", ["rural"])
    with pytest.raises(ValueError, match="misses"):
        rank_peers(REGIONS, "gap", ["rural"])
    flat = REGIONS.assign(lq=1.0)
    with pytest.raises(ValueError, match="spread"):
        rank_peers(flat, "pilot", ["lq"])


def test_scenario_single_reference_band() -> None:
    out = pd.DataFrame({"parks": [5.0], "jobs": [3000.0]}, index=["pilot"])
    r = calc_scenario(
        out,
        {"pilot": 100.0, "cand": 50.0},
        "cand",
        readiness={"pilot": 0.8, "cand": 0.4},
        relative_band=0.4,
    )
    assert r.table.loc["jobs", "expected"] == pytest.approx(3000 * 0.5 * 0.5)
    assert r.table.loc["jobs", "low"] == pytest.approx(750 * 0.6)
    assert r.table.loc["parks", "high"] == pytest.approx(1.25 * 1.4)


def test_scenario_several_references_quantile_band() -> None:
    out = pd.DataFrame({"jobs": [1000.0, 2000.0, 3000.0, 4000.0]}, index=list("abcd"))
    scale = dict.fromkeys("abcd", 10.0) | {"cand": 20.0}
    r = calc_scenario(out, scale, "cand", elasticity=0.0, quantiles=(0.0, 1.0))
    row = r.table.loc["jobs"]
    assert (row["expected"], row["low"], row["high"]) == (5000.0, 2000.0, 8000.0)
    np.testing.assert_allclose(r.estimates["jobs"], [2000, 4000, 6000, 8000])


def test_scenario_errors() -> None:
    out = pd.DataFrame({"jobs": [1.0]}, index=["p"])
    with pytest.raises(ValueError, match="scale"):
        calc_scenario(out, {"p": 1.0}, "cand", elasticity=0)
    with pytest.raises(ValueError, match="readiness"):
        calc_scenario(out, {"p": 1.0, "cand": 2.0}, "cand")
