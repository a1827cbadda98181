"""``microparks serve --workers 2``: gunicorn's processes, no banner, static files cached and
compressed; and the storage that keeps plain names until the files are collected."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

from microparks.cli import serve as serve_cli

# The server runs on its own SQLite file in a subprocess.
pytestmark = pytest.mark.engine_neutral

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, **headers: str) -> Any:
    request = urllib.request.Request(url, headers=headers)
    with NO_PROXY.open(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def _wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"serve stopped: {process.stdout.read().decode()}")  # type: ignore[union-attr]
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("serve did not answer in time")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="gunicorn runs on Linux")
def test_serve_with_workers_runs_gunicorn(tmp_path: Path) -> None:
    port = _free_port()
    env = os.environ | {
        "MICROPARKS_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "microparks.config.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("MICROPARKS_STATIC_ROOT", None)
    command = [sys.executable, "-m", "microparks.cli.main", "serve", "--workers", "2"]
    command += ["--port", str(port), "--db", str(tmp_path / "db.sqlite3")]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # gunicorn's master and workers, stopped together below
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/login/", process)
        status, headers, body = _get(f"{base}/login/")
        assert status == 200
        assert "Server" not in headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        # collected: the page links hashed names, served for a year, immutable, gzipped
        css = re.search(rb"/static/common/site\.[0-9a-f]{12}\.css", body)
        assert css is not None, body[:500]
        status, headers, plain = _get(base + css.group().decode())
        assert status == 200
        assert "max-age=315360000" in headers["Cache-Control"]
        assert "immutable" in headers["Cache-Control"]
        status, headers, packed = _get(base + css.group().decode(), **{"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip"
        assert len(packed) < len(plain)
        assert (tmp_path / "static" / "staticfiles.json").exists()
    finally:
        with contextlib.suppress(ProcessLookupError):  # unless it stopped by itself
            os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0].decode()
    assert "Booting worker" in output, output  # gunicorn's workers, not waitress
    assert output.count("Booting worker") == 2, output


def test_gunicorn_is_told_not_to_preload() -> None:
    options = serve_cli.gunicorn_options("::1", 8000, 3)
    assert options["workers"] == 3
    assert options["preload_app"] is False
    assert options["bind"] == ["[::1]:8000"]


def test_one_worker_or_no_fork_serves_with_waitress(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    seen: list[str] = []
    monkeypatch.setattr(serve_cli, "_waitress", lambda host, port: seen.append("waitress"))
    monkeypatch.setattr(serve_cli, "_gunicorn", lambda host, port, n: seen.append("gunicorn"))
    serve_cli.serve_app(Console(quiet=True), "127.0.0.1", 8000, workers=1)
    serve_cli.serve_app(Console(quiet=True), "127.0.0.1", 8000, workers=2)
    monkeypatch.setattr(serve_cli, "can_fork", lambda: False)  # as on Windows
    serve_cli.serve_app(Console(quiet=True), "127.0.0.1", 8000, workers=2)
    assert seen == ["waitress", "gunicorn", "waitress"]


def test_plain_names_until_the_files_are_collected(tmp_path: Path, settings: Any) -> None:
    settings.STATIC_ROOT = str(tmp_path)  # nothing collected there
    assert staticfiles_storage.url("common/site.css") == "/static/common/site.css"


@pytest.mark.parametrize(
    ("age", "url"), [(0, "common/site.0123abcd.css"), (1e9, "common/site.css")]
)
def test_hashed_names_only_from_a_current_collection(
    tmp_path: Path, settings: Any, age: float, url: str
) -> None:
    """A collection older than the files (an edit, an upgrade) must not serve stale ones."""
    manifest = tmp_path / "staticfiles.json"
    paths = {"common/site.css": "common/site.0123abcd.css"}
    manifest.write_text(json.dumps({"paths": paths, "version": "1.1"}), encoding="utf-8")
    when = time.time() + 60 - age  # just after every file, or long before
    os.utime(manifest, (when, when))
    settings.STATIC_ROOT = str(tmp_path)
    assert staticfiles_storage.url("common/site.css") == f"/static/{url}"
    assert staticfiles_storage.url("common/site.js") == "/static/common/site.js"  # not listed
