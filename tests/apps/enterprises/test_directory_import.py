"""The enterprise directory import (企业名录): GBK CSV with no mapping, bad rows, round trip."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation
from openpyxl import load_workbook

from microparks.apps.attraction import directory_import as imports
from microparks.apps.enterprises.exports import enterprise_rows, export_enterprises
from microparks.apps.enterprises.models import Enterprise, EnterpriseImport
from microparks.apps.industries.services import load_industries
from microparks.io.county_tables import shipped_vocabulary
from microparks.io.errors import ImportValidationError
from microparks.io.template_kinds import template_for

pytestmark = pytest.mark.django_db
LEDGERS = Path(__file__).resolve().parents[2] / "data" / "ledgers"
EXPECTED = yaml.safe_load((LEDGERS / "expected.yaml").read_text(encoding="utf-8"))["firms"]


@pytest.fixture
def county(home: Any) -> Any:
    load_industries()
    return home


def test_a_gbk_directory_imports_with_no_mapping(county: Any) -> None:
    expected = EXPECTED["enterprises_gbk.csv"]
    plan = imports.check_enterprises(LEDGERS / "enterprises_gbk.csv", county.county)
    assert plan.errors == []
    assert plan.table.sheet.encoding == expected["encoding"]
    assert [s.row for s in plan.table.sheet.skipped] == expected["skipped"]
    assert plan.unused() == expected["unused"]  # the model keeps no such field
    record = imports.save_enterprises(plan, county.users["official"])
    assert (record.created_count, record.updated_count) == (expected["created"], 0)
    assert record.vocabulary is not None
    assert record.vocabulary.is_used()
    for name, values in expected["values"].items():
        firm = Enterprise.objects.get(name=name)
        assert firm.region == county.county
        for key, value in values.items():
            got = firm.industry.code if key == "industry" else getattr(firm, key)
            assert got == value, key


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_bad_rows_are_refused_by_row_and_column(county: Any, lang: str) -> None:
    before = Enterprise.objects.count()
    with translation.override(lang), pytest.raises(ImportValidationError) as refused:
        imports.import_enterprises(LEDGERS / "enterprises_bad_gbk.csv", county.county, None)
    assert (Enterprise.objects.count(), EnterpriseImport.objects.count()) == (before, 0)
    found = {(e.row, e.field): e for e in refused.value.errors}
    cases = EXPECTED["enterprises_bad_gbk.csv"]["problems"]
    assert set(found) == {(c["row"], c["field"]) for c in cases}
    with translation.override(lang):
        for case in cases:
            error = found[case["row"], case["field"]]
            assert error.value == case["value"]
            wanted = case["reason"] if lang == "en" else case["zh"]
            assert wanted in error.text(translation.gettext)


def test_a_code_of_another_countys_firm_is_refused_and_untouched(county: Any, other: Any) -> None:
    path = LEDGERS / "enterprises_gbk.csv"
    text = path.read_bytes().decode("gbk")
    from tests.data.ledgers.make_firms import credit_code

    theirs = other.enterprise.credit_code
    bad = text.replace(credit_code(12), theirs)
    target = Path(__file__).parent / "_other.csv"
    target.write_bytes(bad.encode("gbk"))
    try:
        with pytest.raises(ImportValidationError) as refused:
            imports.import_enterprises(target, county.county, None)
    finally:
        target.unlink()
    [error] = refused.value.errors
    assert (error.row, error.field, error.value) == (4, "统一社会信用代码", theirs)
    other.enterprise.refresh_from_db()
    assert other.enterprise.name == "other firm"


def _export_import(county: Any, tmp: Path, edit: dict[str, dict[str, Any]]) -> EnterpriseImport:
    with translation.override("zh-hans"):
        data = export_enterprises(
            Enterprise.objects.restrict(county.users["official"]),
            shipped_vocabulary("enterprises"),
            "zh",
            translation.gettext,
        )
        book = load_workbook(BytesIO(data))
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        columns = {c.key: c for c in template_for("enterprises").columns}
        for row in sheet.iter_rows(min_row=2):
            for key, value in edit.get(row[0].value, {}).items():
                cell = row[header.index(columns[key].header("zh"))]
                cell.value = columns[key].cell(value, "zh", translation.gettext)
        path = tmp / "企业名录.xlsx"
        book.save(path)
        return imports.import_enterprises(path, county.county, county.users["official"])


def test_export_then_import_unchanged_changes_nothing(county: Any, tmp_path: Path) -> None:
    imports.import_enterprises(LEDGERS / "enterprises_gbk.csv", county.county, None)
    before = enterprise_rows(Enterprise.objects.order_by("credit_code"))
    record = _export_import(county, tmp_path, {})
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 5)
    assert enterprise_rows(Enterprise.objects.order_by("credit_code")) == before


def test_export_edit_import_gives_the_edited_records(county: Any, tmp_path: Path) -> None:
    imports.import_enterprises(LEDGERS / "enterprises_gbk.csv", county.county, None)
    code = Enterprise.objects.get(name="青岚县顺发纺织厂").credit_code
    edit = {code: {"size": "medium", "contact_phone": "0771-5559999", "industry": "1711"}}
    record = _export_import(county, tmp_path, edit)
    assert (record.created_count, record.updated_count) == (0, 1)
    [row] = [r for r in enterprise_rows(Enterprise.objects.all()) if r["credit_code"] == code]
    assert (row["size"], row["contact_phone"], row["industry"]) == (
        "medium",
        "0771-5559999",
        "1711",
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ["enterprises", "prospects"])
def test_the_filled_in_template_imports_as_it_is(
    county: Any, tmp_path: Path, kind: str, lang: str
) -> None:
    from microparks.apps.attraction.imports import import_prospects
    from microparks.io.templates import write_template

    path = tmp_path / f"{kind}-{lang}.xlsx"
    with translation.override("en" if lang == "en" else "zh-hans"):
        write_template(template_for(kind), path, lang=lang, translate=translation.gettext)
        run = imports.import_enterprises if kind == "enterprises" else import_prospects
        record = run(path, county.county, None)
    assert (record.created_count, record.updated_count) == (1, 0)
