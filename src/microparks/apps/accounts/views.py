"""The account pages.

Security overview, second factor (set up, verify, remove), password change, and the lock-out
page that django-axes shows.
"""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from microparks.apps.accounts import services
from microparks.apps.accounts.forms import TokenForm
from microparks.apps.audit.models import AuditEntry
from microparks.apps.audit.signals import log_account_event


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's password and second factor."""
    devices = services.confirmed_devices(request.user)
    context = {
        "devices": devices,
        "required": settings.ADMIN_SECOND_FACTOR and services.is_administrator(request.user),
        "idle_hours": settings.SESSION_COOKIE_AGE / 3600,
    }
    return render(request, "accounts/security.html", context)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponseBase:
    """Show a new key as a QR code (drawn here, no outside service) and confirm it with a code."""
    if services.confirmed_devices(request.user).exists():
        # A second device is added only after removing the first, in a verified session: a
        # password alone must never be enough to bind another phone to the account.
        if not services.is_verified(request.user):
            return redirect("accounts:two_factor_verify")
        return redirect("accounts:security")
    device = services.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_device(device, form.cleaned_data["token"], actor=request.user):
            otp_login(request, device)
            messages.success(request, _("Your second factor is set up."))
            return redirect(_next_url(request))
        form.add_error("token", _("This code is wrong or expired; try the next one."))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        # segno's own markup of the key's URL: no user text in it
        "qr_svg": mark_safe(qr.svg_inline(scale=5, dark="#000", light="#fff")),
        "secret": _grouped(base64.b32encode(device.bin_key).decode()),
        "next": request.GET.get("next", ""),
        "required": settings.ADMIN_SECOND_FACTOR and services.is_administrator(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponseBase:
    """Ask for a code from the user's device; the session is verified until it ends."""
    if services.is_verified(request.user):
        return redirect(_next_url(request))
    if not services.confirmed_devices(request.user).exists():
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        log_account_event(
            AuditEntry.Action.LOGIN_FAILED,
            username=request.user.get_username(),
            account=request.user,
            request=request,
            second_factor=True,
        )
        form.add_error("token", _("This code is wrong or expired; try the next one."))
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context)


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Remove the user's device (a new phone), only from a session verified with it."""
    if not services.is_verified(request.user):
        return redirect("accounts:two_factor_verify")
    services.remove_devices(request.user, actor=request.user)
    messages.success(request, _("Your second factor is removed."))
    return redirect("accounts:security")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: our page, status 429."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)
