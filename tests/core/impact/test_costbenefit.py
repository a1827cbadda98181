from __future__ import annotations

import math

import pytest

from microparks.core.impact import calc_cost_benefit


def test_by_hand() -> None:
    years = [2020, 2021, 2022, 2023]
    costs = {"land": [100.0, 0.0, 0.0, 0.0], "rent_support": [0.0, 20.0, 20.0, 0.0]}
    tax = [0.0, 40.0, 60.0, 80.0]
    r = calc_cost_benefit(years, costs, tax, [0, 50, 100, 120], discount_rate=0.1)
    assert r.total_cost == 140.0
    assert r.cost_by_category == {"land": 100.0, "rent_support": 40.0}
    assert r.cost_per_job == pytest.approx(140.0 / 120)
    assert r.cost_per_job_year == pytest.approx(140.0 / 270)
    # cumulative net: -100, -80, -40, 40 -> payback 2023
    assert r.payback_year == 2023
    npv = -100 + 20 / 1.1 + 40 / 1.1**2 + 80 / 1.1**3
    assert r.npv == pytest.approx(npv)
    # discounted cumulative: -100, -81.8, -48.8, 11.3 -> 2023
    assert r.discounted_payback_year == 2023


def test_no_payback_and_late_spending() -> None:
    r = calc_cost_benefit([1, 2, 3], {"c": [100.0, 0.0, 0.0]}, [10.0, 10.0, 10.0], discount_rate=0)
    assert r.payback_year is None
    assert math.isnan(r.cost_per_job)
    # paid back in year 2, then new spending in year 3 pushes it below zero again
    r2 = calc_cost_benefit([1, 2, 3, 4], {"c": [10.0, 0, 50, 0]}, [0, 20, 0, 60], discount_rate=0)
    assert r2.payback_year == 4


def test_discount_base_year_and_validation() -> None:
    r = calc_cost_benefit(
        [2021, 2022], {"c": [0.0, 0.0]}, [0.0, 110.0], discount_rate=0.1, base_year=2022
    )
    assert r.npv == pytest.approx(110.0)
    with pytest.raises(ValueError, match="consecutive"):
        calc_cost_benefit([2020, 2022], {"c": [1, 1]}, [0, 0])
    with pytest.raises(ValueError, match="expected 2"):
        calc_cost_benefit([2020, 2021], {"c": [1]}, [0, 0])
