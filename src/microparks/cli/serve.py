"""Serving the web application: waitress (threads) or gunicorn (``--workers N`` processes).

waitress runs everywhere, in one process; Python's lock lets its threads use one core. On Linux
(any Unix) ``--workers N`` with N > 1 runs gunicorn instead: N worker processes of 4 threads
each, every one loading the application itself after the fork (nothing preloaded), so no
database connection opened in this process is shared by the workers. Neither server names
itself in a ``Server`` header.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# waitress's options: no ``Server: waitress`` banner telling a prober what to try.
WAITRESS_OPTIONS = {"ident": ""}
THREADS = 4  # per gunicorn worker, as waitress's default: requests waiting on the database
WSGI_APP = "microparks.config.wsgi:application"

WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=1,
        help="Worker processes: above 1, gunicorn runs them (Linux and other Unix; "
        "waitress, in one process, elsewhere and for 1).",
    ),
]


def can_fork() -> bool:
    """Whether gunicorn can run here (it needs ``fork``: not on Windows)."""
    return sys.platform != "win32"


def serve_app(console: Console, host: str, port: int, workers: int = 1) -> None:
    """Serve the application on ``host:port`` until stopped (Ctrl+C)."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    if host not in LOOPBACK and not ({host, "*"} & set(settings.ALLOWED_HOSTS)):
        console.print(
            _(
                "Warning: set MICROPARKS_ALLOWED_HOSTS to the host names that clients use, or "
                "Django will refuse their requests."
            ),
            style="yellow",
        )
    url = f"http://{host}:{port}/"
    if workers > 1 and not can_fork():
        console.print(
            _("gunicorn cannot run here; serving with waitress in one process."), style="yellow"
        )
        workers = 1
    console.print(_("Serving on %(url)s (press Ctrl+C to stop)") % {"url": url}, style="bold")
    try:
        if workers > 1:
            _gunicorn(host, port, workers)
        else:
            _waitress(host, port)
    except OSError as exc:  # typically: the port is taken
        console.print(_("Cannot serve on %(url)s: %(error)s") % {"url": url, "error": exc})
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        console.print(_("Stopped."))


def collect_static(console: Console) -> None:
    """Collect the static files into ``STATIC_ROOT`` when any is newer than the last collection.

    Hashed names and gzip variants (:mod:`microparks.config.static`) let whitenoise serve them
    compressed with far-future cache headers; the check makes a start without changes quick
    (the collection itself takes seconds: plotly's bundle).
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.utils.translation import gettext as _

    from microparks.config.static import collection_is_current

    root = Path(settings.STATIC_ROOT)
    if collection_is_current(root):
        return
    root.mkdir(parents=True, exist_ok=True)
    with console.status(_("Preparing the static files…")):
        call_command("collectstatic", interactive=False, verbosity=0)


def _waitress(host: str, port: int) -> None:
    from django.core.wsgi import get_wsgi_application
    from waitress import serve as waitress_serve  # type: ignore[import-untyped,unused-ignore]

    waitress_serve(get_wsgi_application(), host=host, port=port, **WAITRESS_OPTIONS)


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """The settings gunicorn runs with for ``serve --workers``."""
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": THREADS,
        "preload_app": False,  # each worker opens its own database connections
        "timeout": 120,  # as the deployment guide's systemd unit: long imports and reports
        "accesslog": None,
        "errorlog": "-",
    }


def _set_options(cfg: Any, options: dict[str, Any]) -> None:
    for name, value in options.items():
        cfg.set(name, value)
    if "control_socket_disable" in cfg.settings:  # gunicorn >= 24: no shared ~/.gunicorn socket
        cfg.set("control_socket_disable", True)


def _gunicorn(host: str, port: int, workers: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped,unused-ignore]

    class Application(BaseApplication):  # type: ignore[misc,unused-ignore]
        def load_config(self) -> None:
            _set_options(self.cfg, gunicorn_options(host, port, workers))

        def load(self) -> Callable[..., Any]:
            from microparks.config.wsgi import application

            return application

    hide_gunicorn_banner()
    connections.close_all()  # the migration check's connection must not reach the workers
    Application().run()


def hide_gunicorn_banner() -> None:
    """Leave ``Server: gunicorn`` out of gunicorn's responses (it has no setting for it).

    Patched in this process before gunicorn forks, so every worker inherits it.
    """
    from gunicorn.http import wsgi  # type: ignore[import-untyped,unused-ignore]

    default_headers = wsgi.Response.default_headers
    if getattr(default_headers, "without_banner", False):
        return

    def headers(self: Any) -> list[str]:
        return [h for h in default_headers(self) if not h.startswith("Server:")]

    headers.without_banner = True  # type: ignore[attr-defined]
    wsgi.Response.default_headers = headers
