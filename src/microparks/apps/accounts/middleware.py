"""Send a signed-in user to the second-factor pages before anything else, when needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

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
