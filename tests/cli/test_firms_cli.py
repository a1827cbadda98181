"""``microparks enterprises import`` and ``prospects import`` take a county's own files.

The directory (GBK CSV) and the project ledger (xlsx with title row, 序号, 万元/亩, 合计) of
tests/data/ledgers go in with no mapping (exit 0); their faulty twins are refused row by row
and column in Chinese by default and in English with ``--lang en`` (exit 1), nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from microparks.cli.main import app

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "data" / "ledgers"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))["firms"]
COMMANDS = {
    "enterprises": ("enterprises_gbk.csv", "enterprises_bad_gbk.csv"),
    "prospects": ("projects_ledger.xlsx", "projects_ledger_bad.xlsx"),
}


@pytest.fixture
def county(home: Any) -> Any:
    from microparks.apps.industries.services import load_industries

    load_industries()
    return home


def _run(command: str, name: str, *extra: str) -> Any:
    args = [command, "import", str(CORPUS / name), "--region", "450101", *extra]
    return runner.invoke(app, args)


@pytest.mark.django_db
@pytest.mark.parametrize("command", COMMANDS)
def test_a_countys_file_imports_with_no_mapping(county: Any, command: str) -> None:
    good, _bad = COMMANDS[command]
    result = _run(command, good)
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["created"], summary["updated"]) == (EXPECTED[good]["created"], 0)
    again = json.loads(_run(command, good).stdout)  # the same file again changes nothing
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)


@pytest.mark.django_db
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_rows_are_named_in_chinese_and_english(county: Any, command: str) -> None:
    from microparks.apps.attraction.models import Prospect
    from microparks.apps.enterprises.models import Enterprise

    _good, bad = COMMANDS[command]
    problems = EXPECTED[bad]["problems"]
    english = _run(command, bad, "--lang", "en")
    assert english.exit_code == 1
    for p in problems:
        line = f"{bad}: row {p['row']}, field '{p['field']}': {p['reason']}"
        assert line in english.stderr, english.stderr
    assert "Traceback" not in english.stderr
    chinese = _run(command, bad)
    assert chinese.exit_code == 1
    for p in problems:
        assert f"第 {p['row']} 行" in chinese.stderr or f"第{p['row']}行" in chinese.stderr
        assert p["zh"] in chinese.stderr
    assert (Prospect.objects.count(), Enterprise.objects.count()) == (1, 1)  # the fixtures only


@pytest.mark.django_db
def test_usage_errors_exit_2(county: Any) -> None:
    assert _run("prospects", "no_such_file.xlsx").exit_code == 2
    result = runner.invoke(
        app, ["enterprises", "import", str(CORPUS / "enterprises_gbk.csv"), "--region", "999999"]
    )
    assert result.exit_code == 2
    assert "999999" in result.stderr
