"""The evaluation's codes in words on its pages (a result's group)."""

from __future__ import annotations

from django import template

from microparks.apps.evaluation.labels import GROUP_LABELS

register = template.Library()


@register.filter
def group_label(group: str) -> str:
    """``below_size`` → 规模以下 (in the page's language); an unknown group as it is."""
    return str(GROUP_LABELS.get(group, group))
