"""``benchmarks/web/bench_web.py --smoke``: the benchmark runs end to end at 1x on SQLite
(production settings, sign-in through the login form, every page of both roles) and every
page answers 200, the GeoJSON repeat 304 when it has an ETag. No timing is asserted."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "web" / "bench_web.py"


def test_smoke_run_answers_every_page(tmp_path: Path, transactional_db: Any, settings: Any) -> None:
    from microparks.apps.accounts.models import User
    from microparks.demo.load import load_demo

    # The demo loaded here and copied as the benchmark's SQLite file (with the marker that
    # says it is built): a second Django start, migration check and load would cost the CI
    # about ten seconds more. The two accounts the benchmark signs in with get a PBKDF2 hash
    # the server's own settings accept, of few iterations (the fixtures' MD5 is not among them;
    # the default cost would take seconds).
    load_demo()
    hasher = PBKDF2PasswordHasher()
    for username, password in [
        ("demo_official", "Qinglan-official-2026"),
        ("demo_enterprise", "Qinglan-enterprise-2026"),
    ]:
        encoded = hasher.encode(password, hasher.salt(), iterations=1000)
        User.objects.filter(username=username).update(password=encoded)
    data = tmp_path / "sqlite-1x"
    data.mkdir()
    target = sqlite3.connect(data / "microparks.sqlite3")
    connection.connection.backup(target)
    target.close()
    (data / "built-1x").write_text("loaded by the test")
    out = tmp_path / "figures.json"
    command = [sys.executable, str(BENCH), "--smoke", "--scale", "1", "--db", "sqlite"]
    command += ["--per-client", "1", "--data-dir", str(tmp_path), "--results", "-"]
    command += ["--json", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (run,) = json.loads(out.read_text("utf-8"))
    pages = {(p["role"], p["page"]): p for p in run["pages"]}
    assert ("official", "/sites/") in pages
    assert ("tenant", "/servicedesk/portal/") in pages
    for page in pages.values():
        assert page["errors"] == 0, page
        assert page["requests"] == 2, page
        expected = "304" if page["etag"] and "If-None-Match" in page["page"] else "200"
        assert page["statuses"] == {expected: 2}, page
