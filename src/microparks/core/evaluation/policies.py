"""Each firm's differential terms from its class and the scheme's policies per class."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.evaluation.indicators import FloatArray
from microparks.core.evaluation.schemes import Policy

POLICY_COLUMNS = (
    "electricity_surcharge_cny_per_kwh",
    "water_surcharge_cny_per_t",
    "rent_support_share",
    "electricity_surcharge_cny",
    "water_surcharge_cny",
    "rent_support_cny",
    "land_priority",
    "subsidy_priority",
)


def calc_policy_terms(
    classes: ArrayLike,
    policies: Mapping[str, Policy],
    electricity_kwh: ArrayLike,
    water_t: ArrayLike,
    rent_cny: ArrayLike,
) -> dict[str, NDArray[np.float64] | NDArray[np.bool_]]:
    """Return the rates and yearly amounts each firm's class brings.

    ``electricity_surcharge_cny = rate × kWh``, ``water_surcharge_cny = rate × t`` and
    ``rent_support_cny = share × yearly rent``; a class without a policy (and T) gets nothing.

    Parameters
    ----------
    classes
        Class per firm (``A``–``D`` or ``T``).
    policies
        Policy per class, from the scheme.
    electricity_kwh, water_t, rent_cny
        The firm's yearly electricity, water and rent, on which the rates apply.

    Returns
    -------
    dict
        Arrays keyed by :data:`POLICY_COLUMNS`.

    """
    cls = np.asarray(classes)
    kwh = np.asarray(electricity_kwh, dtype=np.float64)
    water = np.asarray(water_t, dtype=np.float64)
    rent = np.asarray(rent_cny, dtype=np.float64)
    rates: dict[str, FloatArray] = {
        k: np.zeros(cls.shape, dtype=np.float64)
        for k in (
            "electricity_surcharge_cny_per_kwh",
            "water_surcharge_cny_per_t",
            "rent_support_share",
        )
    }
    flags = {k: np.zeros(cls.shape, dtype=bool) for k in ("land_priority", "subsidy_priority")}
    for name, policy in policies.items():
        m = cls == name
        rates["electricity_surcharge_cny_per_kwh"][m] = policy.electricity_surcharge_cny_per_kwh
        rates["water_surcharge_cny_per_t"][m] = policy.water_surcharge_cny_per_t
        rates["rent_support_share"][m] = policy.rent_support_share
        flags["land_priority"][m] = policy.land_priority
        flags["subsidy_priority"][m] = policy.subsidy_priority
    out: dict[str, NDArray[np.float64] | NDArray[np.bool_]] = dict(rates)
    out["electricity_surcharge_cny"] = rates["electricity_surcharge_cny_per_kwh"] * kwh
    out["water_surcharge_cny"] = rates["water_surcharge_cny_per_t"] * water
    out["rent_support_cny"] = rates["rent_support_share"] * rent
    out.update(flags)
    return out
