"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from microparks.apps.common import unread
from microparks.apps.common.permissions import ENTERPRISE_ROLES, PARK_ROLES


def platform(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "can_see_parks": signed_in and user.has_role(*PARK_ROLES),
        "can_see_enterprises": signed_in and user.has_role(*ENTERPRISE_ROLES),
        # callables: counted only when a page shows the badge, once per request
        "unread_total": lambda: unread.total(user, request),
        "unread_news": lambda: unread.listed(user, request),
    }
