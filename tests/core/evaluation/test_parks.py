import numpy as np
import pytest

from microparks.core.evaluation import calc_low_efficiency, calc_park_figures, grade_tiers
from microparks.core.units import M2_PER_MU as MU


def test_park_figures_against_county_by_hand():
    # Park 1: two firms on 10 + 10 mu paying 100 + 300 万元 → 20 万元/mu.
    # Park 2: one firm on 30 mu paying 60 万元 → 2 万元/mu. County: 460 / 50 = 9.2 万元/mu.
    figures = calc_park_figures(
        park=[1, 1, 2],
        land_m2=[10 * MU, 10 * MU, 30 * MU],
        tax_cny=[1e6, 3e6, 6e5],
        value_added_cny=[2e6, 2e6, 3e6],
        revenue_cny=[1e7, 1e7, 1e7],
        jobs=[10, 20, 30],
    )
    assert figures.county["tax_per_mu"] == pytest.approx(9.2)
    t = figures.table
    assert t.index.tolist() == [1, 2]
    assert t.loc[1, "tax_per_mu"] == pytest.approx(20.0)
    assert t.loc[1, "tax_ratio"] == pytest.approx(20 / 9.2)
    assert t.loc[1, "tier"] == 2.0  # 2.17× reaches 2×, not 2.5×
    assert t.loc[2, "tier"] == 0.0
    assert t.loc[1, "jobs"] == 30
    assert t.loc[2, "va_per_mu"] == pytest.approx(10.0)


def test_tiers_boundaries():
    assert grade_tiers([1.49, 1.5, 2.0, 2.49, 2.5, 3.0, 3.5, 10, np.nan]).tolist() == [
        0, 1.5, 2.0, 2.0, 2.5, 3.0, 3.5, 3.5, 0,
    ]  # fmt: skip


def test_low_efficiency_flags():
    low, repeated = calc_low_efficiency(
        [1.0, 3.0, 3.1, 10], 9.3, ["D", "D", "C", "A"], ["D", "C", "D", ""]
    )
    assert low.tolist() == [True, True, False, False]  # below 9.3 / 3 = 3.1
    assert repeated.tolist() == [True, False, False, False]
