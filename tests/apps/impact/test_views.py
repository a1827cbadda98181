"""Impact pages: anonymous, wrong role, other region, right role; assumptions editable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from microparks.apps.impact import services

pytestmark = pytest.mark.django_db

TABLE = """sector,food,other,total_output,household_consumption
food,150,500,1000,90
other,200,100,2000,50
labour_income,300,500,,
employment,10,30,,
"""


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def no_table(settings):
    settings.IMPACT_TABLE = ""
    settings.IMPACT_CONCORDANCE = ""


@pytest.fixture
def table(settings, tmp_path: Path):
    (tmp_path / "t.csv").write_text(TABLE)
    (tmp_path / "c.csv").write_text("code,sector\n13,food\nC,other\n")
    settings.IMPACT_TABLE = str(tmp_path / "t.csv")
    settings.IMPACT_CONCORDANCE = str(tmp_path / "c.csv")
    return tmp_path


def urls(county):
    return [reverse("impact:county"), reverse("impact:park", args=[county.park.pk])]


def test_anonymous_redirected(client, home, no_table):
    for url in urls(home):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_enterprise_user_forbidden(client, home, no_table):
    client.force_login(home.users["enterprise"])
    for url in urls(home):
        assert client.get(url).status_code == 403


def test_other_region_park_not_found(client, home, other, no_table):
    client.force_login(home.users["official"])
    assert client.get(reverse("impact:park", args=[other.park.pk])).status_code == 404


def test_county_page_direct_only_without_table(client, home, other, no_table):
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:county"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.year == 2024
    assert page.tenants == 1  # the other county's tenant is not counted
    jobs = page.result.table.loc["jobs"]
    assert jobs["direct"] == 80
    assert jobs["indirect"] == 0
    assert jobs["net_total"] == pytest.approx(80 * 0.8 * 0.9 * 0.75)
    text = response.content.decode()
    assert "Indirect and induced effects are not computed" in text
    assert "Deadweight" in text
    assert "share of the activity that would have happened anyway" in text


def test_assumptions_editable(client, home, no_table):
    client.force_login(home.users["park_manager"])
    url = reverse("impact:park", args=[home.park.pk])
    response = client.get(url, {"deadweight": "0.5", "displacement": "0", "leakage": "0"})
    assert response.status_code == 200
    jobs = response.context["page"].result.table.loc["jobs"]
    assert jobs["net_total"] == pytest.approx(40.0)
    assert response.context["assumptions"][0]["edited"]
    bad = client.get(url, {"deadweight": "2"})
    assert bad.status_code == 200
    assert bad.context["form"].errors
    # an invalid form falls back to the defaults
    assert bad.context["page"].result.table.loc["jobs", "net_total"] == pytest.approx(43.2)


def test_with_table_indirect_and_induced(client, home, table):
    services._load_table.cache_clear()
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:park", args=[home.park.pk]), {"seed": "3"})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.table == "t.csv"
    out = page.result.table.loc["output"]
    # tenant in division 13 -> sector "food": Miller & Blair output multiplier 1.518152
    assert out["direct"] + out["indirect"] == pytest.approx(10_000_000 * 1.518152, rel=1e-6)
    assert out["induced"] > 0
    assert page.result.seed == 3
    assert "No input-output table" not in response.content.decode()


def test_concordance_gap_is_reported(client, home, table):
    (table / "c.csv").write_text("code,sector\n17,food\n")
    services._load_table.cache_clear()
    client.force_login(home.users["official"])
    response = client.get(reverse("impact:county"))
    assert response.status_code == 200
    assert "does not cover every tenant" in response.content.decode()


def test_county_page_links_only_own_parks(client, home, other, no_table):
    client.force_login(home.users["investment"])
    text = client.get(reverse("impact:county")).content.decode()
    assert reverse("impact:park", args=[home.park.pk]) in text
    assert reverse("impact:park", args=[other.park.pk]) not in text
