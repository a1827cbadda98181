"""Excel templates: the headers, lists and instructions a county sees, and the round trip.

Every template, filled with its example row, must import as it is — no mapping chosen —
through the reader its import uses, in Chinese and in English.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from microparks.cli.translation import translator
from microparks.core.vocabulary import Bounds, FieldWords, Vocabulary
from microparks.io.evaluation_files import read_bureau_figures
from microparks.io.evaluation_records import read_evaluation_records
from microparks.io.ledger import read_ledger, read_sheet
from microparks.io.rules.shipped import load_shipped
from microparks.io.spending import read_spending
from microparks.io.template_kinds import KINDS, template_for
from microparks.io.templates import TemplateColumn, template_bytes, write_template

LANGS = ("zh", "en")


def written(tmp_path: Path, kind: str, lang: str, **options) -> Path:
    path = tmp_path / f"{kind}-{lang}.xlsx"
    write_template(
        template_for(kind), path, lang=lang, translate=translator(lang).gettext, **options
    )
    return path


def headers(path: Path) -> list[str]:
    return [c.value for c in load_workbook(path).worksheets[0][1]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_template_reads_back_through_the_reading_layer(tmp_path, kind, lang):
    path = written(tmp_path, kind, lang)
    vocabulary = load_shipped("vocabulary", KINDS[kind].vocabulary)
    sheet = read_sheet(path, vocabulary=vocabulary)
    assert sheet.header_row == 1
    assert list(sheet.frame.index) == [2]  # the example row, as numbered in the sheet
    ledger = read_ledger(sheet.frame, vocabulary, context={"next_year": 2100})
    assert ledger.errors == ()
    template = template_for(kind)
    assert set(ledger.columns) == {c.key for c in template.columns}  # every header recognised
    got = ledger.frame.iloc[0].to_dict()
    for column in template.columns:
        if column.example is None:
            assert got[column.key] is None
        elif column.kind == "text" and not isinstance(column.example, str):
            assert float(got[column.key]) == pytest.approx(column.example)
        else:
            assert got[column.key] == pytest.approx(column.example), column.key


@pytest.mark.parametrize("lang", LANGS)
def test_sites_template_imports_through_the_site_reader(tmp_path, lang):
    from microparks.io.spatial import read_layer

    vocabulary = load_shipped("vocabulary", "sites")  # as the import passes it
    frame = read_layer(written(tmp_path, "sites", lang), vocabulary=vocabulary).frame
    assert frame["code"].tolist() == ["QL-2025-001"]
    assert frame["land_area_m2"].tolist() == pytest.approx([12000.0])
    assert frame["kind"].tolist() == ["vacant_factory"]
    assert frame["condition"].tolist() == ["fair"]
    point = frame.geometry.iloc[0]
    assert (point.x, point.y) == pytest.approx((108.321475, 23.451238))


@pytest.mark.parametrize("lang", LANGS)
def test_records_template_imports_through_the_records_reader(tmp_path, lang):
    records = read_evaluation_records(written(tmp_path, "records", lang))
    assert records.credit_codes == ("91452999MA5KQ3L1XN",)
    assert records.inputs["land_m2"][0] == pytest.approx(20000.0)
    assert records.inputs["tax_cny"][0] == pytest.approx(1_250_000.0)
    assert records.inputs["electricity_kwh"][0] == pytest.approx(1_150_000.0)
    assert records.inputs["jobs"][0] == 86
    assert bool(records.inputs["above_size"][0]) is True


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("kind", "figure"), [("tax-bureau", "tax_cny"), ("power", "electricity_kwh")]
)
def test_bureau_templates_import_through_the_bureau_reader(tmp_path, kind, figure, lang):
    path = written(tmp_path, kind, lang)
    figures = read_bureau_figures(path.read_bytes(), path.name)
    assert figures.credit_codes == ("91452999MA5KQ3L1XN",)
    assert figures.years.tolist() == [2025]
    expected = {"tax_cny": 1_250_000.0, "electricity_kwh": 1_150_000.0}[figure]
    assert getattr(figures, figure)[0] == pytest.approx(expected)


@pytest.mark.parametrize("lang", LANGS)
def test_spending_template_imports_through_the_spending_reader(tmp_path, lang):
    (row,) = read_spending(written(tmp_path, "spending", lang))
    assert (row.year, row.category, float(row.amount_cny)) == (2025, "renovation", 1_800_000.0)
    assert row.park == ""


def test_chinese_headers_carry_the_unit_and_mark_required_columns(tmp_path):
    sites = headers(written(tmp_path, "sites", "zh"))
    assert sites[:5] == ["*地块编号", "*地块名称", "所在乡镇", "地址", "*占地面积（亩）"]
    assert "建筑面积（平方米）" in sites
    assert "供电容量（千伏安）" in sites
    records = headers(written(tmp_path, "records", "zh"))
    assert "*实缴税金（万元）" in records
    assert "*用电量（万千瓦时）" in records
    english = headers(written(tmp_path, "sites", "en"))
    assert english[:5] == ["*Asset code", "*Name", "Township", "Address", "*Land area (mu)"]


def test_example_values_are_in_the_units_of_the_header(tmp_path):
    sheet = load_workbook(written(tmp_path, "sites", "zh")).worksheets[0]
    row = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert row["*占地面积（亩）"] == 18  # 12000 m² = 18 亩
    assert row["*资产类型"] == "闲置厂房"
    assert row["土地权属"] == "国有"
    assert row["道路条件"] == "县道"
    records = load_workbook(written(tmp_path, "records", "zh")).worksheets[0]
    values = dict(zip([c.value for c in records[1]], [c.value for c in records[2]], strict=True))
    assert values["*实缴税金（万元）"] == 125
    assert values["*用地面积（亩）"] == 30


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_drop_down_lists_hold_labels_the_reader_takes_back(tmp_path, kind, lang):
    book = load_workbook(written(tmp_path, kind, lang))
    data = book.worksheets[0]
    vocabulary = load_shipped("vocabulary", KINDS[kind].vocabulary)
    coded = {c.key: c for c in template_for(kind).columns if c.choices}
    rules = {str(dv.sqref).split(":")[0][:-1]: dv for dv in data.data_validations.dataValidation}
    assert len(rules) == len(coded)
    for i, column in enumerate(template_for(kind).columns, start=1):
        if column.key not in coded:
            continue
        rule = rules[data.cell(1, i).column_letter]
        assert rule.type == "list"
        assert rule.errorStyle == "warning"
        labels = _list_values(book, rule.formula1)
        assert labels == list(column.accepted(lang, translator(lang).gettext))
        words: FieldWords = vocabulary.fields[column.key]
        assert [words.code_of(label) for label in labels] == list(words.codes)


def _list_values(book, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, cells = formula.split("!")
    first, last = cells.replace("$", "").split(":")
    column = book[sheet.strip("'")]
    return [c.value for (c,) in column[f"{first}:{last}"]]


def test_wordy_lists_go_to_a_hidden_sheet_after_the_instructions(tmp_path):
    book = load_workbook(written(tmp_path, "sites", "en"))  # "Good, usable as is" has a comma
    assert book.sheetnames == ["Idle assets", "Instructions", "lists"]
    assert book["lists"].sheet_state == "hidden"
    chinese = load_workbook(written(tmp_path, "sites", "zh"))
    assert chinese.sheetnames == ["闲置资产", "说明"]


def test_data_sheet_is_frozen_sized_and_formatted(tmp_path):
    sheet = load_workbook(written(tmp_path, "records", "zh")).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].number_format == "@"  # the credit code stays text
    assert sheet.column_dimensions["A"].width >= 18
    year = next(c.column_letter for c in sheet[1] if c.value == "成立年份")
    assert sheet[f"{year}2"].number_format == "0"
    assert sheet["A1"].comment is not None  # the column's note


def test_instructions_explain_each_column_in_chinese(tmp_path):
    sheet = load_workbook(written(tmp_path, "sites", "zh"))["说明"]
    text = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "闲置资产台账" in text
    assert "必填" in text
    assert "可选" in text
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    area = rows["*占地面积（亩）"]
    assert area[1] == "必填"
    assert area[2] == "亩"
    assert "平方米" in area[3]
    assert area[5] == Bounds(above=0, high=15000).describe("亩")  # 10 km² in 亩
    assert rows["土地权属"][4] == "国有、村集体、企业自有、私人、不详"


def test_prefilled_rows_convert_base_units_and_flags(tmp_path):
    rows = [
        {
            "credit_code": "91452999MA5KQ3L1XN",
            "above_size": 0,
            "land_m2": 6666.67,
            "tax_cny": 400_000.0,
            "jobs": 12.0,
            "is_utility": True,
        },
    ]
    path = written(tmp_path, "records", "zh", rows=rows)
    sheet = load_workbook(path).worksheets[0]
    values = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert values["*是否规上"] == "规下企业"
    assert values["是否公用事业企业"] == "是"
    assert values["*实缴税金（万元）"] == 40
    assert values["*年平均职工人数（人）"] == 12
    assert sheet.max_row == 2  # no example row beside real ones


def test_a_countys_own_vocabulary_gives_its_own_headers():
    words = FieldWords("tax_cny", ("纳税额", "实缴税金"), "number", "money", "元", label="tax paid")
    own = Vocabulary({"tax_cny": words})
    template = KINDS["tax-bureau"].template(own)
    assert [c.key for c in template.columns] == ["tax_cny"]  # fields it lacks are left out
    assert template.columns[0].header("zh") == "*纳税额（万元）"
    book = load_workbook(io.BytesIO(template_bytes(template)))
    assert book.worksheets[0]["A2"].value == 125


def test_a_bad_value_in_a_filled_template_names_row_column_value_and_reason(tmp_path):
    path = written(tmp_path, "sites", "zh")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = next(c.column_letter for c in sheet[1] if c.value == "土地权属")
    sheet[f"{column}2"] = "国营"
    book.save(path)
    vocabulary = load_shipped("vocabulary", "sites")
    ledger = read_ledger(read_sheet(path, vocabulary=vocabulary).frame, vocabulary)
    (error,) = ledger.errors
    assert (error.row, error.field, error.value) == (2, "土地权属", "国营")
    listed = " / ".join(_list_values(book, _rule_of(sheet, column).formula1))
    assert error.text(translator("zh").gettext) == f"无法识别的取值；可填：{listed}"


def _rule_of(sheet, letter: str):
    return next(dv for dv in sheet.data_validations.dataValidation if str(dv.sqref)[0] == letter)


def test_a_column_without_a_unit_or_choices():
    column = TemplateColumn("name", "名称", "Name")
    assert column.header("zh") == "名称"
    assert column.header("en") == "Name"
    assert column.cell(None, "zh") is None
    assert column.cell("厂", "zh") == "厂"
