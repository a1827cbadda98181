"""The client's address of a request, for the lock-out and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the request came from.

    Behind ``settings.PROXY_COUNT`` reverse proxies the peer (``REMOTE_ADDR``) is the nearest
    proxy, and the client is the entry that proxy appended to ``X-Forwarded-For``: counted from
    the right, because a client can write anything into the header's left part. With no proxy
    configured the header is ignored for the same reason.
    """
    peer = str(request.META.get("REMOTE_ADDR") or "")
    hops = settings.PROXY_COUNT
    if hops <= 0:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [part.strip() for part in str(forwarded).split(",") if part.strip()]
    return entries[-hops] if len(entries) >= hops else peer
