"""Per-mu (亩均) indicators of firms, vectorised over arrays.

All inputs are in base units (CNY, m², person, tce, kWh, t); the indicators are in the units the
published schemes use, so that their benchmarks can be applied unchanged:

==========================  =====================================  ===============
indicator                   formula                                 unit
==========================  =====================================  ===============
``tax_per_mu``              tax ÷ land                              万元/mu
``va_per_mu``               value added ÷ land                      万元/mu
``revenue_per_mu``          revenue (sales) ÷ land                  万元/mu
``labour_productivity``     value added ÷ average employees         万元/person
``va_per_tce``              value added ÷ energy                    万元/tce
``va_per_emission_t``       value added ÷ main pollutants           万元/t
``revenue_per_tce``         revenue ÷ energy                        万元/tce
``revenue_per_emission_t``  revenue ÷ main pollutants               万元/t
``tax_per_tce``             tax ÷ energy                            万元/tce
``rd_share``                R&D spending ÷ revenue                  fraction
``tax_per_kwh``             tax ÷ electricity                       CNY/kWh
==========================  =====================================  ===============

1 mu = 10000/15 m²; 1 万元 = 10,000 CNY. The main pollutants are COD, ammonia nitrogen, SO₂ and
NOx (the four 主要污染物 of the national total-emission controls); a firm reporting none of them,
or a total of zero, has no emissions data (NaN) — the schemes then say how it is scored. A zero
denominator (no employees, no energy, no electricity, no revenue) likewise gives NaN: the
indicator is undefined, not infinite.

Source of the formulas: 黄岩区亩均办, 工业企业综合评价得分计算说明 (2022-09-20 and 2023-09-25):
亩均税收 = 评价税收/用地面积, 亩均增加值 = 工业增加值/用地面积,
单位能耗增加值 = 工业增加值/综合能耗,
单位排放增加值 = 工业增加值/主要污染物排放量, 全员劳动生产率 = 工业增加值/年平均职工人数,
R&D 占比 = R&D 经费支出/主营业务收入, 单位电耗税收 = 评价税收/用电量.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.units import CNY_PER_WAN, M2_PER_MU

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Indicator:
    """One indicator: its numerator, denominator, unit and label."""

    name: str
    numerator: str
    denominator: str
    unit: str
    label: str


INDICATORS: dict[str, Indicator] = {
    i.name: i
    for i in (
        Indicator("tax_per_mu", "tax_cny", "land_m2", "万元/mu", "Tax per mu"),
        Indicator("va_per_mu", "value_added_cny", "land_m2", "万元/mu", "Value added per mu"),
        Indicator("revenue_per_mu", "revenue_cny", "land_m2", "万元/mu", "Revenue per mu"),
        Indicator(
            "labour_productivity", "value_added_cny", "jobs", "万元/person", "Labour productivity"
        ),
        Indicator("va_per_tce", "value_added_cny", "energy_tce", "万元/tce", "Value added per tce"),
        Indicator(
            "va_per_emission_t",
            "value_added_cny",
            "emissions_t",
            "万元/t",
            "Value added per tonne of main pollutants",
        ),
        Indicator("revenue_per_tce", "revenue_cny", "energy_tce", "万元/tce", "Revenue per tce"),
        Indicator(
            "revenue_per_emission_t",
            "revenue_cny",
            "emissions_t",
            "万元/t",
            "Revenue per tonne of main pollutants",
        ),
        Indicator("tax_per_tce", "tax_cny", "energy_tce", "万元/tce", "Tax per tce"),
        Indicator("rd_share", "rd_cny", "revenue_cny", "fraction", "R&D spending / revenue"),
        Indicator("tax_per_kwh", "tax_cny", "electricity_kwh", "CNY/kWh", "Tax per kWh"),
    )
}
"""Every indicator the schemes may use, by name."""

INPUTS = (
    "tax_cny",
    "value_added_cny",
    "revenue_cny",
    "land_m2",
    "jobs",
    "energy_tce",
    "electricity_kwh",
    "emissions_t",
    "rd_cny",
)
"""The input columns, in base units; ``emissions_t`` may be NaN (no data)."""

_NUMERATOR_SCALE = {  # turns the numerator from CNY into 万元 where the unit says so
    "万元/mu": 1 / CNY_PER_WAN,
    "万元/person": 1 / CNY_PER_WAN,
    "万元/tce": 1 / CNY_PER_WAN,
    "万元/t": 1 / CNY_PER_WAN,
    "fraction": 1.0,
    "CNY/kWh": 1.0,
}


class IndicatorInputError(ValueError):
    """Inputs that cannot give indicators (missing column, negative value, no land)."""


def calc_emissions_t(*pollutants_t: ArrayLike) -> FloatArray:
    """Return the total of the main pollutants per firm; NaN where all are missing or zero.

    Parameters
    ----------
    *pollutants_t
        One array per pollutant (t), NaN where not reported.

    Returns
    -------
    numpy.ndarray
        Σ pollutants (NaN treated as 0), and NaN where no pollutant was reported or the sum is 0.

    """
    stack = np.vstack([np.asarray(p, dtype=np.float64) for p in pollutants_t])
    total = np.nansum(stack, axis=0)
    none = np.all(np.isnan(stack), axis=0) | (total <= 0)
    return np.where(none, np.nan, total)


def calc_indicators(
    inputs: Mapping[str, ArrayLike], names: tuple[str, ...] | None = None
) -> dict[str, FloatArray]:
    """Compute per-mu indicators for every firm.

    Parameters
    ----------
    inputs
        Arrays of equal length keyed by :data:`INPUTS` (base units). Only the columns the
        requested indicators need must be present.
    names
        Indicators to compute (default: all of :data:`INDICATORS`).

    Returns
    -------
    dict of str to numpy.ndarray
        One float array per indicator, in the units of :data:`INDICATORS`; NaN where the
        denominator is zero or missing.

    Raises
    ------
    IndicatorInputError
        If a needed column is missing, a value is negative, or a land area is not positive.

    Examples
    --------
    >>> out = calc_indicators({"tax_cny": [400_000.0], "land_m2": [6666.67]}, ("tax_per_mu",))
    >>> round(float(out["tax_per_mu"][0]), 3)
    4.0

    """
    wanted = tuple(INDICATORS) if names is None else names
    columns: dict[str, FloatArray] = {}
    for name in wanted:
        if name not in INDICATORS:
            raise IndicatorInputError(f"unknown indicator {name!r}")
        ind = INDICATORS[name]
        for col in (ind.numerator, ind.denominator):
            if col not in columns:
                columns[col] = _column(inputs, col)
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise IndicatorInputError(f"input columns differ in length: {sorted(lengths)}")
    if "land_m2" in columns:
        land = columns["land_m2"]
        if np.any(~(land > 0)):
            raise IndicatorInputError("land_m2 must be positive for every firm")
        columns["land_m2"] = land / M2_PER_MU  # per mu from here on
    out: dict[str, FloatArray] = {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for name in wanted:
            ind = INDICATORS[name]
            num = columns[ind.numerator] * _NUMERATOR_SCALE[ind.unit]
            den = columns[ind.denominator]
            value = num / np.where(den > 0, den, 1.0)
            # A denominator so small that the ratio overflows is as undefined as a zero one.
            out[name] = np.where((den > 0) & np.isfinite(value), value, np.nan)
    return out


def _column(inputs: Mapping[str, ArrayLike], name: str) -> FloatArray:
    if name not in inputs:
        raise IndicatorInputError(f"missing input column {name!r}")
    values = np.asarray(inputs[name], dtype=np.float64)
    if values.ndim != 1:
        raise IndicatorInputError(f"input column {name!r} must be one-dimensional")
    if np.any(values < 0):
        raise IndicatorInputError(f"input column {name!r} has negative values")
    if name != "emissions_t" and np.any(np.isnan(values)):
        raise IndicatorInputError(f"input column {name!r} has missing values")
    return values
