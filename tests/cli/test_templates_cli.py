"""``microparks templates``: list the kinds, write a template that imports as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.io.evaluation_records import read_evaluation_records
from microparks.io.template_kinds import KINDS

runner = CliRunner()


def test_without_a_kind_lists_the_kinds_in_chinese():
    listed = runner.invoke(app, ["templates"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert [line.split("\t")[0] for line in lines] == list(KINDS)
    assert lines[0].startswith("sites\t闲置资产台账")
    english = runner.invoke(app, ["templates", "--lang", "en"])
    assert "Idle-asset ledger" in english.output


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_writes_a_workbook_with_chinese_headers(tmp_path: Path, kind: str):
    out = tmp_path / f"{kind}.xlsx"
    result = runner.invoke(app, ["templates", kind, "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[1] == "说明"
    first = book.worksheets[0]["A1"].value
    assert first.startswith("*")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in first)


def test_english_template_imports_through_the_reader(tmp_path: Path):
    out = tmp_path / "records.xlsx"
    result = runner.invoke(app, ["templates", "records", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).worksheets[0]["A1"].value == "*Unified social credit code"
    assert read_evaluation_records(out).credit_codes == ("91452999MA5KQ3L1XN",)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["templates", "ledger", "--out", "x.xlsx"], "unknown kind 'ledger'"),
        (["templates", "sites"], "--out"),
        (["templates", "sites", "--out", "x.csv"], ".xlsx"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_an_unwritable_file_exits_1(tmp_path: Path):
    result = runner.invoke(app, ["templates", "sites", "--out", str(tmp_path / "no" / "x.xlsx")])
    assert result.exit_code == 1
    assert "cannot write the file" in result.output
