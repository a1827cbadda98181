"""``migrate_database``: a new database built in one pass has the tables that ``migrate`` built
for the test database (the reference: pytest-django runs every migration to make it)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

BUILD = """
import json
import django
django.setup()
from microparks.cli.django_setup import migrate_database
print(json.dumps(migrate_database()))
"""
TABLES = "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"
INDEXES = "select name, tbl_name, sql from sqlite_master where type = 'index' and sql is not null"
DOCUMENTS = (
    "select kind, name, version, status, sha256 from rules_rulesdocument order by kind, name"
)


def _schema(cursor: Any) -> dict[str, Any]:
    """Columns (name, type, not null, default, key) and foreign keys of each table, in no
    order (the migrations' SQLite table rebuilds move columns), and the indexes."""
    out: dict[str, Any] = {}
    for (name,) in cursor.execute(TABLES).fetchall():
        columns = sorted(tuple(r[1:]) for r in cursor.execute(f'pragma table_info("{name}")'))
        keys = sorted(tuple(r[2:]) for r in cursor.execute(f'pragma foreign_key_list("{name}")'))
        out[name] = (columns, keys)
    out["(indexes)"] = sorted(cursor.execute(INDEXES).fetchall())
    return out


# A SQLite file of its own in a subprocess: the PostgreSQL stage leaves it out (engine_neutral);
# run against PostgreSQL by hand it has no SQLite reference to compare with, hence the skip.
@pytest.mark.engine_neutral
@pytest.mark.skipif(connection.vendor != "sqlite", reason="compares SQLite schemas")
@pytest.mark.django_db
def test_one_pass_builds_the_tables_migrate_builds(tmp_path: Path) -> None:
    db = tmp_path / "one-pass.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"MICROPARKS_DB": str(db), "DJANGO_SETTINGS_MODULE": "microparks.config.settings"}
    run = subprocess.run([sys.executable, "-c", BUILD], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) is True  # the one-pass path was taken
    fast = sqlite3.connect(db)
    with connection.cursor() as cursor:
        reference = _schema(cursor.cursor)  # the sqlite3 cursor under Django's wrapper
        applied = cursor.execute("select app, name from django_migrations").fetchall()
        documents = cursor.execute(DOCUMENTS).fetchall()
    assert _schema(fast.cursor()) == reference
    assert sorted(fast.execute("select app, name from django_migrations")) == sorted(applied)
    assert fast.execute(DOCUMENTS).fetchall() == documents
