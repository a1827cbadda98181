from __future__ import annotations

import numpy as np
import pytest

from microparks.core.impact import (
    calc_A,
    calc_multipliers,
    calc_park_impact,
    check_additionality,
)

MB_X = np.array([1000.0, 2000.0])
A = calc_A([[150.0, 500.0], [200.0, 100.0]], MB_X)
MULT = calc_multipliers(
    A,
    MB_X,
    labour_income=[300.0, 500.0],
    household_consumption=[90.0, 50.0],
    employment=[10.0, 30.0],
)
RANGES = {
    "version": "t",
    "shares": {
        "deadweight": {"default": 0.2, "low": 0.1, "high": 0.4},
        "displacement": {"default": 0.25, "low": 0.1, "high": 0.5},
        "leakage": {"default": 0.1, "low": 0.0, "high": 0.3},
    },
    "multiplier": {"default": 1.0, "low": 0.7, "high": 1.1},
}


def test_gross_and_net_by_hand() -> None:
    ranges = check_additionality(RANGES)
    direct = {"output": [100.0, 0.0], "jobs": [2.0, 3.0], "tax": [1.0, 1.0]}
    r = calc_park_impact(direct, MULT, ranges, draws=0)
    out = r.table.loc["output"]
    m1 = MULT.multipliers["output_type1"][0]
    m2 = MULT.multipliers["output_type2"][0]
    assert out["direct"] == pytest.approx(100.0)
    assert out["indirect"] == pytest.approx(100.0 * (m1 - 1))
    assert out["induced"] == pytest.approx(100.0 * (m2 - m1))
    factor = 0.8 * 0.9 * 0.75
    assert out["net_direct"] == pytest.approx(100.0 * factor)
    assert out["net_total"] == pytest.approx(100.0 * m2 * factor)
    jobs = r.table.loc["jobs"]
    e1 = MULT.multipliers["employment_type1"]
    assert jobs["gross_total"] == pytest.approx(
        2.0 * MULT.multipliers["employment_type2"][0]
        + 3.0 * MULT.multipliers["employment_type2"][1]
    )
    assert jobs["direct"] + jobs["indirect"] == pytest.approx(2.0 * e1[0] + 3.0 * e1[1])
    # no tax multipliers in MULT: the output multipliers stand in, and it says so
    assert r.table.loc["tax", "gross_total"] == pytest.approx(
        float(np.dot([1, 1], MULT.multipliers["output_type2"]))
    )
    assert any("tax" in note for note in r.notes)


def test_monte_carlo_reproducible_and_band_contains_central() -> None:
    ranges = check_additionality(RANGES)
    direct = {"output": [100.0, 50.0], "jobs": [2.0, 3.0]}
    a = calc_park_impact(direct, MULT, ranges, draws=4000, seed=7)
    b = calc_park_impact(direct, MULT, ranges, draws=4000, seed=7)
    c = calc_park_impact(direct, MULT, ranges, draws=4000, seed=8)
    assert a.table.equals(b.table)
    assert not a.table.equals(c.table)
    for measure in ("output", "jobs"):
        row = a.table.loc[measure]
        assert row["net_total_p05"] < row["net_total"] < row["net_total_p95"]
        assert row["net_total_p95"] < row["gross_total"]


def test_degenerate_ranges_collapse_band() -> None:
    fixed = {
        "shares": {k: {"default": 0.1, "low": 0.1, "high": 0.1} for k in RANGES["shares"]},
        "multiplier": {"default": 1.0, "low": 1.0, "high": 1.0},
    }
    r = calc_park_impact({"output": [10.0, 10.0]}, MULT, check_additionality(fixed), draws=50)
    row = r.table.loc["output"]
    assert row["net_total_p05"] == pytest.approx(row["net_total"])
    assert row["net_total_p95"] == pytest.approx(row["net_total"])


def test_open_model_has_no_induced_effect() -> None:
    open_mult = calc_multipliers(A, MB_X)
    r = calc_park_impact({"output": [10.0, 0.0]}, open_mult, check_additionality(RANGES), draws=0)
    assert r.table.loc["output", "induced"] == 0.0
    assert any("not closed" in note for note in r.notes)


@pytest.mark.parametrize(
    "bad",
    [
        {"shares": {"deadweight": {"default": 0.5, "low": 0.6, "high": 0.7}}},
        {"shares": {"deadweight": {"default": "x", "low": 0, "high": 1}}},
        {"shares": {}},
    ],
)
def test_invalid_ranges(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="deadweight"):
        check_additionality(bad)


def test_wrong_sector_count() -> None:
    with pytest.raises(ValueError, match="expected 2"):
        calc_park_impact({"output": [1.0]}, MULT, check_additionality(RANGES), draws=0)


def test_without_table_direct_effects_only() -> None:
    r = calc_park_impact(
        {"jobs": [120.0], "tax": [3.0]}, None, check_additionality(RANGES), draws=100, seed=1
    )
    jobs = r.table.loc["jobs"]
    assert jobs["indirect"] == 0.0
    assert jobs["induced"] == 0.0
    assert jobs["net_total"] == pytest.approx(120.0 * 0.8 * 0.9 * 0.75)
    assert r.notes == ("no input-output table: direct effects only",)
    with pytest.raises(ValueError, match="same number"):
        calc_park_impact({"jobs": [1.0], "tax": [1.0, 2.0]}, None, check_additionality(RANGES))
