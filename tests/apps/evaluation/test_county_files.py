"""A county's own files through the evaluation pages: imported as they are, or nothing written.

The files are the ledger corpus's (tests/data/ledgers, written by make_evaluation.py): the
industry bureau's 亩均 sheet, the tax bureau's and the power company's files, with title rows,
序号, units in the headers (万元, 亩, 万千瓦时), 合计 rows, GBK CSV. Their credit codes are those
of the test tenants 1–3.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.enterprises.models import AnnualRecord
from tests.apps.evaluation.helpers import add_tenant, campaign, credit_code, refused

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "data" / "ledgers"


@pytest.fixture
def draft(home, other):
    for i in (1, 2, 3):
        add_tenant(home, i, 100_000)
    return campaign(home)


def _figures() -> list[tuple[str, float, float, int]]:
    return [
        (r.enterprise.credit_code, float(r.tax_cny), float(r.electricity_kwh), r.jobs)
        for r in AnnualRecord.objects.filter(
            year=2024, enterprise__credit_code__in=[credit_code(i) for i in (1, 2, 3)]
        ).order_by("enterprise__credit_code")
    ]


def _post(client, url: str, name: str, **data: str):
    """Upload the corpus file ``name`` and follow to the job's outcome (run at once in tests)."""
    file = SimpleUploadedFile(name, (CORPUS / name).read_bytes())
    return client.post(url, {"file": file, **data}, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")


def _lines(response) -> list[str]:
    """The refusal's problems as the job's page lists them, one ``row, column: reason [value]``."""
    return [
        f"第 {row} 行，字段“{field}”：{reason}" + (f" [{value}]" if value else "")
        for row, field, value, reason in sorted(refused(response))
    ]


@pytest.mark.parametrize("name", ["records_county.xlsx", "records_county_gbk.csv"])
def test_county_records_sheet_imports_in_base_units(client, home, draft, name):
    client.force_login(home.users["official"])
    page = _post(client, reverse("evaluation:records_upload", args=[draft.pk]), name)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0].endswith("?imported=3")  # the job, then the campaign
    taxes = {code: (tax, kwh, jobs) for code, tax, kwh, jobs in _figures()}
    assert sorted(taxes.values()) == [
        (180_000.0, 228_000.0, 45),  # 18 万元, 22.8 万千瓦时
        (456_000.0, 3_100_000.0, 210),
        (1_205_000.0, 952_000.0, 86),  # 120.5 万元, 95.2 万千瓦时
    ]


def test_bad_county_records_sheet_writes_nothing_and_names_cells_in_chinese(client, home, draft):
    client.force_login(home.users["official"])
    before = _figures()
    page = _post(
        client, reverse("evaluation:records_upload", args=[draft.pk]), "records_bad_gbk.csv"
    )
    text = "\n".join(_lines(page))
    assert _figures() == before
    assert "第 3 行，字段“实缴税金（万元）”：数值不合理" in text
    assert "第 4 行，字段“用电量（万千瓦时）”：不是有限的数字 [1e400]" in text
    assert "第 8 行，字段“是否规上”" in text
    assert "[不确定]" in text


def test_bureau_files_import_and_bad_ones_write_nothing(client, home, draft):
    client.force_login(home.users["official"])
    url = reverse("evaluation:bureau_upload", args=[draft.pk])
    _post(client, url, "tax_bureau.xlsx", source="tax_bureau")
    _post(client, url, "power_company_gbk.csv", source="power")
    after = _figures()
    assert [(tax, kwh) for _c, tax, kwh, _j in after] == [
        (1_205_000.0, 952_000.0),
        (180_000.0, 228_000.0),
        (456_000.0, 3_100_000.0),
    ]
    page = _post(client, url, "power_bad_gbk.csv", source="power")
    assert _figures() == after
    text = "\n".join(_lines(page))
    assert "第 6 行，字段“年度”：数值不合理" in text
    assert "第 7 行，字段“统一社会信用代码”：不是有效的统一社会信用代码" in text


def test_a_records_check_names_the_files_row_and_column(client, home, draft):
    """The record's own checks (jobs below local jobs) point at the cell in the county's sheet."""
    client.force_login(home.users["official"])
    AnnualRecord.objects.filter(enterprise__credit_code=credit_code(2)).update(
        jobs=70, local_jobs=60
    )
    before = _figures()
    page = _post(
        client, reverse("evaluation:records_upload", args=[draft.pk]), "records_county.xlsx"
    )
    assert _figures() == before
    text = "\n".join(_lines(page))
    assert "第 5 行，字段“年平均职工人数”" in text, text
