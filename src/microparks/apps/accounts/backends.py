"""The lock-out check as the first authentication backend."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' check, for sign-ins that come with a request.

    Every sign-in from outside (the login page, the admin's login) has a request; a call of
    ``authenticate()`` without one comes from the server's own code (a command, a test
    client's ``login``), which django-axes would refuse with an error rather than check.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]
