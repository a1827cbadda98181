"""``microparks admission check`` and ``validate``: files in, decision JSON out, no database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.io.admission import DEFAULT_RULE_SET

MICROPARKS = Path(sys.executable).parent / "microparks"
FURNITURE = {
    "name": "定制家具项目",
    "industry_codes": ["2110"],
    "annual_energy_tce": 150,
    "annual_electricity_kwh": 800000,
    "output_cny": 30000000,
    "water_m3": 5000,
    "emissions_t": {"cod": 0.5, "nh3_n": 0.05, "so2": 0.1, "nox": 0.2, "vocs": 1.0},
    "processes": ["cutting", "spray coating"],
    "materials": ["wood"],
    "hazardous_chemicals_t": 2,
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def check(runner, *args):
    return runner.invoke(app, ["admission", "check", *map(str, args)])


def test_check_prints_the_decision_as_json(runner, tmp_path):
    project = write(tmp_path, "p.json", FURNITURE)
    result = check(runner, "--enterprise", project, "--rules", DEFAULT_RULE_SET)
    assert result.exit_code == 0, result.output
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "admit"
    assert decision["rule_set_version"] == "2026.2"
    assert decision["energy_tier"] == "exempt"


def test_check_defaults_to_the_shipped_rules_and_takes_the_site_class(runner, tmp_path):
    project = write(tmp_path, "p.json", FURNITURE)
    result = check(runner, "--enterprise", project, "--site-sensitivity", "sensitive")
    decision = json.loads(result.stdout)
    assert (decision["outcome"], decision["eia_category"]) == (
        "admit_with_conditions",
        "report_form",
    )
    assert decision["site_sensitivity"] == "sensitive"


def test_check_takes_the_parks_positioning(runner, tmp_path):
    project = write(tmp_path, "p.json", FURNITURE)
    result = check(runner, "--enterprise", project, "--positioning", "13", "--positioning", "14")
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "refer"
    assert decision["fired"][0]["rule_id"] == "POS"


def test_check_names_missing_fields(runner, tmp_path):
    data = {k: v for k, v in FURNITURE.items() if k != "emissions_t"}
    result = check(runner, "--enterprise", write(tmp_path, "p.json", data))
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "refer"
    assert "emissions_t.cod" in decision["missing"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (FURNITURE | {"industry_codes": ["9999"]}, "unknown GB/T 4754 industry code '9999'"),
        (FURNITURE | {"annual_energy_tce": -1}, "annual_energy_tce: must be a finite number ≥ 0"),
        ("{broken", "not valid JSON"),
    ],
)
def test_check_refuses_bad_project_data(runner, tmp_path, data, message):
    result = check(runner, "--enterprise", write(tmp_path, "p.json", data))
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_check_refuses_a_malformed_rule_file(runner, tmp_path):
    rules = write(tmp_path, "r.yaml", "name: x\nversion: '1'\ncaps:\n  - {id: C, limit: 1}")
    result = check(runner, "--enterprise", write(tmp_path, "p.json", FURNITURE), "--rules", rules)
    assert result.exit_code == 1
    assert "caps[0].indicator: missing" in result.stderr


def test_check_unknown_site_class(runner, tmp_path):
    result = check(
        runner, "--enterprise", write(tmp_path, "p.json", FURNITURE), "--site-sensitivity", "x"
    )
    assert result.exit_code == 1
    assert "unknown site class 'x'" in result.stderr


def test_validate(runner, tmp_path):
    ok = runner.invoke(app, ["admission", "validate", str(DEFAULT_RULE_SET)])
    assert ok.exit_code == 0
    assert "microparks-default 2026.2: valid" in ok.stdout
    bad = write(tmp_path, "r.yaml", "name: x\nversion: '1'\nnegative_list:\n  - {id: A}")
    result = runner.invoke(app, ["admission", "validate", str(bad)])
    assert result.exit_code == 1
    assert "negative_list[0].codes" in result.stderr


def test_installed_command_runs_end_to_end(tmp_path):
    steel = write(tmp_path, "s.json", {"name": "炼铁", "industry_codes": ["3110"]})
    done = subprocess.run(
        [MICROPARKS, "admission", "check", "--enterprise", steel],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    decision = json.loads(done.stdout)
    assert decision["outcome"] == "reject"
    assert decision["fired"][0]["rule_id"] == "TH-steel"
