"""A county's own idle-asset ledger goes in with no mapping chosen (tests/data/ledgers).

Each ledger of the corpus is imported as ``microparks sites import LEDGER --region CODE``
into the demo county, and its outcome compared with ``expected.yaml`` (``ledgers:``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from microparks.cli.main import app
from tests.cli.test_sites_import_coordinates import qinglan  # noqa: F401 (fixture)

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "data" / "ledgers"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))["ledgers"]


def _import(name, *extra):
    args = ["sites", "import", str(CORPUS / name), "--region", "452999", *extra]
    return runner.invoke(app, args)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["idle_ledger.xlsx", "idle_ledger_gbk.csv"])
def test_a_bureau_ledger_imports_with_no_mapping(qinglan, name):  # noqa: F811
    from microparks.apps.sites.models import Site

    (case,) = EXPECTED[name]
    result = _import(name)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["created"] == case["rows"]
    for code, values in EXPECTED["idle_ledger.xlsx"][0]["values"].items():
        site = Site.objects.get(code=code)
        for key, expected in values.items():
            if key == "township":
                assert site.region.name == expected
            elif key == "location":
                assert site.geometry["type"] == "Point"
            elif isinstance(expected, float):
                assert getattr(site, key) == pytest.approx(expected, abs=0.01)
            else:
                assert getattr(site, key) == expected, (code, key)


@pytest.mark.django_db
def test_the_mistakes_of_a_real_ledger_are_named_and_nothing_is_written(qinglan):  # noqa: F811
    from microparks.apps.sites.models import Site

    english = _import("idle_ledger_bad.xlsx", "--lang", "en")
    assert english.exit_code == 1
    for problem in EXPECTED["idle_ledger_bad.xlsx"][0]["problems"]:
        line = f"row {problem['row']}, field '{problem['field']}': {problem['reason']}"
        assert line in english.stderr, english.stderr
    chinese = _import("idle_ledger_bad.xlsx")
    accepted = "国有 / 村集体 / 企业自有 / 私人 / 不详"
    assert f"第 4 行，字段“土地性质”：无法识别的取值；可填：{accepted} [公有]" in chinese.stderr
    assert not Site.objects.exists()


@pytest.mark.django_db
def test_an_unknown_township_is_named_once_the_values_are_right(qinglan, tmp_path):  # noqa: F811
    from openpyxl import load_workbook

    book = load_workbook(CORPUS / "idle_ledger.xlsx")
    book.active["D7"] = "龙潭镇"  # row 7: QL-XZ-004's township
    book.save(tmp_path / "ledger.xlsx")
    result = runner.invoke(
        app, ["sites", "import", str(tmp_path / "ledger.xlsx"), "--region", "452999"]
    )
    assert result.exit_code == 1
    assert (
        "第 7 行，字段“所在乡镇”：青岚县没有这个乡镇；所辖乡镇：青岚镇、长洲镇、六圩镇 [龙潭镇]"
        in result.stderr
    )


def test_the_reader_reports_the_skipped_rows_and_the_encoding():
    from microparks.io.ledger import read_sheet
    from microparks.io.rules.shipped import load_shipped

    words = load_shipped("vocabulary", "sites")
    sheet = read_sheet(CORPUS / "idle_ledger.xlsx", vocabulary=words)
    skipped = [{"row": s.row, "reason": s.reason} for s in sheet.skipped]
    assert skipped == EXPECTED["idle_ledger.xlsx"][0]["skipped"]
    gbk = read_sheet(CORPUS / "idle_ledger_gbk.csv", vocabulary=words)
    assert gbk.encoding == EXPECTED["idle_ledger_gbk.csv"][0]["encoding"]
    assert gbk.frame.equals(sheet.frame)
