"""Park-level per-mu figures against the county average, tiers, and low-efficiency land flags."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from microparks.core.units import CNY_PER_WAN, M2_PER_MU

PARK_TIERS = (1.5, 2.0, 2.5, 3.0, 3.5)
"""Multiples of the county average that mark a park's tier (1.5×, 2×, 2.5×, 3×, 3.5×)."""
LOW_EFFICIENCY_SHARE = 1 / 3
"""A firm's tax per mu below this share of the county average flags its land."""


@dataclass(frozen=True)
class ParkFigures:
    """Per-park totals and per-mu figures, with the county average they are compared to.

    ``table`` has one row per park (index: park id) with ``firms``, ``land_mu``, ``jobs``,
    ``tax_per_mu``, ``va_per_mu``, ``revenue_per_mu`` (万元/mu), ``tax_ratio`` (park ÷ county)
    and ``tier`` (the largest multiple of :data:`PARK_TIERS` reached, 0 below 1.5×), sorted by
    tax per mu, highest first. ``county`` holds the county's per-mu figures over all firms.
    """

    table: pd.DataFrame
    county: dict[str, float]


def calc_park_figures(
    park: ArrayLike,
    land_m2: ArrayLike,
    tax_cny: ArrayLike,
    value_added_cny: ArrayLike,
    revenue_cny: ArrayLike,
    jobs: ArrayLike,
    tiers: tuple[float, ...] = PARK_TIERS,
) -> ParkFigures:
    """Aggregate firms to parks: Σ tax ÷ Σ land etc., compared to the county's.

    Parameters
    ----------
    park
        Park id per firm.
    land_m2, tax_cny, value_added_cny, revenue_cny, jobs
        The firms' land and yearly figures (base units).
    tiers
        Ascending multiples of the county tax per mu.

    Returns
    -------
    ParkFigures
        Per-park table and county averages.

    """
    frame = pd.DataFrame(
        {
            "park": np.asarray(park),
            "land_mu": np.asarray(land_m2, dtype=np.float64) / M2_PER_MU,
            "tax": np.asarray(tax_cny, dtype=np.float64) / CNY_PER_WAN,
            "va": np.asarray(value_added_cny, dtype=np.float64) / CNY_PER_WAN,
            "revenue": np.asarray(revenue_cny, dtype=np.float64) / CNY_PER_WAN,
            "jobs": np.asarray(jobs, dtype=np.float64),
        }
    )
    county = _county_figures(frame)
    table = _park_table(frame)
    table["tax_ratio"] = table["tax_per_mu"] / county["tax_per_mu"]
    table["tier"] = grade_tiers(table["tax_ratio"].to_numpy(), tiers)
    return ParkFigures(table.sort_values("tax_per_mu", ascending=False), county)


def _county_figures(frame: pd.DataFrame) -> dict[str, float]:
    """The county's land and per-mu figures over all firms (NaN on no land)."""
    land = float(frame["land_mu"].sum())
    return {
        "land_mu": land,
        "tax_per_mu": float(frame["tax"].sum()) / land if land > 0 else float("nan"),
        "va_per_mu": float(frame["va"].sum()) / land if land > 0 else float("nan"),
        "revenue_per_mu": float(frame["revenue"].sum()) / land if land > 0 else float("nan"),
    }


def _park_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per park: firms, land, jobs, and Σ figure ÷ Σ land for tax, value added and revenue."""
    sums = frame.groupby("park").agg(
        firms=("land_mu", "size"),
        land_mu=("land_mu", "sum"),
        jobs=("jobs", "sum"),
        tax=("tax", "sum"),
        va=("va", "sum"),
        revenue=("revenue", "sum"),
    )
    return pd.DataFrame(
        {
            "firms": sums["firms"],
            "land_mu": sums["land_mu"],
            "jobs": sums["jobs"],
            "tax_per_mu": sums["tax"] / sums["land_mu"],
            "va_per_mu": sums["va"] / sums["land_mu"],
            "revenue_per_mu": sums["revenue"] / sums["land_mu"],
        }
    )


def grade_tiers(ratio: ArrayLike, tiers: tuple[float, ...] = PARK_TIERS) -> NDArray[np.float64]:
    """Return the largest tier multiple each ratio reaches (0 where below the first).

    >>> grade_tiers([0.9, 1.5, 2.2, 4.0]).tolist()
    [0.0, 1.5, 2.0, 3.5]
    """
    r = np.asarray(ratio, dtype=np.float64)
    steps = np.asarray((0.0, *tiers))
    idx = np.searchsorted(np.asarray(tiers), np.nan_to_num(r, nan=0.0), side="right")
    return np.asarray(steps[idx], dtype=np.float64)


def calc_low_efficiency(
    tax_per_mu: ArrayLike,
    county_tax_per_mu: float,
    classes: ArrayLike,
    previous_classes: ArrayLike,
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Flag low-efficiency land.

    Low: tax per mu below a third of the county average; or class D two years running.

    Parameters
    ----------
    tax_per_mu
        The firms' tax per mu (万元/mu).
    county_tax_per_mu
        The county average (万元/mu).
    classes, previous_classes
        This year's and last year's class per firm ('' where none).

    Returns
    -------
    tuple of numpy.ndarray
        ``(low_tax, repeated_d)`` masks.

    """
    low = np.asarray(tax_per_mu, dtype=np.float64) < LOW_EFFICIENCY_SHARE * county_tax_per_mu
    repeated = (np.asarray(classes) == "D") & (np.asarray(previous_classes) == "D")
    return low, repeated
