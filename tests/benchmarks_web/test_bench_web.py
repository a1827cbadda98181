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

from django.conf import global_settings
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "web" / "bench_web.py"


def test_smoke_run_answers_every_page(tmp_path: Path, transactional_db: Any, settings: Any) -> None:
    from microparks.demo.load import load_demo

    # The demo loaded here and copied as the benchmark's SQLite file (with the marker that
    # says it is built): a second Django start, migration check and load would cost the CI
    # about ten seconds more. Real password hashes: the server runs with its own settings.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    load_demo()
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
