"""Shift-share against a published worked table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microparks.core.targeting import calc_shift_share, calc_shift_share_panel, map_industries

# Krumme, G., "Shift & Share Table with Excel Explanations", Geography 350, University of
# Washington (faculty.washington.edu/krumme/350/ssexcel.html): the region "Holukuluku",
# 1985-1995, four industries. National 1985 shares 10/20/40/30 %, national industry growth
# 10/20/30/40 % (total 29 %); regional employment 1985 and 1995 as below.
REGION_1985 = [500, 100, 200, 200]
REGION_1995 = [1000, 100, 250, 280]
NATION_1985 = [10_000, 20_000, 40_000, 30_000]
NATION_1995 = [11_000, 24_000, 52_000, 42_000]
# The table's columns: expected employment at national growth (col. 8: 645, 129, 258, 258),
# at industry growth (col. 10: 550, 120, 260, 280); differential effect (col. 11: 450, -20,
# -10, 0; net 420), composition effect (col. 12: -95, -9, +2, +22; net -80); national growth
# effect 290, total shift 340, regional growth 630.
NATIONAL_SHARE = [145, 29, 58, 58]
INDUSTRY_MIX = [-95, -9, 2, 22]
COMPETITIVE = [450, -20, -10, 0]


def test_krumme_worked_table() -> None:
    r = calc_shift_share(
        REGION_1985, REGION_1995, NATION_1985, NATION_1995, industries=["I", "II", "III", "IV"]
    )
    assert r.national_growth == pytest.approx(0.29)
    np.testing.assert_allclose(r.national_share, NATIONAL_SHARE, atol=1e-9)
    np.testing.assert_allclose(r.industry_mix, INDUSTRY_MIX, atol=1e-9)
    np.testing.assert_allclose(r.competitive, COMPETITIVE, atol=1e-9)
    tot = r.totals()
    assert tot == pytest.approx(
        {"change": 630, "national_share": 290, "industry_mix": -80, "competitive": 420}
    )
    assert tot["industry_mix"] + tot["competitive"] == pytest.approx(340)  # total shift
    frame = r.to_frame()
    assert frame.iloc[-1]["industry"] == "total"
    assert frame.iloc[-1]["competitive"] == 420


def test_components_add_up_and_missing_industry_is_reported() -> None:
    rng = np.random.default_rng(0)
    e0, e1 = rng.integers(1, 500, 6), rng.integers(1, 500, 6)
    n0, n1 = rng.integers(1000, 9000, 6), rng.integers(1000, 9000, 6)
    n0[2] = 0
    r = calc_shift_share(e0, e1, n0, n1)
    ok = np.arange(6) != 2
    np.testing.assert_allclose(
        (r.national_share + r.industry_mix + r.competitive)[ok], (e1 - e0)[ok]
    )
    assert np.isnan(r.industry_mix[2])
    assert "i2" in r.warnings[0]


def test_panel_with_mapping_matches_direct_call() -> None:
    rows = [
        (reg, ind, v)
        for reg, ind, v in zip("aabb", ["F", "G", "F", "G"], [10, 20, 30, 40], strict=False)
    ]
    start = pd.DataFrame(rows, columns=["region", "industry", "value"])
    end = pd.DataFrame(
        [("a", "G", 12), ("a", "I", 25), ("b", "G", 33), ("b", "I", 41)],
        columns=["region", "industry", "value"],
    )
    mapping = pd.DataFrame({"source": ["F", "G"], "target": ["G", "I"]})
    r = calc_shift_share_panel(start, end, "a", mapping=mapping)
    direct = calc_shift_share([10, 20], [12, 25], [40, 60], [45, 66], industries=["G", "I"])
    np.testing.assert_allclose(r.competitive, direct.competitive)
    assert r.industries == ("G", "I")
    with pytest.raises(ValueError, match="neither"):
        calc_shift_share_panel(start, end, "zz", mapping=mapping)


def test_mapping_splits_and_validates() -> None:
    v = pd.DataFrame({"region": ["a"], "industry": ["X"], "value": [10.0]})
    split = pd.DataFrame({"source": ["X", "X"], "target": ["P", "Q"], "weight": [0.3, 0.7]})
    out = map_industries(v, split)
    assert out["value"].tolist() == pytest.approx([3.0, 7.0])
    with pytest.raises(ValueError, match="sum to 1"):
        map_industries(v, split.assign(weight=[0.3, 0.6]))
    with pytest.raises(ValueError, match="missing from the mapping"):
        map_industries(v.assign(industry="Y"), split)
