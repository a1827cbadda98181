"""Funnel analytics, commitment-versus-actual flags, Excel export and the new-lead page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from microparks.apps.attraction import services
from microparks.apps.attraction.funnel import build_funnel, check_commitments
from microparks.apps.attraction.models import Prospect
from microparks.apps.enterprises.models import AnnualRecord
from tests.apps.attraction.helpers import NEW_CODE, admitted, commitment, declare, to_stage

pytestmark = pytest.mark.django_db
S = Prospect.Stage


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def extra(home, name, stage, source="local"):
    return Prospect.objects.create(
        name=name,
        company_name=name,
        industry=home.prospect.industry,
        region=home.county,
        target_park=home.park,
        source=source,
        stage=stage,
    )


def test_funnel_counts_reached_stages_and_conversion(home):
    official = home.users["official"]
    extra(home, "b", S.VISITED)
    extra(home, "c", S.NEGOTIATING, source="fair")
    lost = extra(home, "d", S.NEGOTIATING)
    services.move_prospect(lost, S.LOST, official, reason="went elsewhere")
    funnel = build_funnel(Prospect.objects.restrict(official))
    reached = {s.stage: s.reached for s in funnel.stages}
    assert funnel.total == 4
    assert reached["lead"] == 4
    assert reached["contacted"] == reached["visited"] == 3  # the lost one passed negotiating
    assert reached["negotiating"] == 2
    assert reached["admission"] == 0
    visited = next(s for s in funnel.stages if s.stage == "visited")
    assert visited.conversion == pytest.approx(2 / 3)
    assert funnel.exits == {"Lost": 1, "Abandoned": 0}
    sources = {g.key: (g.prospects, g.exited) for g in funnel.by_source}
    assert sources == {"relocation": (1, 0), "local": (2, 1), "fair": (1, 0)}


def test_time_in_stage(home):
    now = dt.datetime.now(dt.UTC)
    Prospect.objects.filter(pk=home.prospect.pk).update(created_at=now - dt.timedelta(days=10))
    funnel = build_funnel(Prospect.objects.all(), now=now)
    lead = next(s for s in funnel.stages if s.stage == "lead")
    assert lead.median_days == pytest.approx(10.0, abs=0.01)


def signed(home, **changes):
    prospect = to_stage(home.prospect, S.ADMISSION)
    declare(prospect)
    admitted(prospect, home.users["investment"])
    services.sign_prospect(
        prospect,
        home.users["investment"],
        commitment(
            **{
                "jobs": 100,
                "local_jobs": 80,
                "tax_cny_per_year": Decimal("500000"),
                "start_date": dt.date(2022, 3, 1),
                "production_date": dt.date(2023, 1, 1),
            }
            | changes
        ),
        credit_code=NEW_CODE,
    )
    prospect.refresh_from_db()
    return prospect


def test_commitment_flags(home):
    prospect = signed(home)
    checks = check_commitments(Prospect.objects.all(), on=dt.date(2024, 6, 1))
    [check] = checks
    assert check.flags == [
        "Construction has not started by the committed date.",
        "Production has not started by the committed date.",
    ]
    for stage in (S.REGISTERED, S.CONSTRUCTION, S.PRODUCING):
        services.move_prospect(prospect, stage, home.users["investment"])
    AnnualRecord.objects.create(
        enterprise=prospect.enterprise,
        year=2024,
        output_cny=1e7,
        value_added_cny=2e6,
        revenue_cny=9e6,
        tax_cny=400_000,
        jobs=90,
        local_jobs=85,
        rural_jobs=50,
        wages_cny=3e6,
        electricity_kwh=1e5,
        energy_tce=12,
        water_t=100,
    )
    [check] = check_commitments(Prospect.objects.all(), on=dt.date(2025, 6, 1))
    assert check.year == 2024
    assert check.flags == [
        "2024: 90 jobs against 100 committed.",
        "2024: tax of 400,000 CNY against 500,000 CNY committed.",
    ]
    assert check.behind


def test_commitments_on_track(home):
    signed(home, jobs=10, local_jobs=5, tax_cny_per_year=Decimal("1000"))
    [check] = check_commitments(Prospect.objects.all(), on=dt.date(2022, 1, 1))
    assert check.flags == []
    assert not check.behind


PAGES = ["attraction:pipeline_funnel", "attraction:pipeline_export", "attraction:prospect_new"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_sign_in(client, home, name):
    assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize("role", ["handler", "enterprise"])
@pytest.mark.parametrize("name", PAGES)
def test_wrong_roles_get_403(client, home, role, name):
    client.force_login(home.users[role])
    assert client.get(reverse(name)).status_code == 403


def test_park_manager_sees_the_funnel_but_creates_no_lead(client, home):
    client.force_login(home.users["park_manager"])
    assert client.get(reverse("attraction:pipeline_funnel")).status_code == 200
    assert client.get(reverse("attraction:prospect_new")).status_code == 403


def test_funnel_page_counts_only_the_users_region(client, home, other):
    client.force_login(home.users["official"])
    page = client.get(reverse("attraction:pipeline_funnel"))
    assert page.status_code == 200
    assert page.context["funnel"].total == 1
    assert "funnel-chart" in page.content.decode()


def test_excel_export(client, home, other):
    signed(home)
    client.force_login(home.users["official"])
    response = client.get(reverse("attraction:pipeline_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pipeline-')
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Prospects", "Funnel", "Commitments"]
    rows = list(book["Prospects"].values)
    # the project ledger import's layout (it imports back), then what the import does not read
    assert rows[0][0] == "*Project name"
    assert [r[0] for r in rows[1:]] == ["home project"]  # not the other county's
    assert rows[1][rows[0].index("Latest admission decision")] == "Admit with conditions"
    funnel = list(book["Funnel"].values)
    assert funnel[1][:2] == ("Lead", 1)
    assert list(book["Commitments"].values)[1][0] == "home project"


def test_new_lead(client, home, other):
    client.force_login(home.users["investment"])
    url = reverse("attraction:prospect_new")
    data = {
        "name": "bamboo chopsticks",
        "company_name": "竹筷有限公司",
        "industry_code": "13",
        "target_park": home.park.pk,
        "source": "local",
        "investment_cny": "5000000",
        "land_area_min_m2": "3000",
        "floor_area_min_m2": "1000",
        "power_kva": "200",
        "water_t_per_day": "5",
        "jobs_needed": "40",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    lead = Prospect.objects.get(name="bamboo chopsticks")
    assert (lead.stage, lead.owner, lead.region) == (
        "lead",
        home.users["investment"],
        home.park.region,
    )
    bad = client.post(url, data | {"industry_code": "9999", "target_park": other.park.pk})
    assert bad.status_code == 422
    assert set(bad.context["form"].errors) == {"industry_code", "target_park"}
