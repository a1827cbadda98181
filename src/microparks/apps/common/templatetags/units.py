"""Display units: 万元 for money kept in CNY, mu for areas kept in m²."""

from __future__ import annotations

from decimal import Decimal

from django import template

from microparks.core.units import CNY_PER_WAN, M2_PER_MU

register = template.Library()


@register.filter
def wan(value: float | Decimal | None) -> float | None:
    """CNY → 万元 (10 000 CNY); ``None`` stays ``None``."""
    return None if value is None else float(value) / CNY_PER_WAN


@register.filter
def mu(value: float | None) -> float | None:
    """m² → mu (1 mu = 10000/15 m²); ``None`` stays ``None``."""
    return None if value is None else float(value) / M2_PER_MU
