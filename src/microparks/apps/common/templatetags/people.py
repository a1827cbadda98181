"""People on pages by name: ``{{ user|person }}`` is the full name, else the username."""

from __future__ import annotations

from typing import Any

from django import template

from microparks.apps.common.display import person_name

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """The person's full name, else their username (``—`` for nobody)."""
    return person_name(user)
