import numpy as np
import pytest

from microparks.core.evaluation import (
    INDICATORS,
    IndicatorInputError,
    calc_emissions_t,
    calc_indicators,
)
from microparks.core.units import M2_PER_MU


def test_units_per_mu_and_wan_yuan():
    # 20000 m² = 30 mu; tax 9,000,000 CNY = 900 万元 → 30 万元/mu.
    out = calc_indicators(
        {
            "tax_cny": [9_000_000.0],
            "value_added_cny": [30_000_000.0],
            "revenue_cny": [40_000_000.0],
            "land_m2": [20000.0],
            "jobs": [150.0],
            "energy_tce": [1000.0],
            "electricity_kwh": [2_000_000.0],
            "emissions_t": [0.6],
            "rd_cny": [1_200_000.0],
        }
    )
    assert pytest.approx(666.6666667) == M2_PER_MU
    expected = {
        "tax_per_mu": 30.0,
        "va_per_mu": 100.0,
        "revenue_per_mu": 4000 / 30,
        "labour_productivity": 20.0,
        "va_per_tce": 3.0,
        "va_per_emission_t": 5000.0,
        "revenue_per_tce": 4.0,
        "revenue_per_emission_t": 4000 / 0.6,
        "tax_per_tce": 0.9,
        "rd_share": 0.03,
        "tax_per_kwh": 4.5,
    }
    assert set(out) == set(INDICATORS)
    for name, value in expected.items():
        assert out[name][0] == pytest.approx(value), name


def test_zero_denominator_is_missing_not_infinite():
    out = calc_indicators(
        {"value_added_cny": [1e6, 1e6], "jobs": [0, 10], "land_m2": [1000, 1000]},
        ("labour_productivity", "va_per_mu"),
    )
    assert np.isnan(out["labour_productivity"][0])
    assert out["labour_productivity"][1] == pytest.approx(10.0)


def test_emissions_total_and_missing():
    total = calc_emissions_t([0.4, np.nan, 0.0], [0.1, np.nan, 0.0], [np.nan, np.nan, 0.0])
    assert total[0] == pytest.approx(0.5)
    assert np.isnan(total[1])  # nothing reported
    assert np.isnan(total[2])  # zero emissions: no data, not an infinite ratio


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("land_m2", [0.0], "land_m2 must be positive"),
        ("tax_cny", [-1.0], "negative"),
        ("tax_cny", [np.nan], "missing values"),
    ],
)
def test_bad_inputs_raise(column, values, message):
    inputs = {"tax_cny": [1.0], "land_m2": [100.0]}
    inputs[column] = values
    with pytest.raises(IndicatorInputError, match=message):
        calc_indicators(inputs, ("tax_per_mu",))


def test_unknown_indicator_and_missing_column():
    with pytest.raises(IndicatorInputError, match="unknown indicator"):
        calc_indicators({"land_m2": [1.0]}, ("nope",))
    with pytest.raises(IndicatorInputError, match="missing input column 'tax_cny'"):
        calc_indicators({"land_m2": [1.0]}, ("tax_per_mu",))
