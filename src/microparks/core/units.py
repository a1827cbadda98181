"""Unit constants, each defined once: the platform stores base units and displays these.

Areas are kept in m², money in CNY and energy in kWh or tce (tonnes of coal equivalent); users
read areas in mu (亩) and money in 万元, and energy rules convert electricity to coal equivalent.
"""

from __future__ import annotations

__all__ = ["CNY_PER_WAN", "KGCE_PER_KWH", "M2_PER_MU", "TCE_PER_KWH"]

M2_PER_MU = 10000 / 15
"""Square metres per mu (市亩): 1 mu = 10000/15 m² ≈ 666.67 m²."""

CNY_PER_WAN = 10_000.0
"""CNY per 万元 (ten thousand yuan), the unit of money in Chinese statistics and evaluations."""

KGCE_PER_KWH = 0.1229
"""kg of coal equivalent per kWh of electricity at its calorific (equivalent) value,
GB/T 2589-2020 Appendix A."""

TCE_PER_KWH = KGCE_PER_KWH / 1000
"""Tonnes of coal equivalent per kWh of electricity (:data:`KGCE_PER_KWH` in tce)."""
