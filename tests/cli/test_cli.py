"""``microparks demo``, ``summary`` and ``serve``: in-process on the test database, and end to
end in subprocesses on a temporary SQLite file."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.demo import generate_demo
from microparks.demo.load import load_demo

MICROPARKS = Path(sys.executable).parent / "microparks"
DEMO = generate_demo()
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
LATEST_JOBS = sum(r.jobs for r in DEMO.records if r.year == DEMO.years[-1])


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


def run(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(MICROPARKS), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def env(tmp_path):
    out = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out["MICROPARKS_DATA_DIR"] = str(tmp_path / "data")
    out["COLUMNS"] = "160"
    return out


@pytest.mark.django_db
def test_summary_json_in_process(loaded):
    result = CliRunner().invoke(app, ["summary", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["parks"] == 5
    assert data["tenants"] == 45
    assert data["jobs"] == LATEST_JOBS > 3000
    assert data["rural_jobs"] <= data["local_jobs"] <= data["jobs"]
    assert data["land_in_use_mu"] == pytest.approx(data["land_in_use_m2"] / (10000 / 15), abs=0.01)
    assert [y["year"] for y in data["trend"]] == list(DEMO.years)


@pytest.mark.django_db
def test_summary_table_in_process(loaded):
    result = CliRunner().invoke(app, ["summary"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert f"{LATEST_JOBS:,}" in result.output
    assert str(DEMO.years[-1]) in result.output


@pytest.mark.django_db
def test_db_option_cannot_switch_a_running_django(loaded, tmp_path):
    environ = dict(os.environ)
    result = CliRunner().invoke(app, ["summary", "--db", str(tmp_path / "other.sqlite3")])
    assert result.exit_code == 2
    assert "--db" in result.output
    assert dict(os.environ) == environ


def test_summary_on_an_empty_database_says_what_to_do(tmp_path, env):
    result = run("summary", "--db", str(tmp_path / "empty.sqlite3"), env=env)
    assert result.returncode == 1
    assert "microparks demo" in result.stderr


@pytest.mark.engine_neutral  # its own SQLite file, in subprocesses
def test_demo_then_summary_then_serve_end_to_end(tmp_path, env):
    db = tmp_path / "demo" / "demo.sqlite3"  # the folder does not exist yet
    result = run("demo", "--no-serve", "--db", str(db), env=env)
    assert result.returncode == 0, result.stderr
    for user in DEMO.users:
        assert user.username in result.stdout
        assert user.password in result.stdout
    assert "http://127.0.0.1:8000/" in result.stdout
    assert db.exists()

    summary = run("summary", "--json", "--db", str(db), env=env)
    assert summary.returncode == 0, summary.stderr
    data = json.loads(summary.stdout)
    assert (data["parks"], data["tenants"], data["jobs"]) == (5, 45, LATEST_JOBS)

    assert _earliest_follow_up(db) > dt.date.today() - dt.timedelta(days=1)  # dated as loaded

    again = run(
        "demo", "--no-serve", "--db", str(db), "--port", "8123", "--today", "2027-01-04", env=env
    )
    assert again.returncode == 0, again.stderr
    assert "http://127.0.0.1:8123/" in again.stdout
    assert json.loads(run("summary", "--json", "--db", str(db), env=env).stdout) == data
    assert _earliest_follow_up(db) > dt.date(2027, 1, 4)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [str(MICROPARKS), "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = _get(f"http://127.0.0.1:{port}/login/", server)
        assert "csrfmiddlewaretoken" in page
    finally:
        server.terminate()
        server.wait(timeout=20)


def _earliest_follow_up(db: Path) -> dt.date:
    with closing(sqlite3.connect(db)) as con:
        (day,) = con.execute("SELECT min(next_follow_up) FROM attraction_prospect").fetchone()
    return dt.date.fromisoformat(day)


def _get(url: str, server: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with NO_PROXY.open(url, timeout=5) as response:
                assert response.status == 200
                return response.read().decode()
        except OSError:
            if server.poll() is not None:
                message = server.stderr.read() if server.stderr else "server died"
                raise AssertionError(message) from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
