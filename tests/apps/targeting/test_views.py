"""Targeting pages: anonymous, wrong role, other region, right role; positioning; inputs shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry
from microparks.apps.industries.services import load_industries
from microparks.apps.targeting.models import ChainTarget, CountyEndowment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_deployment_files(monkeypatch):
    for name in (
        "MICROPARKS_TARGETING_EMPLOYMENT",
        "MICROPARKS_CENSUS_2010",
        "MICROPARKS_CENSUS_2020",
        "MICROPARKS_TARGETING_IO_TABLE",
        "MICROPARKS_TARGETING_CONCORDANCE",
        "MICROPARKS_TARGETING_WEIGHTS",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def full(db):
    load_industries()


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def urls(county):
    return [reverse("targeting:county"), reverse("targeting:park", args=[county.park.pk])]


def post(client, county, code="15"):
    url = reverse("targeting:add_positioning", args=[county.park.pk])
    return client.post(url, {"industry": code})


def test_anonymous_redirected(client, home):
    for url in urls(home):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = post(client, home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not home.park.positioning.exists()


@pytest.mark.parametrize("role", ["enterprise", "handler"])
def test_tenants_and_handlers_forbidden(client, home, full, role):
    client.force_login(home.users[role])
    for url in urls(home):
        assert client.get(url).status_code == 403
    assert post(client, home).status_code == 403
    assert not home.park.positioning.exists()


def test_other_region_not_found(client, home, other, full):
    client.force_login(other.users["official"])
    assert client.get(reverse("targeting:park", args=[home.park.pk])).status_code == 404
    assert client.get(reverse("targeting:county"), {"region": home.county.code}).status_code == 404
    assert post(client, home).status_code == 404
    manager = other.users["park_manager"]
    client.force_login(manager)
    assert client.get(reverse("targeting:park", args=[home.park.pk])).status_code == 404
    assert post(client, home).status_code == 404
    assert not home.park.positioning.exists()


def test_official_sees_ranked_industries_and_inputs(client, home, full):
    CountyEndowment.objects.create(region=home.county, endowment="茶叶", abundance=1.0)
    client.force_login(home.users["official"])
    response = client.get(reverse("targeting:county"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "home county" in html
    assert 'id="targeting-table"' in html
    assert "plotly/plotly.min.js" in html
    assert "uses the county&#x27;s tea" in html  # division 15 (精制茶加工 1530)
    assert "Demo table" in html  # no census row for the test county
    assert "Add to park positioning" in html
    # 两高 divisions stay listed, excluded, with the rule.
    assert 'data-code="26" class="excluded"' in html
    assert "TH-chemicals" in html
    chart = response.context["chart"]
    assert {p["code"] for p in chart["points"]} >= {"13", "15", "26"}
    rows = response.context["rows"]
    assert [r["rank"] for r in rows if r["rank"] is not None] == list(
        range(1, 1 + sum(r["rank"] is not None for r in rows))
    )
    zh = client.get(reverse("targeting:county"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "利用本县的茶叶" in zh.content.decode()


def test_chain_targets_and_leading_firms_feed_the_chain_fit(client, home, full):
    from microparks.apps.industries.models import Industry

    ChainTarget.objects.create(
        region=home.county,
        industry=Industry.objects.get(code="36"),
        kind=ChainTarget.Kind.ANCHOR,
        where="柳江汽车产业园",
    )
    client.force_login(home.users["investment"])
    response = client.get(reverse("targeting:county"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.chain_source == "io_demo.csv"
    assert {t.industry for t in page.targets} == {"36"}
    table = page.table.set_index("industry")
    assert table["chain_fit"].notna().all()
    assert "柳江汽车产业园" in " ".join(table["reason_en"])
    # Investment officers may not edit parks: no button, and the POST is refused.
    assert "Add to park positioning" not in response.content.decode()
    assert post(client, home).status_code == 404


def test_official_adds_positioning_audited(client, home, full):
    client.force_login(home.users["official"])
    response = post(client, home, "15")
    assert response.status_code == 302
    assert response["Location"] == reverse("targeting:park", args=[home.park.pk])
    assert list(home.park.positioning.values_list("code", flat=True)) == ["15"]
    updates = AuditEntry.objects.filter(
        model="parks.park", object_id=str(home.park.pk), action=AuditEntry.Action.UPDATE
    )
    entry = updates.get()
    assert entry.user == home.users["official"]
    assert entry.changes["positioning"] == [[], ["15"]]
    again = post(client, home, "15")
    assert again.status_code == 302
    assert updates.count() == 1
    assert post(client, home, "XX").status_code == 404
    url = reverse("targeting:add_positioning", args=[home.park.pk])
    assert client.get(url).status_code == 405
    evil = client.post(url, {"industry": "13", "next": "https://evil.example/"})
    assert evil["Location"] == reverse("targeting:park", args=[home.park.pk])


def test_park_manager_sets_positioning_of_own_park(client, home, full):
    client.force_login(home.users["park_manager"])
    response = client.get(reverse("targeting:county"))
    assert response.status_code == 302
    assert response["Location"] == reverse("targeting:park", args=[home.park.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="positioning"' in page.content.decode()
    assert post(client, home, "18").status_code == 302
    assert home.park.positioning.filter(code="18").exists()
    park = reverse("web:park_detail", args=[home.park.pk])
    shown = client.get(park, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "纺织服装、服饰业" in shown
    shown = client.get(park, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Manufacture of Textile Wearing Apparel and Accessories" in shown  # its English name


def test_endowment_must_be_in_the_table(home):
    bad = CountyEndowment(region=home.county, endowment="gold", abundance=1.0)
    with pytest.raises(ValidationError, match="Unknown endowment"):
        bad.full_clean()
    CountyEndowment(region=home.county, endowment="tea", abundance=0.5).full_clean()


def test_configured_panel_is_computed_once_and_cached(
    client, home, full, tmp_path, settings, monkeypatch
):
    import numpy as np

    from microparks.apps.targeting import services

    settings.DATA_DIR = tmp_path
    rng = np.random.default_rng(3)
    regions = [home.county.code, *(f"4599{k:02d}" for k in range(30))]
    lines = ["region,industry,value,year"]
    for r in regions:
        for d in ("13", "15", "17", "18", "24", "26", "39"):
            lines.append(f"{r},{d},{rng.gamma(0.8) * 100:.1f},2020")
    path = tmp_path / "emp.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    client.force_login(home.users["official"])
    monkeypatch.setenv("MICROPARKS_TARGETING_EMPLOYMENT", str(path))
    services._configured.cache_clear()
    try:
        first = client.get(reverse("targeting:county"))
        assert first.status_code == 200
        assert first.context["page"].panel.source == "emp.csv"
        assert "emp.csv (2020)" in first.content.decode()
        assert list((tmp_path / "cache").glob("targeting-*.pkl"))

        # A new process (memory cache cleared) reads the disk cache and never recomputes.
        def recompute(data):
            raise AssertionError("recomputed")

        services._configured.cache_clear()
        monkeypatch.setattr(services, "_complexity", recompute)
        again = client.get(reverse("targeting:county"))
        assert again.status_code == 200
        assert again.context["page"].panel.source == "emp.csv"
    finally:
        services._configured.cache_clear()
