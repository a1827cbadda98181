"""The "download the template" links of the import pages: who may, and what they give.

One view per kind, in the app that owns the import, checked like the import page itself.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from microparks.apps.impact.models import Spending
from tests.apps.evaluation.helpers import add_tenant, campaign

pytestmark = pytest.mark.django_db


def book_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def headers(book) -> list[str]:
    return [c.value for c in book.worksheets[0][1]]


def test_anonymous_users_are_sent_to_sign_in(client, home):
    draft = campaign(home)
    for url in (
        reverse("suitability:import_template"),
        reverse("evaluation:tax_bureau_template", args=[draft.pk]),
        reverse("evaluation:power_template", args=[draft.pk]),
        reverse("impact:spending_template"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response["Location"]


@pytest.mark.parametrize("role", ["investment", "park_manager", "handler", "enterprise"])
def test_other_roles_are_refused_like_the_import_page(client, home, role):
    draft = campaign(home)
    client.force_login(home.users[role])
    for url in (
        reverse("suitability:import_template"),
        reverse("evaluation:tax_bureau_template", args=[draft.pk]),
        reverse("impact:spending_template"),
    ):
        assert client.get(url).status_code == 403, url


def test_another_countys_campaign_is_not_found(client, home, other):
    client.force_login(home.users["official"])
    foreign = campaign(other)
    assert client.get(reverse("evaluation:power_template", args=[foreign.pk])).status_code == 404


def test_ledger_template_has_chinese_headers_by_default_and_english_on_request(client, home):
    client.force_login(home.users["official"])
    url = reverse("suitability:import_template")
    book = book_of(client.get(url))
    assert headers(book)[:5] == ["*地块编号", "*地块名称", "所在乡镇", "地址", "*占地面积（亩）"]
    assert book.sheetnames[1] == "说明"
    assert book["说明"]["A1"].value == "闲置资产台账 — 填表说明"
    english = book_of(client.get(url, {"lang": "en"}))
    assert headers(english)[:2] == ["*Asset code", "*Name"]
    assert english["Instructions"]["A1"].value == "Idle-asset ledger — Instructions"
    page = client.get(reverse("suitability:upload")).content.decode()
    assert url in page
    assert "下载模板" in page


def test_bureau_templates_hold_the_campaigns_firms(client, home):
    tenant = add_tenant(home, 1, 100_000)
    draft = campaign(home)
    client.force_login(home.users["official"])
    book = book_of(client.get(reverse("evaluation:tax_bureau_template", args=[draft.pk])))
    assert headers(book) == ["*统一社会信用代码", "企业名称", "*年度", "*实缴税收（万元）"]
    rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows(min_row=2)]
    assert [tenant.credit_code, tenant.name, draft.year, None] in rows
    power = book_of(client.get(reverse("evaluation:power_template", args=[draft.pk])))
    assert headers(power)[-1] == "*用电量（万千瓦时）"
    page = client.get(reverse("evaluation:review", args=[draft.pk])).content.decode()
    assert reverse("evaluation:power_template", args=[draft.pk]) in page


def test_spending_template_imports_back_through_the_page(client, home):
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:spending_template"))
    book = book_of(response)
    assert headers(book)[:3] == ["*年度", "*类别", "*金额（万元）"]
    upload = SimpleUploadedFile("spending-template.xlsx", response.content)
    client.post(reverse("impact:spending_import"), {"file": upload})
    (row,) = Spending.objects.filter(region=home.county)
    assert (row.year, row.category, float(row.amount_cny)) == (2025, "renovation", 1_800_000.0)
    assert (
        reverse("impact:spending_template") in client.get(reverse("impact:county")).content.decode()
    )
