"""Reading a county's own tables: title rows, Chinese headers, totals, encodings, units, codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from microparks.core.units import M2_PER_MU
from microparks.io.errors import ImportFileError
from microparks.io.ledger import BLANK_ROW, NOTE_ROW, TOTAL_ROW, decode_csv, read_ledger, read_sheet
from microparks.io.rules.shipped import load_shipped

VOCABULARY = load_shipped("vocabulary", "sites")

HEADER = ["序号", "地块编号", "地块名称", "所在乡镇", "占地面积（亩）", "建筑面积(㎡)", "土地性质",
          "资产类型", "房屋状况", "利用状态", "经度", "纬度", "备注"]  # fmt: skip
ROWS = [
    [1, "XZ-001", "城东闲置地块", "城关镇", 12.5, 0, "国有土地", "闲置土地", "净地", "闲置",
     117.1, 31.2, ""],
    [2, "XZ-002", "原纺织厂", "南河镇", "30", "8,000", "集体", "空置厂房", "一般", "部分闲置",
     117.2, 31.3, "屋顶需修"],
]  # fmt: skip


def ledger_workbook(path: Path) -> Path:
    """A bureau's ledger: a merged title row, a unit line, the header, two rows, a total, a note."""
    book = Workbook()
    ws = book.active
    ws.title = "闲置土地台账"
    ws.append(["某某县闲置土地和闲置厂房台账"])
    ws.merge_cells("A1:M1")
    ws.append(
        ["填报单位：某某县自然资源局", None, None, None, None, None, None, "单位：亩、平方米"]
    )
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws.append([None] * 13)
    ws.append(["合计", None, None, None, 42.5, 8000])
    ws.append(["注：面积以不动产登记为准。"])
    book.save(path)
    return path


def test_a_ledger_with_titles_totals_and_notes_reads_under_its_header(tmp_path: Path) -> None:
    sheet = read_sheet(ledger_workbook(tmp_path / "台账.xlsx"), vocabulary=VOCABULARY)
    assert sheet.header_row == 3
    assert sheet.dropped == ("序号",)
    assert list(sheet.frame.index) == [4, 5]
    assert [(s.row, s.reason) for s in sheet.skipped] == [
        (6, BLANK_ROW),
        (7, TOTAL_ROW),
        (8, NOTE_ROW),
    ]
    assert sheet.frame.loc[4, "地块编号"] == "XZ-001"
    assert sheet.frame.loc[4, "占地面积（亩）"] == "12.5"


def test_headers_values_and_units_become_our_fields_in_base_units(tmp_path: Path) -> None:
    sheet = read_sheet(ledger_workbook(tmp_path / "台账.xlsx"), vocabulary=VOCABULARY)
    ledger = read_ledger(sheet.frame, VOCABULARY, context={"next_year": 2027})
    assert ledger.errors == ()
    frame = ledger.frame
    assert frame.loc[4, "code"] == "XZ-001"
    assert frame.loc[4, "land_area_m2"] == pytest.approx(12.5 * M2_PER_MU)
    assert frame.loc[5, "land_area_m2"] == pytest.approx(30 * M2_PER_MU)
    assert frame.loc[5, "floor_area_m2"] == pytest.approx(8000)
    assert list(frame["ownership"]) == ["state", "collective"]
    assert list(frame["kind"]) == ["idle_land", "vacant_factory"]
    assert list(frame["condition"]) == ["vacant_land", "fair"]
    assert list(frame["status"]) == ["idle", "idle"]
    assert list(frame["township"]) == ["城关镇", "南河镇"]
    assert ledger.columns["land_area_m2"] == "占地面积（亩）"
    assert ledger.units == {"land_area_m2": "亩", "floor_area_m2": "m2"}


def test_an_unknown_value_names_row_column_value_and_the_accepted_labels() -> None:
    frame = read_sheet("编号,土地性质\nA,国有\nB,公有\n".encode(), "a.csv").frame
    ledger = read_ledger(frame, VOCABULARY)
    (error,) = ledger.errors
    assert (error.row, error.field, error.value) == (3, "土地性质", "公有")
    assert "State-owned" in error.text()
    assert "Village collective" in error.text()
    chinese = {
        "State-owned": "国有",
        "unknown value; accepted: %(accepted)s": "未知取值；可用：%(accepted)s",
    }
    assert error.text(lambda s: chinese.get(s, s)).startswith("未知取值；可用：国有")


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("1e15", "impossible value"),  # 1e15 m² is no site
        ("0", "impossible value"),
        ("-3", "impossible value"),
        ("inf", "not a number"),
        ("1e400", "not a finite number"),
        ("nan", "not a number"),
        ("十二", "not a number"),
        ("12 英亩", "unknown unit"),
    ],
)
def test_implausible_areas_are_refused(cell: str, reason: str) -> None:
    frame = read_sheet(f"编号,面积\nA,{cell}\n".encode(), "a.csv").frame
    (error,) = read_ledger(frame, VOCABULARY).errors
    assert error.row == 2
    assert error.field == "面积"
    assert reason in error.text()


def test_units_come_from_the_header_the_cell_or_a_unit_column() -> None:
    text = "编号,面积,单位,用地面积（公顷）\nA,15,亩,1\nB,1500,平方米,0.5\nC,2亩,,2\n"
    frame = read_sheet(text.encode(), "a.csv").frame
    ledger = read_ledger(frame, VOCABULARY)
    assert ledger.errors == ()
    assert list(ledger.frame["land_area_m2"]) == pytest.approx([10_000, 1500, 2 * M2_PER_MU])


def test_years_must_lie_between_1949_and_next_year() -> None:
    frame = read_sheet("编号,建成年份\nA,1948\nB,2026\nC,2030\nD,2001.5\n".encode(), "a.csv").frame
    errors = read_ledger(frame, VOCABULARY, context={"next_year": 2027}).errors
    assert [(e.row, e.field) for e in errors] == [(2, "建成年份"), (4, "建成年份"), (5, "建成年份")]


def test_a_saved_mapping_wins_over_recognised_headers() -> None:
    frame = read_sheet("名称,别名,面积\nA,甲,1\n".encode(), "a.csv").frame
    ledger = read_ledger(frame, VOCABULARY, mapping={"name": "别名"})
    assert ledger.frame.loc[2, "name"] == "甲"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_csv_in_gbk_or_utf8_is_decoded_and_the_encoding_reported(encoding: str) -> None:
    raw = "地块编号,地块名称,土地性质\nXZ-1,城东闲置地块,国有\n".encode(encoding)
    sheet = read_sheet(raw, "台账.csv", vocabulary=VOCABULARY)
    assert sheet.frame.loc[2, "地块名称"] == "城东闲置地块"
    assert sheet.encoding == {"gbk": "GB18030", "gb18030": "GB18030"}.get(
        encoding, encoding.upper()
    )


def test_decode_csv_refuses_binary_noise() -> None:
    with pytest.raises(ImportFileError):
        decode_csv(bytes(range(256)) * 4)


def test_a_two_row_header_is_merged(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["地块编号", "面积", None, "土地性质"])
    ws.append([None, "占地面积（亩）", "建筑面积（平方米）", None])
    ws.append(["A", 3, 100, "国有"])
    book.save(tmp_path / "t.xlsx")
    sheet = read_sheet(tmp_path / "t.xlsx", vocabulary=VOCABULARY)
    ledger = read_ledger(sheet.frame, VOCABULARY)
    assert ledger.errors == ()
    assert ledger.frame.loc[3, "land_area_m2"] == pytest.approx(3 * M2_PER_MU)
    assert ledger.frame.loc[3, "floor_area_m2"] == pytest.approx(100)


def test_an_instructions_sheet_is_passed_over(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "填表说明"
    book.active.append(["请按模板填写"])
    data = book.create_sheet("台账")
    data.append(["地块编号", "占地面积（亩）"])
    data.append(["A", 1])
    book.save(tmp_path / "t.xlsx")
    sheet = read_sheet(tmp_path / "t.xlsx", vocabulary=VOCABULARY)
    assert sheet.sheet == "台账"
    assert sheet.frame.loc[2, "地块编号"] == "A"


def test_files_that_are_not_tables_are_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a readable workbook"):
        read_sheet(b"PK\x03\x04 broken", "a.xlsx")
    with pytest.raises(ImportFileError, match="unsupported table type"):
        read_sheet(b"", "a.pdf")
    with pytest.raises(ImportFileError, match="empty"):
        read_sheet(b"\n\n", "a.csv")


def test_the_range_is_told_in_the_unit_the_file_uses() -> None:
    frame = read_sheet("编号,占地面积（亩）,建筑面积\nA,1e15,-1\n".encode(), "a.csv").frame
    errors = read_ledger(frame, VOCABULARY).errors
    assert [e.text() for e in errors] == [
        "impossible value: must be > 0, ≤ 15,000 亩",  # 10 km² in the 亩 of the header
        "impossible value: must be ≥ 0, ≤ 10,000,000 m²",  # no unit given: square metres
    ]
