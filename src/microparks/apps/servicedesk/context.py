"""The menu's unread badge: how many of the user's tickets have unread news."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from microparks.apps.servicedesk.unread import unread_count


def desk(request: HttpRequest) -> dict[str, Any]:
    """``desk_unread``: counted only when a page shows it, and once per page."""
    user: Any = getattr(request, "user", None)

    @cache
    def desk_unread() -> int:
        return unread_count(user) if user is not None and user.is_authenticated else 0

    return {"desk_unread": desk_unread}
