"""The service desk's own menu badge: how many of the user's tickets have unread news."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from microparks.apps.common import unread


def desk(request: HttpRequest) -> dict[str, Any]:
    """``desk_unread``: counted only when a page shows it, and with the header's badge once."""
    user: Any = getattr(request, "user", None)
    return {"desk_unread": lambda: unread.counts(user, request).get("desk", 0)}
