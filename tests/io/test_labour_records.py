"""A quarter's employment sheet read as counties keep it; the title's year and quarter checked."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from microparks.io.errors import ImportValidationError
from microparks.io.labour_records import NO_FIRM, read_employment_sheet
from microparks.io.labour_register_title import TITLE_QUARTER, TITLE_YEAR, title_period
from microparks.io.ledger import TOTAL_ROW, TitleCell

SHEET = (
    "青岚县2026年第三季度园区企业用工情况统计表\n"
    "填报单位：青岚县人社局,,,,,,单位：人、元\n"
    "序号,统一社会信用代码,企业名称,用工人数（人）,本地员工,脱贫户,月平均工资（元）\n"
    "1,91450101MA5L000001,甲公司,120,100,20,4200\n"
    "2,,乙公司,50,40,5,3800.5\n"
    "合计,,,170,140,25,\n"
)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "用工季报.csv"
    path.write_bytes(text.encode("gbk"))
    return path


def test_a_gbk_sheet_with_a_title_units_and_a_total_is_read(tmp_path: Path) -> None:
    sheet = read_employment_sheet(_write(tmp_path, SHEET), 2026, 3)
    assert [(r.row, r.credit_code, r.name) for r in sheet.rows] == [
        (4, "91450101MA5L000001", "甲公司"),
        (5, "", "乙公司"),
    ]
    first = sheet.rows[0].figures
    assert first is not None
    assert (first.headcount, first.local, first.poverty_alleviated) == (120, 100, 20)
    assert (first.year, first.quarter, first.wage_cny) == (2026, 3, Decimal("4200.00"))
    assert [(s.row, s.reason) for s in sheet.skipped] == [(6, TOTAL_ROW)]
    assert sheet.encoding == "GB18030"
    assert sheet.columns["local"] == "本地员工"


def test_each_bad_row_is_named_by_its_column(tmp_path: Path) -> None:
    text = SHEET.replace("2,,乙公司,50,40,5,3800.5", "2,,,50,60,5,0")
    with pytest.raises(ImportValidationError) as caught:
        read_employment_sheet(_write(tmp_path, text), 2026, 3)
    assert [(e.row, e.field, e.reason) for e in caught.value.errors] == [
        (5, "月平均工资（元）", "A firm that employs people pays an average wage above 0."),
        (5, "本地员工", "Local workers cannot exceed the headcount."),
        (5, "统一社会信用代码", NO_FIRM),
    ]


def test_a_title_of_another_year_or_quarter_is_refused_on_its_cell(tmp_path: Path) -> None:
    path = _write(tmp_path, SHEET)
    with pytest.raises(ImportValidationError) as caught:
        read_employment_sheet(path, 2025, 3)
    (error,) = caught.value.errors
    assert (error.row, error.field, error.reason) == (1, "A1", TITLE_YEAR)
    assert "2026" in error.line()
    assert "2025" in error.line()
    with pytest.raises(ImportValidationError) as caught:
        read_employment_sheet(path, 2026, 4)
    assert [e.reason for e in caught.value.errors] == [TITLE_QUARTER]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026年第三季度园区企业用工情况统计表", (2026, 3)),
        ("青岚县２０２６年农村劳动力资源台账", (2026, None)),
        ("2025年4季度用工情况", (2025, 4)),
        ("2026年Q1用工", (2026, 1)),
    ],
)
def test_the_title_period(text: str, period: tuple[int, int | None]) -> None:
    found = title_period([TitleCell(2, "B2", "填报单位：青岚县"), TitleCell(1, "A1", text)])
    assert found is not None
    assert (found.year, found.quarter) == period
    assert title_period([TitleCell(1, "A1", "农村劳动力资源台账")]) is None
