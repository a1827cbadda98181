"""``microparks serve`` / ``demo`` run waitress without its ``Server: waitress`` banner, and the
platform's pages come out of it with the security headers."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from waitress.server import create_server  # type: ignore[import-untyped,unused-ignore]

from microparks.cli import serve as serve_cli

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only


def _serve_in_thread(application: Any, **options: Any) -> Iterator[str]:
    server = create_server(application, host="127.0.0.1", port=0, **options)
    stop = threading.Event()

    def run() -> None:  # waitress's own run() has no stop: poll until told
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=10)
        server.close()
        server.task_dispatcher.shutdown()


def _hello(environ: Any, start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def _headers(url: str) -> Any:
    with NO_PROXY.open(url, timeout=10) as response:
        assert response.status == 200
        return response.headers


def test_waitress_sends_its_banner_unless_told() -> None:
    """The control: waitress's default names itself; our options do not."""
    for base in _serve_in_thread(_hello):
        assert _headers(base)["Server"] == "waitress"
    for base in _serve_in_thread(_hello, **serve_cli.WAITRESS_OPTIONS):
        assert "Server" not in _headers(base)


def test_serve_passes_the_options(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("waitress.serve", lambda app, **kw: seen.update(kw))
    serve_cli.serve_app(Console(quiet=True), "127.0.0.1", 8765)
    assert seen == {"host": "127.0.0.1", "port": 8765, "ident": ""}


def test_pages_through_waitress_carry_the_security_headers(transactional_db: Any) -> None:
    from django.core.wsgi import get_wsgi_application

    for base in _serve_in_thread(get_wsgi_application(), **serve_cli.WAITRESS_OPTIONS):
        headers = _headers(f"{base}/login/")
    assert "Server" not in headers
    policy = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert headers["Referrer-Policy"] == "same-origin"
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
