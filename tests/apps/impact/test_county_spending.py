"""A county's own spending ledger through the impact page: imported as it is, or nothing.

The files are the ledger corpus's (tests/data/ledgers, written by make_evaluation.py): the
programme's 资金支出台账 with a title row, 序号, 金额（万元）, category synonyms (土地平整,
厂房修缮, 租金补贴), a 合计 row; the CSV form in GBK; and a bad form (inf, 1e400, NaN, a
negative amount, year 2150, an unknown category).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.impact.models import Spending

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "data" / "ledgers"


def _post(client, name: str, lang: str = "zh-hans"):
    file = SimpleUploadedFile(name, (CORPUS / name).read_bytes())
    url = reverse("impact:spending_import")
    return client.post(url, {"file": file}, HTTP_ACCEPT_LANGUAGE=lang, follow=True)  # the job


@pytest.mark.parametrize("name", ["spending_county.xlsx", "spending_county_gbk.csv"])
def test_county_spending_ledger_imports_in_yuan(client, home, name):
    client.force_login(home.users["official"])
    assert Spending.objects.count() == 0
    response = _post(client, name)
    assert "saved=3" in response.redirect_chain[-1][0], response.content.decode()[:2000]
    stored = sorted(Spending.objects.values_list("year", "category", "amount_cny"))
    assert stored == [
        (2022, "land_preparation", Decimal("1200000.00")),  # 120 万元
        (2023, "renovation", Decimal("855000.00")),  # 85.5 万元
        (2024, "rent_support", Decimal("123500.00")),  # 12.35 万元
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh-hans", ("金额（万元）", "不是有限的数字")),
        ("en", ("金额（万元）", "not a finite number")),
    ],
)
def test_bad_spending_ledger_writes_nothing(client, home, lang, expected):
    client.force_login(home.users["official"])
    Spending.objects.create(
        region=home.county, year=2021, category="other", amount_cny=1, source="earlier"
    )
    before = Spending.objects.count()
    response = _post(client, "spending_bad_gbk.csv", lang)
    assert response.status_code == 200
    assert Spending.objects.count() == before
    problems = {
        (p["row"], p["field"], p["value"]): p["reason"] for p in response.context["problems"]
    }
    assert len(problems) == 6
    column, reason = expected
    assert problems[(4, column, "1e400")] == reason
    assert (8, "项目类别", "招待费") in problems
    assert (7, "年度", "2150") in problems
