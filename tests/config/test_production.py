"""Production mode: `check --deploy` is clean, and the demo (published passwords) is refused."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from microparks.apps.accounts.services import DemoRefusedError, check_demo_allowed
from microparks.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server as the deployment guide sets it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MICROPARKS_")}
    clean.pop("DATABASE_URL", None)
    # the browser tests' process sets it for Playwright's event loop; a server never has it
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return {
        **clean,
        "MICROPARKS_ENV": "production",
        "MICROPARKS_SECRET_KEY": secrets.token_urlsafe(50),
        "MICROPARKS_ALLOWED_HOSTS": "parks.example.gov.cn",
        "MICROPARKS_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "MICROPARKS_DATA_DIR": str(tmp_path),
        **extra,
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )


def test_check_deploy_has_no_warnings(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_production_requires_the_second_factor_for_administrators(tmp_path: Path) -> None:
    code = "from django.conf import settings as s; print(s.ADMIN_SECOND_FACTOR, s.DEBUG)"
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="microparks.config.settings")
    result = run([sys.executable, "-c", f"import django; django.setup(); {code}"], env)
    assert result.stdout.split() == ["True", "False"], result.stderr


def test_the_demo_command_refuses_in_production(tmp_path: Path) -> None:
    """The real command in a production process: exit 1, one line, nothing written."""
    db = tmp_path / "county.sqlite3"
    args = [sys.executable, "-m", "microparks.cli.main", "demo", "--no-serve", "--db", str(db)]
    zh = run(args, production_env(tmp_path))
    assert zh.returncode == 1, zh.stdout + zh.stderr
    assert "生产模式" in zh.stderr
    assert "--training-server" in zh.stderr
    assert "Traceback" not in zh.stderr
    assert not db.exists() or db.stat().st_size == 0  # no table, no demo account
    en = run([*args, "--lang", "en"], production_env(tmp_path))
    assert en.returncode == 1
    assert "Production mode (MICROPARKS_ENV=production) does not load the demo" in en.stderr


def test_the_loader_itself_refuses_in_production(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.TRAINING_SERVER = False
    from microparks.demo.load import load_demo

    with pytest.raises(DemoRefusedError, match="published passwords"):
        load_demo()
    check_demo_allowed(training_server=True)  # the explicit flag of a training server
    settings.TRAINING_SERVER = True
    check_demo_allowed()  # or its setting (MICROPARKS_TRAINING_SERVER=1)


def test_in_process_refusal_leaves_the_database_alone(settings: Any, db: Any) -> None:
    from microparks.apps.accounts.models import User

    settings.PRODUCTION = True
    settings.TRAINING_SERVER = False
    result = CliRunner().invoke(app, ["demo", "--no-serve"])
    assert result.exit_code == 1
    assert not User.objects.filter(username__startswith="demo_").exists()


def test_outside_production_the_demo_is_allowed(settings: Any) -> None:
    settings.PRODUCTION = False
    check_demo_allowed()
