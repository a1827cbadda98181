"""The 人社 labour register as counties keep it: no mapping chosen, every problem named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from microparks.io.errors import ImportFileError, ImportValidationError
from microparks.io.labour_register import (
    AGES_MORE_THAN_LABOUR,
    AMBIGUOUS_TOWNSHIP,
    AWAY_AND_HOME,
    MORE_THAN_LABOUR,
    SAME_PLACE,
    TOTAL_DIFFERS,
    UNKNOWN_TOWNSHIP,
    match_township,
    read_labour_register,
)
from microparks.io.labour_register_title import TITLE_YEAR
from microparks.io.ledger import TOTAL_ROW

TOWNSHIPS = {"452999101": "青岚镇", "452999102": "白石乡", "452999103": "瑶山瑶族乡"}
HEADER = [
    "序号",
    "乡镇",
    "村",
    "劳动力人数（人）",
    "外出务工人数（人）",
    "在家可就业人数（人）",
    "脱贫劳动力（人）",
    "监测对象（人）",
    "16-30岁",
    "31-45岁",
    "46-60岁",
    "60岁以上",
    "主要技能",
]


def _register(path: Path, rows: list[list[Any]]) -> Path:
    """A workbook as a county keeps it: a merged title, a unit line, then the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青岚县2026年农村劳动力资源登记汇总表"])
    sheet.merge_cells("A1:M1")
    sheet.append(["填报单位：青岚县人力资源和社会保障局", *[None] * 11, "单位：人"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD = [
    [1, "青岚镇", "东村", 500, 300, 120, 80, 5, 100, 150, 200, 50, "缝纫、电焊"],
    [2, None, "西村", 400, 200, 150, 60, 4, 80, 120, 150, 50, "种植"],  # township cell merged
    [None, "青岚镇", "小计", 900, 500, 270, 140, 9, 180, 270, 350, 100, None],
    [3, "白石", "白石村", 300, 150, 100, 40, 3, 60, 90, 100, 50, None],  # no 乡 suffix
    ["合计", None, None, 1200, 650, 370, 180, 12, 240, 360, 450, 150, None],
]


def test_a_register_as_kept_imports_with_no_mapping(tmp_path: Path) -> None:
    register = read_labour_register(_register(tmp_path / "登记表.xlsx", GOOD), TOWNSHIPS)
    # Title (1), unit line (2), header (3); data from row 4; 小计 on 6 and 合计 on 8 checked.
    assert [(r.row, r.township_code, r.village) for r in register.rows] == [
        (4, "452999101", "东村"),
        (5, "452999101", "西村"),
        (7, "452999102", "白石村"),
    ]
    east = register.rows[0]
    assert east.counts == {
        "labour": 500,
        "migrant": 300,
        "available": 120,
        "poverty_alleviated": 80,
        "monitored": 5,
        "age_16_30": 100,
        "age_31_45": 150,
        "age_46_60": 200,
        "age_over_60": 50,
    }
    assert east.skills == ("缝纫", "电焊")
    assert register.totals_checked == 2
    assert [(s.row, s.reason) for s in register.skipped] == [(6, TOTAL_ROW), (8, TOTAL_ROW)]
    assert register.columns["available"] == "在家可就业人数（人）"


def test_a_gbk_csv_of_townships_with_units_and_a_total(tmp_path: Path) -> None:
    text = (
        "青岚县2025年农村劳动力资源统计表\n"
        "乡镇,劳动力人数(人),外出务工人数(人),在家可就业人数(人),技能\n"
        "青岚镇,1000,600,300,缝纫/电子装配\n"
        "瑶山瑶族乡,800,500,250,\n"
        "合计,1800,1100,550,\n"
    )
    path = tmp_path / "pool.csv"
    path.write_bytes(text.encode("gbk"))
    register = read_labour_register(path, TOWNSHIPS)
    assert [(r.row, r.township_code, r.village) for r in register.rows] == [
        (3, "452999101", ""),
        (4, "452999103", ""),
    ]
    assert register.rows[0].counts == {"labour": 1000, "migrant": 600, "available": 300}
    assert register.rows[0].skills == ("缝纫", "电子装配")
    assert register.encoding == "GB18030"
    assert register.totals_checked == 1


def test_counts_in_ten_thousands_are_persons(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text(
        "乡镇,劳动力（万人）,在家可就业人数（万人）\n青岚镇,0.12,0.05\n", encoding="utf-8"
    )
    (row,) = read_labour_register(path, TOWNSHIPS).rows
    assert (row.counts["labour"], row.counts["available"]) == (1200, 500)


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_returned(tmp_path: Path) -> None:
    rows = [
        [1, "青岚镇", "东村", -5, None, 0, None, None, None, None, None, None, None],
        [2, "青岚镇", "西村", "约四百", None, 100, None, None, None, None, None, None, None],
        [3, "黑水镇", "黑水村", 300, None, 100, None, None, None, None, None, None, None],
        [4, "白石乡", "白石村", 300, None, 301, None, None, None, None, None, None, None],
        [5, "白石乡", "南村", 300, 200, 150, 10, None, None, None, None, None, None],
        [6, "白石乡", "北村", 100, None, 50, None, None, 60, 30, 20, 10, None],
        [7, "白石乡", "南村", 10, None, 5, None, None, None, None, None, None, None],
    ]
    with pytest.raises(ImportValidationError) as refused:
        read_labour_register(_register(tmp_path / "bad.xlsx", rows), TOWNSHIPS)
    found = {(e.row, e.field, e.reason) for e in refused.value.errors}
    impossible = "impossible value: must be %(bounds)s"
    assert found == {
        (4, "劳动力人数（人）", impossible),
        (5, "劳动力人数（人）", "not a number"),
        (6, "乡镇", UNKNOWN_TOWNSHIP),
        (7, "在家可就业人数（人）", MORE_THAN_LABOUR),
        (8, "在家可就业人数（人）", AWAY_AND_HOME),
        (9, "16-30岁", AGES_MORE_THAN_LABOUR),
        (10, "村", SAME_PLACE),
    }
    lines = [e.line() for e in refused.value.errors]
    assert "row 6, field '乡镇': no township of this name or code in the county [黑水镇]" in lines
    assert (
        "row 7, field '在家可就业人数（人）': more than the labour force of the row (300) [301]"
        in lines
    )
    assert "row 10, field '村': the same township and village are already on row 8 [南村]" in lines


def test_a_total_that_is_not_the_sum_of_its_rows_is_refused(tmp_path: Path) -> None:
    rows = [r[:] for r in GOOD]
    rows[-1][5] = 371  # 在家可就业 of 合计: the rows give 120 + 150 + 100 = 370
    with pytest.raises(ImportValidationError) as refused:
        read_labour_register(_register(tmp_path / "t.xlsx", rows), TOWNSHIPS)
    (error,) = refused.value.errors
    assert (error.row, error.field, error.reason) == (8, "在家可就业人数（人）", TOTAL_DIFFERS)
    assert error.text() == "the total is not the sum of its rows (370)"


def test_a_township_line_above_its_villages_is_their_subtotal(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "乡镇,村,劳动力人数,在家可就业人数\n青岚镇,,90,30\n青岚镇,东村,50,10\n青岚镇,西村,40,21\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportValidationError) as refused:
        read_labour_register(path, TOWNSHIPS)
    (error,) = refused.value.errors
    assert (error.row, error.field, error.params) == (2, "在家可就业人数", {"sum": 31})


def test_a_missing_column_is_named_on_the_header_row(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("标题\n乡镇,劳动力人数\n青岚镇,90\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as refused:
        read_labour_register(path, TOWNSHIPS)
    (error,) = refused.value.errors
    assert (error.row, error.field) == (2, "available")


def test_a_register_of_totals_only_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("乡镇,劳动力人数,在家可就业人数\n合计,90,30\n", encoding="utf-8")
    with pytest.raises(ImportFileError):
        read_labour_register(path, TOWNSHIPS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("青岚镇", ("452999101", "")),
        ("青岚", ("452999101", "")),
        (" 青 岚 镇 ", ("452999101", "")),
        ("452999102", ("452999102", "")),
        ("瑶山", ("452999103", "")),
        ("瑶山瑶族乡", ("452999103", "")),
        ("黑水镇", (None, UNKNOWN_TOWNSHIP)),
    ],
)
def test_township_names_with_or_without_their_suffix(
    text: str, expected: tuple[str | None, str]
) -> None:
    assert match_township(text, TOWNSHIPS) == expected


def test_a_name_two_townships_share_is_ambiguous() -> None:
    both = {"1": "石门镇", "2": "石门乡"}
    assert match_township("石门", both) == (None, AMBIGUOUS_TOWNSHIP)
    assert match_township("石门乡", both) == ("2", "")


def test_subtotals_written_in_the_township_or_number_column(tmp_path: Path) -> None:
    rows = [
        [1, "青岚镇", "东村", 500, None, 120, None, None, None, None, None, None, None],
        [2, None, "西村", 400, None, 150, None, None, None, None, None, None, None],
        [None, "青岚镇小计", None, 900, None, 270, None, None, None, None, None, None, None],
        [3, "白石乡", "白石村", 300, None, 100, None, None, None, None, None, None, None],
        ["小计", None, None, 300, None, 101, None, None, None, None, None, None, None],
        ["全县合计", None, None, 1200, None, 371, None, None, None, None, None, None, None],
    ]
    with pytest.raises(ImportValidationError) as refused:
        read_labour_register(_register(tmp_path / "s.xlsx", rows), TOWNSHIPS)
    # 白石乡's 小计 (in 序号, township merged above) says 101 of 100; the county's 371 of 370.
    assert [(e.row, e.field, e.params) for e in refused.value.errors] == [
        (8, "在家可就业人数（人）", {"sum": 100}),
        (9, "在家可就业人数（人）", {"sum": 370}),
    ]
    rows[4][5], rows[5][5] = 100, 370
    register = read_labour_register(_register(tmp_path / "t.xlsx", rows), TOWNSHIPS)
    assert register.totals_checked == 3
    assert [r.row for r in register.rows] == [4, 5, 7]


def test_a_two_row_header_with_merged_cells_maps_the_age_bands(tmp_path: Path) -> None:
    """年龄结构 merged over the four bands, 其中 over 脱贫劳动力 and 监测对象, others down."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青岚县2026年农村劳动力资源台账"])
    sheet.merge_cells("A1:K1")
    upper = ["乡镇", "村", "劳动力人数", "外出务工人数", "在家可就业人数", "其中", None, "年龄结构"]
    sheet.append([*upper, None, None, None])
    lower = ["脱贫劳动力", "监测对象", "16-30岁", "31-45岁", "46-60岁", "60岁以上"]
    sheet.append([None, None, None, None, None, *lower])
    for column in "ABCDE":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("F2:G2")
    sheet.merge_cells("H2:K2")
    sheet.append(["青岚镇", "东村", 500, 300, 120, 80, 5, 100, 150, 200, 50])
    sheet.append(["合计", None, 500, 300, 120, 80, 5, 100, 150, 200, 50])
    book.save(tmp_path / "台账.xlsx")
    register = read_labour_register(tmp_path / "台账.xlsx", TOWNSHIPS, year=2026)
    (row,) = register.rows
    assert (row.row, row.township_code, row.village) == (4, "452999101", "东村")
    assert row.counts == {
        "labour": 500,
        "migrant": 300,
        "available": 120,
        "poverty_alleviated": 80,
        "monitored": 5,
        "age_16_30": 100,
        "age_31_45": 150,
        "age_46_60": 200,
        "age_over_60": 50,
    }
    assert register.columns["age_16_30"] == "16-30岁"
    assert register.totals_checked == 1


def test_a_two_row_header_in_csv_with_repeated_and_blank_cells(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    path.write_text(
        "乡镇,劳动力人数,在家可就业人数,年龄结构,年龄结构,年龄结构,年龄结构\n"
        ",,,16-30岁,31-45岁,46-60岁,60岁以上\n"
        "青岚镇,500,120,100,150,200,50\n",
        encoding="utf-8",
    )
    (row,) = read_labour_register(path, TOWNSHIPS).rows
    assert [row.counts[k] for k in ("age_16_30", "age_31_45", "age_46_60", "age_over_60")] == [
        100,
        150,
        200,
        50,
    ]


def test_a_title_naming_another_year_is_refused_on_its_cell(tmp_path: Path) -> None:
    path = _register(tmp_path / "登记表.xlsx", GOOD)  # 青岚县2026年农村劳动力资源登记汇总表
    assert len(read_labour_register(path, TOWNSHIPS, year=2026).rows) == 3
    with pytest.raises(ImportValidationError) as caught:
        read_labour_register(path, TOWNSHIPS, year=2025)
    (error,) = caught.value.errors
    assert (error.row, error.field, error.reason) == (1, "A1", TITLE_YEAR)
    assert error.value == "青岚县2026年农村劳动力资源登记汇总表"
