"""``microparks rules check`` and ``shipped``: a document file checked offline, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from microparks.cli.main import app
from microparks.io.rules import SHIPPED

runner = CliRunner()


def test_shipped_lists_and_prints_the_defaults(tmp_path: Path) -> None:
    listed = runner.invoke(app, ["rules", "shipped"])
    assert listed.exit_code == 0
    assert len(listed.output.splitlines()) == len(SHIPPED)
    printed = runner.invoke(app, ["rules", "shipped", "evaluation", "huangyan"])
    assert printed.exit_code == 0
    assert "黄岩区" in printed.output
    copy = tmp_path / "mine.yaml"
    copy.write_text(printed.output, encoding="utf-8")
    checked = runner.invoke(app, ["rules", "check", "evaluation", str(copy)])
    assert checked.exit_code == 0, checked.output
    assert "有效" in checked.output


@pytest.mark.parametrize("doc", SHIPPED, ids=lambda d: f"{d.kind}-{d.name}")
def test_every_shipped_document_checks(doc, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(doc.text(), encoding="utf-8")
    result = runner.invoke(app, ["rules", "check", doc.kind, str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output


def test_an_invalid_file_exits_1_naming_the_field_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("weights: {rent: 0.3, colour: 0.2}\n", encoding="utf-8")
    result = runner.invoke(app, ["rules", "check", "matching", str(path)])
    assert result.exit_code == 1
    assert f"{path}: weights: 未知的键 colour" in result.output
    english = runner.invoke(app, ["rules", "check", "matching", str(path), "--lang", "en"])
    assert f"{path}: weights: unknown keys colour" in english.output


def test_a_missing_file_and_a_wrong_kind(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["rules", "check", "matching", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1
    assert "无法读取" in missing.output
    usage = runner.invoke(app, ["rules", "check", "colours", str(tmp_path / "x.yaml")])
    assert usage.exit_code == 2


def test_the_desks_categories_are_the_deadline_documents(db) -> None:
    from microparks.apps.servicedesk.models import Ticket
    from microparks.core.servicedesk import CATEGORIES, PRIORITIES

    assert tuple(Ticket.Category.values) == CATEGORIES
    assert tuple(Ticket.Priority.values) == PRIORITIES


def test_a_gbk_file_checks(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("# 县里的权重\nweights: {rent: 0.5, suitability: 0.5}\n".encode("gbk"))
    result = runner.invoke(app, ["rules", "check", "matching", str(path)])
    assert result.exit_code == 0, result.output
