"""Targeting pages: anonymous, wrong role, other region, right role; positioning; inputs shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry
from microparks.apps.industries.services import load_industries
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.apps.targeting.models import ChainTarget, CountyEndowment
from tests.apps.targeting.helpers import install_io_table, no_deployment_files, write_employment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    """No deployment file but those a test writes (into a fresh DATA_DIR/targeting)."""
    yield from no_deployment_files(settings, tmp_path)


@pytest.fixture
def full(db, home, settings):
    load_industries()
    write_employment(settings, [home.county.code])


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
    assert "employment.csv (sha256 " in html  # the employment table and its hash
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


def test_chain_targets_and_leading_firms_feed_the_chain_fit(client, home, full, settings):
    from microparks.apps.industries.models import Industry

    ChainTarget.objects.create(
        region=home.county,
        industry=Industry.objects.get(code="36"),
        kind=ChainTarget.Kind.ANCHOR,
        where="柳江汽车产业园",
    )
    install_io_table(settings)
    client.force_login(home.users["investment"])
    response = client.get(reverse("targeting:county"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.chain_source.startswith("io_table.csv (sha256 ")
    assert "concordance.csv (sha256 " in page.chain_source
    assert "chain_fit" not in {n.component for n in page.notices}
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


def test_configured_panel_is_computed_once_and_cached(client, home, full, settings, tmp_path):
    from microparks.apps.targeting import inputs

    path = tmp_path / "emp.csv"
    write_employment(settings, [home.county.code], path=path)
    settings.TARGETING_EMPLOYMENT = str(path)
    client.force_login(home.users["official"])
    first = client.get(reverse("targeting:county"))
    assert first.status_code == 200
    assert first.context["page"].panel.source.name == "emp.csv"
    assert "emp.csv (sha256 " in first.content.decode()
    assert "(2020)" in first.content.decode()
    assert list((tmp_path / "cache").glob("targeting-*.pkl"))

    # A new process (memory cache cleared) reads the disk cache and never recomputes.
    def recompute(table, **kwargs):
        raise AssertionError("recomputed")

    inputs.clear_caches()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(inputs, "calc_panel_complexity", recompute)
        again = client.get(reverse("targeting:county"))
    assert again.status_code == 200
    assert again.context["page"].panel.source.name == "emp.csv"


def test_county_missing_from_the_employment_table_gets_a_notice(client, home, other, full):
    """No stand-in table: the page says the county is missing and how to load it."""
    client.force_login(other.users["official"])
    response = client.get(reverse("targeting:county"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.table is None
    assert page.result is None
    assert response.context["rows"] == []
    html = response.content.decode()
    assert 'id="targeting-table"' not in html
    assert 'id="targeting-chart"' not in html
    assert "other county (450202) is not in the employment table employment.csv" in html
    assert "MICROPARKS_TARGETING_EMPLOYMENT" not in html  # server settings: the admin's work
    assert 'href="#input-files">Upload the county\'s file below.' in html  # the official may
    client.force_login(other.users["investment"])
    assert (
        "The system administrator can add it"
        in client.get(reverse("targeting:county")).content.decode()
    )
    client.force_login(other.users["official"])
    zh = client.get(reverse("targeting:county"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "不在就业数据表 employment.csv 中" in zh
    client.force_login(other.users["admin"])  # the administrator reads how to set it up
    html = client.get(reverse("targeting:county"), {"region": other.county.code}).content.decode()
    assert "MICROPARKS_TARGETING_EMPLOYMENT" in html


def test_no_employment_table_and_no_io_table_are_notices(client, home, full, settings):
    (settings.DATA_DIR / "targeting" / "employment.csv").unlink()
    client.force_login(home.users["official"])
    response = client.get(reverse("targeting:county"))
    page = response.context["page"]
    assert page.table is None
    assert page.notices[0].component == "employment"
    html = response.content.decode()
    assert "the server has no table of employment by industry" in html
    assert "microparks demo" not in html  # an official is not told to run commands
    assert "microparks demo" in page.notices[0].setup
    write_employment(settings, [home.county.code])
    ChainTarget.objects.create(
        region=home.county, industry_id=home.enterprise.industry_id, kind=ChainTarget.Kind.LEADING
    )
    page = client.get(reverse("targeting:county")).context["page"]
    assert page.table is not None  # ranked, with the chain fit left out and said so
    assert page.table["chain_fit"].isna().all()
    assert page.result.left_out == ("endowment_fit", "chain_fit", "national_growth")
    components = [n.component for n in page.notices]
    assert components == ["endowment_fit", "chain_fit", "national_growth"]
    assert "MICROPARKS_TARGETING_IO_TABLE" in page.notices[1].setup
    assert "MICROPARKS_CENSUS_2010" in page.notices[2].setup
    assert "MICROPARKS_" not in " ".join(n.text for n in page.notices)


def test_unusable_files_are_notices_not_errors(client, home, full, settings, tmp_path):
    client.force_login(home.users["official"])
    (weights,) = RulesDocument.objects.filter(kind="targeting", status="active")
    rules.retire(home.users["admin"], weights)  # no weights apply: a notice, no ranking
    page = client.get(reverse("targeting:county")).context["page"]
    assert page.table is None
    assert page.notices[0].component == "weights"
    assert "an official must activate one" in page.notices[0].text
    rules.activate(home.users["admin"], weights)
    bad = tmp_path / "w.yaml"
    bad.write_text("weights:\n  luck: 1\n", "utf-8")
    settings.TARGETING_IO_TABLE = str(bad)
    ChainTarget.objects.create(
        region=home.county, industry_id=home.enterprise.industry_id, kind=ChainTarget.Kind.LEADING
    )
    page = client.get(reverse("targeting:county")).context["page"]
    assert page.table is not None
    (notice,) = [n for n in page.notices if n.component == "chain_fit"]
    assert "the input-output table cannot be used" in notice.text
