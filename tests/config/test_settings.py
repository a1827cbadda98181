"""Settings: secret key handling, production guards, SQLite tuning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MICROPARKS_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "import microparks.config.settings as s; print(s.SECRET_KEY)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_generated_once_into_data_dir(tmp_path: Path) -> None:
    first = import_settings({"MICROPARKS_DATA_DIR": str(tmp_path)})
    second = import_settings({"MICROPARKS_DATA_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_requires_secret_key(tmp_path: Path) -> None:
    result = import_settings({"MICROPARKS_DATA_DIR": str(tmp_path), "MICROPARKS_ENV": "production"})
    assert result.returncode != 0
    assert "MICROPARKS_SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_requires_allowed_hosts(tmp_path: Path) -> None:
    result = import_settings(
        {"MICROPARKS_ENV": "production", "MICROPARKS_SECRET_KEY": "x" * 50}
        | {"MICROPARKS_DATA_DIR": str(tmp_path)}
    )
    assert "MICROPARKS_ALLOWED_HOSTS must be set" in result.stderr


def test_debug_off_by_default() -> None:
    from django.conf import settings

    assert settings.DEBUG is False
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_sqlite_file_runs_in_wal_mode_with_busy_timeout(tmp_path: Path) -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='microparks.config.settings';"
        "django.setup(); from django.db import connection as c; cur = c.cursor();"
        "cur.execute('PRAGMA journal_mode'); print(cur.fetchone()[0]);"
        "cur.execute('PRAGMA busy_timeout'); print(cur.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env = clean | {"MICROPARKS_DATA_DIR": str(tmp_path), "MICROPARKS_DB": str(tmp_path / "x.db")}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000"]
