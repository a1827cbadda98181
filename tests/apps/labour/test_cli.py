"""``microparks labour import-pool``: the register in, a version out; bad rows named, exit 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from microparks.apps.labour.models import PoolEntry, PoolVersion
from microparks.cli.main import app
from tests.apps.labour.helpers import ROWS, register_bytes

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _run(path: Path, *extra: str) -> Any:
    return runner.invoke(
        app, ["labour", "import-pool", str(path), "--county", "450101", "--year", "2026", *extra]
    )


def test_a_register_imports_as_version_1_then_2(tmp_path: Path, home: Any, qinglan: Any) -> None:
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(register_bytes())
    result = _run(path)
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("county", "year", "version", "rows", "totals_checked")} == {
        "county": "450101",
        "year": 2026,
        "version": 1,
        "rows": 3,
        "totals_checked": 1,
    }
    assert json.loads(_run(path).stdout)["version"] == 2
    assert PoolEntry.objects.count() == 6


def test_bad_rows_are_named_in_chinese_and_english_and_nothing_is_written(
    tmp_path: Path, home: Any, qinglan: Any
) -> None:
    rows = [r[:] for r in ROWS]
    rows[1][5] = 401  # 西村: 在家可就业 401 of 400
    path = tmp_path / "bad.xlsx"
    path.write_bytes(register_bytes(rows))
    english = _run(path, "--lang", "en")
    assert english.exit_code == 1
    assert (
        "bad.xlsx: row 4, field '在家可就业人数（人）': more than the labour force of the row "
        "(400) [401]" in english.stderr
    )
    assert "Traceback" not in english.stderr
    chinese = _run(path)
    assert chinese.exit_code == 1
    assert "超过本行劳动力人数（400）" in chinese.stderr
    assert PoolVersion.objects.count() == 0


def test_usage_errors_exit_2(tmp_path: Path, home: Any) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(register_bytes())
    assert _run(tmp_path / "none.xlsx").exit_code == 2
    assert (
        runner.invoke(app, ["labour", "import-pool", str(path), "--county", "450101"]).exit_code
        == 2
    )
    unknown = runner.invoke(
        app, ["labour", "import-pool", str(path), "--county", "999999", "--year", "2026"]
    )
    assert unknown.exit_code == 2
    assert "999999" in unknown.stderr
