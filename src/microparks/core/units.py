"""Unit constants, each defined once: the platform stores base units and displays these.

Areas are kept in m², money in CNY and energy in kWh or tce (tonnes of coal equivalent); users
read areas in mu (亩) and money in 万元, and energy rules convert electricity to coal equivalent.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

__all__ = [
    "BASE_UNITS",
    "CNY_PER_WAN",
    "KGCE_PER_KWH",
    "M2_PER_MU",
    "QUANTITY_UNITS",
    "TCE_PER_KWH",
    "UnknownUnitError",
    "calc_in_base",
    "normalise_unit",
    "unit_factor",
]

M2_PER_MU = 10000 / 15
"""Square metres per mu (市亩): 1 mu = 10000/15 m² ≈ 666.67 m²."""

CNY_PER_WAN = 10_000.0
"""CNY per 万元 (ten thousand yuan), the unit of money in Chinese statistics and evaluations."""

KGCE_PER_KWH = 0.1229
"""kg of coal equivalent per kWh of electricity at its calorific (equivalent) value,
GB/T 2589-2020 Appendix A."""

TCE_PER_KWH = KGCE_PER_KWH / 1000
"""Tonnes of coal equivalent per kWh of electricity (:data:`KGCE_PER_KWH` in tce)."""


QUANTITY_UNITS: Mapping[str, Mapping[str, float]] = {
    "area": {
        "m2": 1.0,
        "平方米": 1.0,
        "平米": 1.0,
        "亩": M2_PER_MU,
        "mu": M2_PER_MU,
        "公顷": 10_000.0,
        "ha": 10_000.0,
        "hm2": 10_000.0,
        "平方公里": 1_000_000.0,
        "平方千米": 1_000_000.0,
        "km2": 1_000_000.0,
    },
    "money": {
        "元": 1.0,
        "cny": 1.0,
        "yuan": 1.0,
        "千元": 1_000.0,
        "万元": CNY_PER_WAN,
        "亿元": 100_000_000.0,
    },
    "energy": {
        "吨标准煤": 1.0,
        "吨标煤": 1.0,
        "tce": 1.0,
        "t标准煤": 1.0,
        "千克标准煤": 0.001,
        "kgce": 0.001,
        "万吨标准煤": 10_000.0,
        "万吨标煤": 10_000.0,
    },
    "electricity": {
        "千瓦时": 1.0,
        "度": 1.0,
        "kwh": 1.0,
        "万千瓦时": 10_000.0,
        "万度": 10_000.0,
        "兆瓦时": 1_000.0,
        "mwh": 1_000.0,
    },
    "water": {
        "吨": 1.0,
        "t": 1.0,
        "立方米": 1.0,
        "m3": 1.0,
        "方": 1.0,
        "万吨": 10_000.0,
        "万立方米": 10_000.0,
    },
    # Head-counts of statistical tables: 从业人员数（人）, 就业人数（万人）, 常住人口（千人）.
    "people": {
        "人": 1.0,
        "persons": 1.0,
        "千人": 1_000.0,
        "万人": 10_000.0,
    },
}
"""Each quantity's units as people write them, with the factor to the stored base unit.

Base units: m² (area), CNY (money), tce (energy), kWh (electricity), t of water (1 m³ = 1 t),
persons (people).
Names are in :func:`normalise_unit` form (NFKC, case-folded, no spaces: ``㎡`` → ``m2``).
"""


BASE_UNITS: Mapping[str, str] = {
    "area": "m²",
    "money": "元",
    "energy": "吨标准煤",
    "electricity": "千瓦时",
    "water": "吨",
    "people": "人",
}
"""The unit each quantity is stored in, as written for readers."""


class UnknownUnitError(ValueError):
    """A unit that is not one of its quantity's :data:`QUANTITY_UNITS`."""


def normalise_unit(unit: str) -> str:
    """A unit as written (``'（㎡）'``, ``' 万 元 '``, ``'m²'``) in the form the tables use.

    Unicode NFKC folds full-width forms and ``㎡`` to ``m2``; superscripts ``²``/``³`` become
    digits; brackets, spaces and case are dropped.
    """
    text = unicodedata.normalize("NFKC", unit).casefold()
    text = text.replace("²", "2").replace("³", "3")
    return "".join(ch for ch in text if not ch.isspace() and ch not in "()[]【】")


def unit_factor(quantity: str, unit: str) -> float:
    """The factor from ``unit`` to the base unit of ``quantity`` (``'亩'`` → 666.67 for area).

    Raises
    ------
    KeyError
        For an unknown quantity.
    UnknownUnitError
        For a unit that is not one of the quantity's.

    """
    units = QUANTITY_UNITS[quantity]
    try:
        return units[normalise_unit(unit)]
    except KeyError:
        raise UnknownUnitError(unit) from None


def calc_in_base(value: float, quantity: str, unit: str) -> float:
    """``value`` given in ``unit`` expressed in the base unit of ``quantity``.

    Examples
    --------
    >>> round(calc_in_base(15, "area", "亩"), 6)
    10000.0
    >>> calc_in_base(2.5, "money", "万元")
    25000.0

    """
    return value * unit_factor(quantity, unit)
