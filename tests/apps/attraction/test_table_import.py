"""The project ledger import (招商项目台账): a county's file, the pipeline's rules, round trip."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation
from openpyxl import load_workbook

from microparks.apps.attraction import imports
from microparks.apps.attraction.exports import prospect_rows
from microparks.apps.attraction.funnel import build_funnel, check_commitments, export_workbook
from microparks.apps.attraction.models import Prospect, ProspectImport, StageTransition
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.industries.services import load_industries
from microparks.core.units import M2_PER_MU
from microparks.io.errors import ImportValidationError

pytestmark = pytest.mark.django_db
LEDGERS = Path(__file__).resolve().parents[2] / "data" / "ledgers"
EXPECTED = yaml.safe_load((LEDGERS / "expected.yaml").read_text(encoding="utf-8"))["firms"]


@pytest.fixture
def county(home: Any) -> Any:
    load_industries()
    return home


def test_the_investment_offices_ledger_imports_as_it_is(county: Any) -> None:
    expected = EXPECTED["projects_ledger.xlsx"]
    plan = imports.check_prospects(LEDGERS / "projects_ledger.xlsx", county.county)
    assert plan.errors == []
    assert [s.row for s in plan.table.sheet.skipped] == expected["skipped"]
    assert "年用电量（万千瓦时）" in plan.unused()
    record = imports.save_prospects(plan, county.users["investment"])
    assert (record.created_count, record.updated_count) == (expected["created"], 0)
    assert record.vocabulary is not None
    assert record.vocabulary.is_used()
    for name, values in expected["values"].items():
        p = Prospect.objects.get(name=name)
        assert p.owner == county.users["investment"]
        for key, value in values.items():
            assert _value(p, key) == pytest.approx(value), key


def _value(p: Prospect, key: str) -> Any:
    if key == "industry":
        return p.industry.code
    if key == "credit_code":
        return p.enterprise.credit_code if p.enterprise else None
    value = getattr(p, key)
    return float(value) if isinstance(value, Decimal) else value


def test_stages_move_through_the_services(county: Any) -> None:
    imports.import_prospects(
        LEDGERS / "projects_ledger.xlsx", county.county, county.users["official"]
    )
    moved = StageTransition.objects.filter(prospect__name="电子元器件组装项目")
    assert [(t.from_stage, t.to_stage, t.by) for t in moved] == [
        ("lead", "admission", county.users["official"])
    ]
    firm = Enterprise.objects.get(name="广西桂香食品有限公司")
    assert (firm.region, firm.industry.code) == (county.county, "1431")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_bad_rows_are_refused_by_row_and_column_with_nothing_written(
    county: Any, lang: str
) -> None:
    before = (Prospect.objects.count(), Enterprise.objects.count(), StageTransition.objects.count())
    with translation.override(lang), pytest.raises(ImportValidationError) as refused:
        imports.import_prospects(LEDGERS / "projects_ledger_bad.xlsx", county.county, None)
    after = (Prospect.objects.count(), Enterprise.objects.count(), StageTransition.objects.count())
    assert after == before
    assert ProspectImport.objects.count() == 0
    found = {(e.row, e.field): e for e in refused.value.errors}
    cases = EXPECTED["projects_ledger_bad.xlsx"]["problems"]
    assert set(found) == {(c["row"], c["field"]) for c in cases}
    for case in cases:
        error = found[case["row"], case["field"]]
        assert error.value == case["value"]
        if lang == "en":
            assert case["reason"] in error.text()
        else:
            with translation.override(lang):
                assert case["zh"] in error.text(translation.gettext)


def test_a_stage_the_services_refuse_is_refused_by_row(county: Any) -> None:
    imports.import_prospects(LEDGERS / "projects_ledger.xlsx", county.county, None)
    with pytest.raises(ImportValidationError) as refused:
        _import_edited(county, {"电子元器件组装项目": {"stage": "paying_tax"}})
    [error] = refused.value.errors
    assert (error.field, error.value) == ("跟进阶段", "已纳税")
    assert "准入审查" in error.text()
    assert "已纳税" in error.text()


def test_another_countys_projects_and_firms_are_never_touched(county: Any, other: Any) -> None:
    other.prospect.name = "年产5000吨米粉加工项目"
    other.prospect.save()
    Enterprise.objects.filter(pk=other.enterprise.pk).update(credit_code=_code_of_row(1))
    with pytest.raises(ImportValidationError) as refused:
        imports.import_prospects(LEDGERS / "projects_ledger.xlsx", county.county, None)
    [error] = refused.value.errors
    assert (error.row, error.field) == (3, "统一社会信用代码")
    assert "another region" in error.text()
    other.prospect.refresh_from_db()
    assert other.prospect.investment_cny == 0  # unchanged


def _code_of_row(i: int) -> str:
    from tests.data.ledgers.make_firms import credit_code

    return credit_code(i)


def _export(county: Any) -> bytes:
    with translation.override("zh-hans"):
        prospects = Prospect.objects.filter(region=county.county)
        return export_workbook(prospects, build_funnel(prospects), check_commitments(prospects))


def _import_edited(county: Any, edits: dict[str, dict[str, Any]], tmp: Path | None = None) -> Any:
    """Export, change the cells named by field key, and import the workbook again."""
    book = load_workbook(BytesIO(_export(county)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    from microparks.io.template_kinds import template_for

    columns = {c.key: c for c in template_for("prospects").columns}
    with translation.override("zh-hans"):
        for row in sheet.iter_rows(min_row=2):
            name = row[header.index("*项目名称")].value
            for key, value in edits.get(name, {}).items():
                column = columns[key]
                cell = row[header.index(column.header("zh"))]
                cell.value = column.cell(value, "zh", translation.gettext)
    out = BytesIO()
    book.save(out)
    path = Path(__file__).parent / "_edited.xlsx" if tmp is None else tmp
    path.write_bytes(out.getvalue())
    try:
        with translation.override("zh-hans"):
            return imports.import_prospects(path, county.county, county.users["official"])
    finally:
        path.unlink(missing_ok=True)


def test_export_then_import_unchanged_changes_nothing(county: Any, tmp_path: Path) -> None:
    imports.import_prospects(LEDGERS / "projects_ledger.xlsx", county.county, None)
    before = prospect_rows(Prospect.objects.order_by("name"))
    record = _import_edited(county, {}, tmp_path / "export.xlsx")
    assert (record.created_count, record.updated_count) == (0, 0)
    assert record.unchanged_count == Prospect.objects.filter(region=county.county).count()
    assert prospect_rows(Prospect.objects.order_by("name")) == before


def test_export_edit_import_gives_the_edited_records(county: Any, tmp_path: Path) -> None:
    imports.import_prospects(LEDGERS / "projects_ledger.xlsx", county.county, None)
    edits = {
        "竹木工艺品加工项目": {"investment_cny": 9_500_000.0, "stage": "admission"},
        "纺织服装产业园配套项目": {"land_area_min_m2": 60 * M2_PER_MU, "notes": "二次洽谈"},
    }
    record = _import_edited(county, edits, tmp_path / "edited.xlsx")
    assert (record.created_count, record.updated_count) == (0, 2)
    bamboo = Prospect.objects.get(name="竹木工艺品加工项目")
    assert (bamboo.investment_cny, bamboo.stage) == (Decimal("9500000.00"), "admission")
    textile = Prospect.objects.get(name="纺织服装产业园配套项目")
    assert textile.land_area_min_m2 == pytest.approx(40000)
    assert textile.notes == "二次洽谈"
    # the records equal the edited export, row for row
    again = load_workbook(BytesIO(_export(county))).worksheets[0]
    rows = {r[0]: r for r in again.iter_rows(min_row=2, values_only=True)}
    assert rows["竹木工艺品加工项目"][8] == 950  # 万元
