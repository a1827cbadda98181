"""``persons``: a head-count as ``12,345``, or ``—`` where the register gave none."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def persons(value: int | None) -> str:
    """``12,345`` (thousands grouped); ``—`` for ``None`` (unknown, not zero)."""
    return "—" if value is None else f"{int(value):,}"
