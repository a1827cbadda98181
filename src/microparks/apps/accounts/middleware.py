"""Sessions that end when idle, and the second-factor pages before anything else when needed."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from microparks.apps.accounts.services import second_factor_step

# Where an unverified user may still go: the way in and out, the language switch, and the
# second-factor pages themselves. Everything else (pages, admin, API) waits for the code.
OPEN_ROUTES = {
    "login",
    "logout",
    "set_language",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "admin:logout",
    "api:openapi-json",
    "api:openapi-view",
}


class SecondFactorMiddleware:
    """Administrators set up and verify a device; users who enrolled one verify it.

    It runs in ``process_view``, once the URL is resolved, so that routes are told apart by
    name rather than by path. The API answers 403 with a JSON message instead of a redirect.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_ROUTES:
            return None
        step = second_factor_step(request.user)
        if not step:
            return None
        if "api" in match.namespaces:
            return JsonResponse(
                {"detail": _("Sign in with your second factor on the web first.")}, status=403
            )
        target = reverse(f"accounts:two_factor_{step}")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


SEEN = "_seen"
"""Session key: when (epoch seconds) the session's expiry was last pushed back."""


class IdleSessionMiddleware:
    """Push a signed-in session's expiry back on activity, at most once per refresh interval.

    The session ends ``SESSION_COOKIE_AGE`` after the last refresh, so it ends after that much
    idle time give or take ``SESSION_REFRESH_SECONDS``, while a page view costs no database
    write (``SESSION_SAVE_EVERY_REQUEST`` would write the session on every request).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        now = time.time()
        if now - float(session.get(SEEN, 0)) >= settings.SESSION_REFRESH_SECONDS:
            session[SEEN] = now  # modified: the session middleware saves it with a new expiry
        return response
