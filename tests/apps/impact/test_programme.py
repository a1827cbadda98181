"""Programme cost–benefit on the impact pages: spending model, form, import; roles and regions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.impact.models import Spending
from microparks.core.impact import SPENDING_CATEGORIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, settings):
    settings.IMPACT_TABLE = ""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _history(county, official):
    """Records 2022–2024 (tax 100k, 300k, 400k; jobs 40, 60, 80) and 600k of spending."""
    rec = county.record
    for year, tax, jobs in ((2022, 100_000, 40), (2023, 300_000, 60)):
        AnnualRecord.objects.create(
            enterprise=county.enterprise, year=year, output_cny=1, value_added_cny=1,
            revenue_cny=1, tax_cny=tax, jobs=jobs, local_jobs=jobs, rural_jobs=0,
            wages_cny=rec.wages_cny, electricity_kwh=1, energy_tce=1, water_t=1,
        )  # fmt: skip
    Spending.objects.create(
        region=county.county, park=county.park, year=2022, category="land_preparation",
        amount_cny=500_000, source="县府办〔2022〕1号", entered_by=official,
    )  # fmt: skip
    Spending.objects.create(
        region=county.county, year=2023, category="rent_support", amount_cny=100_000,
        source="budget line 2023-7",
    )  # fmt: skip


def test_categories_are_the_cores():
    assert tuple(Spending.Category.values) == SPENDING_CATEGORIES


def test_county_cost_benefit_by_hand(client, home, other):
    _history(home, home.users["official"])
    _history(other, other.users["official"])  # never counted for home users
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:county"), {"discount_rate": "10"})
    assert response.status_code == 200
    p = response.context["programme"]
    assert [y["year"] for y in p.years] == [2022, 2023, 2024]
    assert p.categories == ["land_preparation", "rent_support"]
    # net per year: -400k, +200k, +400k; cumulative -400k, -200k, +200k
    assert [y["balance"] for y in p.years] == [-400_000, -200_000, 200_000]
    assert p.gross.total_cost == 600_000
    assert p.gross.payback_year == 2024
    assert p.gross.discounted_payback_year == 2024
    assert p.gross.npv == pytest.approx(-400_000 + 200_000 / 1.1 + 400_000 / 1.21)  # 112,396.69
    assert p.gross.cost_per_job == pytest.approx(7_500)  # 600k over peak 80 jobs
    assert p.gross.cost_per_job_year == pytest.approx(600_000 / 180)
    # net of the default additionality 0.8 × 0.9 × 0.75 = 0.54: tax 54k, 162k, 216k
    assert p.factor == pytest.approx(0.54)
    assert p.net.payback_year is None  # cumulative -446k, -384k, -168k
    assert p.net.npv == pytest.approx(-446_000 + 62_000 / 1.1 + 216_000 / 1.21)
    text = response.content.decode()
    assert "Programme cost–benefit" in text
    assert "11.2" in text  # in 万元, one decimal: 112,396.69 元
    assert "discount rate 10.0%" in text


def test_park_page_counts_only_the_parks_spending(client, home):
    _history(home, home.users["official"])
    client.force_login(home.users["park_manager"])
    response = client.get(reverse("impact:park", args=[home.park.pk]), {"discount_rate": "10"})
    p = response.context["programme"]
    assert p.gross.total_cost == 500_000
    assert p.gross.npv == pytest.approx(-400_000 + 300_000 / 1.1 + 400_000 / 1.21)
    assert "not on a park" in response.content.decode()
    # the park manager's county page sees the park's spending only (not county-wide amounts)
    county = client.get(reverse("impact:county")).context["programme"]
    assert county.gross.total_cost == 500_000
    assert not response.context["may_enter"]


def test_tax_share_and_no_spending(client, home):
    client.force_login(home.users["official"])
    assert client.get(reverse("impact:county")).context["programme"] is None
    _history(home, home.users["official"])
    p = client.get(reverse("impact:county"), {"tax_share": "0.5"}).context["programme"]
    assert p.gross.total_tax == pytest.approx(400_000)  # half of 800k
    assert p.gross.payback_year is None


ADD = {"year": "2024", "category": "services", "amount_cny": "80000", "source": "note"}


def test_add_spending_permissions(client, home, other):
    url = reverse("impact:spending_add")
    response = client.post(url, ADD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    for role in ("investment", "park_manager", "enterprise", "handler"):
        client.force_login(home.users[role])
        assert client.post(url, ADD).status_code == 403, role
    client.force_login(home.users["official"])
    assert client.get(url).status_code == 405
    # another county's park: not a choice, nothing stored; another county's page: 404
    bad = client.post(url, ADD | {"park": other.park.pk})
    assert bad.status_code == 200
    assert bad.context["spending_form"].errors
    assert client.post(url, ADD | {"page_park": other.park.pk}).status_code == 404
    assert not Spending.objects.exists()
    ok = client.post(url, ADD | {"park": home.park.pk, "page_park": home.park.pk})
    assert ok.status_code == 302
    assert ok["Location"].startswith(reverse("impact:park", args=[home.park.pk]))
    row = Spending.objects.get()
    assert (row.region, row.park, row.entered_by) == (
        home.county,
        home.park,
        home.users["official"],
    )
    assert row.amount_cny == Decimal("80000")


def test_invalid_amount_is_refused(client, home):
    client.force_login(home.users["official"])
    response = client.post(reverse("impact:spending_add"), ADD | {"amount_cny": "-5"})
    assert response.status_code == 200
    assert "amount_cny" in response.context["spending_form"].errors
    assert not Spending.objects.exists()


def _upload(text: str, name: str = "spending.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_atomic_with_row_errors(client, home, other):
    url = reverse("impact:spending_import")
    client.force_login(home.users["investment"])
    assert client.post(url, {"file": _upload("year\n")}).status_code == 403
    client.force_login(home.users["official"])
    good = '年度,类别,金额,园区编码,依据\n2022,土地整理,"1,200,000",home-P1,县府办〔2022〕3号\n'
    good += "2023,rent_support,90000,,预算2023\n"
    bad = good + "abc,renovation,1,,y\n2024,gifts,-1,,\n"
    response = client.post(url, {"file": _upload(bad)}, follow=True)  # through the import job
    assert response.status_code == 200
    found = {(p["row"], p["field"]) for p in response.context["problems"]}
    assert {(4, "年度"), (5, "类别"), (5, "金额"), (5, "依据")} <= found  # the file's columns
    foreign = good + f"2023,subsidy,5000,{other.park.code},x\n"
    page = client.post(url, {"file": _upload(foreign)}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    (problem,) = page.context["problems"]  # another county's park
    assert (problem["row"], problem["field"], problem["value"]) == (4, "园区编码", other.park.code)
    assert problem["reason"] == "本县没有此编码的园区"
    assert not Spending.objects.exists()  # nothing of the file is stored
    response = client.post(url, {"file": _upload(good)}, follow=True)
    assert response.redirect_chain[-1][0].endswith("?saved=2#cost-benefit")
    land = Spending.objects.get(category="land_preparation")
    assert (land.park, land.amount_cny, land.year) == (home.park, Decimal("1200000"), 2022)
    again = client.post(url, {"file": _upload(good)}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert {p["reason"] for p in again.context["problems"]} == {"this amount is already recorded"}
    assert Spending.objects.count() == 2


def test_import_of_a_huge_amount_is_a_row_problem(client, home):
    """1e308 once broke the decimal field with a server error: now the row names it."""
    client.force_login(home.users["official"])
    text = "年度,类别,金额,依据\n2023,rent_support,1e308,预算\n2023,rent_support,inf,预算\n"
    url = reverse("impact:spending_import")
    page = client.post(url, {"file": _upload(text)}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert page.status_code == 200
    assert {(p["row"], p["field"]) for p in page.context["problems"]} == {(2, "金额"), (3, "金额")}
    assert not Spending.objects.exists()


def test_spending_file_too_large_is_refused_naming_the_limit(client, home, settings):
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "spending": 1024 * 1024}
    client.force_login(home.users["official"])
    big = "年度,类别,金额,依据\n" + "2023,rent_support,1,预算\n" * 60_000
    url = reverse("impact:spending_import")
    page = client.post(url, {"file": _upload(big)}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "最大 1 MB" in page.content.decode()
    assert not Spending.objects.exists()


def test_admin_scoped_to_region(client, home, other):
    Spending.objects.create(
        region=other.county, year=2023, category="other", amount_cny=1, source="o"
    )
    mine = Spending.objects.create(
        region=home.county, year=2023, category="other", amount_cny=2, source="h"
    )
    client.force_login(home.users["official"])
    response = client.get(reverse("admin:impact_spending_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
