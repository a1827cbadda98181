"""Which roles may open which pages; what a role may see within them is ``restrict``'s job.

A role outside a page's roles gets 403 on its list and detail pages; a user of the right role
gets 404 for an object outside their region, parks or enterprise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from microparks.apps.base import ALL_STAFF, Role

PARK_ROLES = ALL_STAFF
"""Roles whose scope reaches parks and sites (the administrator always may)."""
ENTERPRISE_ROLES = ALL_STAFF | {Role.ENTERPRISE}
"""Roles whose scope reaches enterprises; enterprise users see only their own."""

View = Callable[..., HttpResponse]


def role_required(roles: frozenset[str]) -> Callable[[View], View]:
    """Require a signed-in user (else redirect to login) holding one of ``roles`` (else 403)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*roles):  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
