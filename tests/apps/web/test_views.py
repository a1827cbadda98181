"""The web pages: anonymous, wrong role, other region and right role for every view."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from microparks.apps.sites.models import Site

pytestmark = pytest.mark.django_db

PW = "pw-Test-12345"


@pytest.fixture
def client(client):
    """The test client, asking for English pages so that assertions do not depend on the .po."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def as_user(client, user):
    client.force_login(user)
    return client


def urls(county):
    """Every page, with the county's objects for the detail pages."""
    return {
        "dashboard": reverse("web:dashboard"),
        "park_list": reverse("web:park_list"),
        "park_detail": reverse("web:park_detail", args=[county.park.pk]),
        "site_list": reverse("web:site_list"),
        "site_detail": reverse("web:site_detail", args=[county.site.pk]),
        "enterprise_list": reverse("web:enterprise_list"),
        "enterprise_detail": reverse("web:enterprise_detail", args=[county.enterprise.pk]),
    }


PAGES = [
    "dashboard",
    "park_list",
    "park_detail",
    "site_list",
    "site_detail",
    "enterprise_list",
    "enterprise_detail",
]
DETAILS = ["park_detail", "site_detail", "enterprise_detail"]
PARK_PAGES = ["park_list", "park_detail", "site_list", "site_detail"]


# --- anonymous ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, home, page):
    url = urls(home)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_login_page_and_sign_in(client, home):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()
    response = client.post(reverse("login"), {"username": "home_official", "password": PW})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard")


def test_logout_is_a_post_form(client, home):
    body = as_user(client, home.users["official"]).get(reverse("web:dashboard")).content.decode()
    assert re.search(rf'<form[^>]*action="{reverse("logout")}"[^>]*method="post"', body)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 302


# --- wrong role ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", [*PARK_PAGES, "enterprise_list", "enterprise_detail"])
def test_handler_sees_no_parks_sites_or_enterprises(client, home, page):
    response = as_user(client, home.users["handler"]).get(urls(home)[page])
    assert response.status_code == 403


@pytest.mark.parametrize("page", PARK_PAGES)
def test_enterprise_user_has_no_park_or_site_pages(client, home, page):
    response = as_user(client, home.users["enterprise"]).get(urls(home)[page])
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["handler", "enterprise"])
def test_nav_hides_pages_the_role_cannot_open(client, home, role):
    body = as_user(client, home.users[role]).get(reverse("web:dashboard")).content.decode()
    assert reverse("web:park_list") not in body
    assert reverse("web:site_list") not in body
    assert reverse("admin:index") not in body
    assert (reverse("web:enterprise_list") in body) is (role == "enterprise")
    assert (reverse("api:openapi-view") in body) is (role != "enterprise")


def test_the_site_has_its_own_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert finders.find("common/favicon.svg")


# --- other region, other park, other enterprise -------------------------------------------


@pytest.mark.parametrize("page", DETAILS)
@pytest.mark.parametrize("role", ["official", "investment", "park_manager"])
def test_other_countys_objects_are_404(client, home, other, role, page):
    response = as_user(client, home.users[role]).get(urls(other)[page])
    assert response.status_code == 404


def test_refusals_are_pages_of_the_platform_in_the_users_language(client, home, other):
    """403 and 404 keep the navigation and speak the user's language (zh-hans by default)."""
    as_user(client, home.users["handler"])
    forbidden = client.get(urls(home)["park_list"], HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert forbidden.status_code == 403
    assert "无权访问" in forbidden.content.decode()
    assert reverse("web:dashboard") in forbidden.content.decode()  # a way back
    missing = as_user(client, home.users["official"]).get(urls(other)["park_detail"])
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()
    assert "another region or enterprise" in missing.content.decode()


def test_enterprise_user_cannot_open_another_enterprise(client, home, other):
    response = as_user(client, home.users["enterprise"]).get(urls(other)["enterprise_detail"])
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("page", "mine", "theirs"),
    [
        ("park_list", "home park", "other park"),
        ("site_list", "home-S1", "other-S1"),
        ("enterprise_list", "home firm", "other firm"),
    ],
)
def test_lists_hold_own_county_only(client, home, other, page, mine, theirs):
    body = as_user(client, home.users["official"]).get(urls(home)[page]).content.decode()
    assert mine in body
    assert theirs not in body


def test_enterprise_user_lists_only_itself(client, home, other):
    response = as_user(client, home.users["enterprise"]).get(reverse("web:enterprise_list"))
    assert [firm.pk for firm in response.context["page"]] == [home.enterprise.pk]


def test_admin_sees_both_counties(client, home, other):
    response = as_user(client, home.users["admin"]).get(reverse("web:park_list"))
    assert {park.name for park, _ in response.context["rows"]} == {"home park", "other park"}


# --- right role: content ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "official", "investment", "park_manager"])
@pytest.mark.parametrize("page", PAGES)
def test_staff_roles_open_every_page(client, home, role, page):
    assert as_user(client, home.users[role]).get(urls(home)[page]).status_code == 200


def test_dashboard_figures_of_home_county(client, home, other):
    response = as_user(client, home.users["official"]).get(reverse("web:dashboard"))
    summary = response.context["summary"]
    assert (summary.parks, summary.tenants, summary.jobs) == (1, 1, 80)
    assert (summary.local_jobs, summary.rural_jobs) == (70, 50)
    body = response.content.decode()
    assert "<dd>80</dd>" in body
    assert "<dd>40.0</dd>" in body  # tax 400,000 CNY = 40 万元
    assert "<dd>1,000.0</dd>" in body  # output 10,000,000 CNY = 1,000 万元
    assert "<dd>10.0</dd>" in body  # 6667 m² leased ≈ 10 mu


def test_dashboard_trend_is_passed_as_json_script(client, home):
    body = as_user(client, home.users["official"]).get(reverse("web:dashboard")).content.decode()
    match = re.search(r'<script id="trend" type="application/json">(.*?)</script>', body, re.S)
    assert match
    trend = json.loads(match.group(1))
    assert trend["years"] == [2024]
    assert trend["jobs"] == [80]
    assert trend["tax_wan"] == [40.0]
    assert trend["output_wan"] == [1000.0]
    assert "/static/plotly/plotly.min.js" in body


def test_dashboard_for_a_handler_shows_tickets_not_empty_park_figures(client, home):
    response = as_user(client, home.users["handler"]).get(reverse("web:dashboard"))
    assert response.status_code == 200
    assert "summary" not in response.context  # no park totals of zero
    body = response.content.decode()
    assert "1 open ticket in your scope." in body
    assert reverse("servicedesk:ticket_list") in body
    assert reverse("api:openapi-view") in body
    assert 'id="trend"' not in body
    assert "plotly" not in body
    assert "overdue" not in body
    home.ticket.due_at = dt.datetime(2024, 5, 10, 17, 0).astimezone()  # long past
    home.ticket.save()
    body = client.get(reverse("web:dashboard")).content.decode()
    assert '<span class="badge overdue">1 overdue</span>' in body


def test_dashboard_for_an_enterprise_user_shows_its_own_figures(client, home, other):
    from microparks.apps.evaluation.models import Campaign
    from microparks.apps.evaluation.services import publish_campaign, run_evaluation

    response = as_user(client, home.users["enterprise"]).get(reverse("web:dashboard"))
    firm = response.context["firm"]
    assert firm["enterprise"] == home.enterprise
    assert firm["record"] == home.record  # 2024
    assert firm["parks"] == [home.park.name]
    assert firm["result"] is None  # no published evaluation yet
    body = response.content.decode()
    assert urls(home)["enterprise_detail"] in body
    assert reverse("servicedesk:portal_new") in body
    for figure in ("<dd>80</dd>", "<dd>40.0</dd>", "<dd>10.0</dd>"):  # jobs, tax 万元, land mu
        assert figure in body
    assert "other firm" not in body
    campaign = Campaign.objects.create(region=home.county, year=2024, scheme="huaian")
    run_evaluation(campaign, home.users["official"])
    assert client.get(reverse("web:dashboard")).context["firm"]["result"] is None  # a draft
    publish_campaign(campaign, home.users["official"], dt.date.today())
    result = client.get(reverse("web:dashboard")).context["firm"]["result"]
    assert (result.enterprise, result.campaign) == (home.enterprise, campaign)
    assert (
        reverse("evaluation:result_detail", args=[result.pk])
        in client.get(reverse("web:dashboard")).content.decode()
    )


def test_layout_shows_user_role_language_switch_and_local_assets_only(client, home):
    body = as_user(client, home.users["official"]).get(reverse("web:dashboard")).content.decode()
    assert "home_official" in body
    assert "County official" in body
    assert f'action="{reverse("set_language")}"' in body
    assert 'value="zh-hans"' in body
    assert 'value="en"' in body
    assert "/static/django_htmx/htmx-2.min.js" in body
    assert "django-htmx.js" not in body  # only in DEBUG
    assert reverse("admin:index") in body  # officials are staff
    for url in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert url.startswith(("/", "?", "#")), url


@pytest.mark.parametrize(
    "path",
    [
        "common/site.css",
        "common/site.js",
        "common/favicon.svg",
        "common/map.js",
        "web/chart.js",
        "plotly/plotly.min.js",
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "django_htmx/htmx-2.min.js",
    ],
)
def test_static_assets_exist(path):
    assert finders.find(path)


def test_language_switch_to_english_and_back(client, home):
    as_user(client, home.users["official"])
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    del client.defaults["HTTP_ACCEPT_LANGUAGE"]
    body = client.get(reverse("web:dashboard")).content.decode()
    assert '<html lang="zh-hans">' in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("web:dashboard")).content.decode()


def test_park_list_row(client, home):
    response = as_user(client, home.users["park_manager"]).get(reverse("web:park_list"))
    [(park, figures)] = response.context["rows"]
    assert park == home.park
    assert (figures.tenants, figures.year, figures.jobs) == (1, 2024, 80)
    assert figures.land_in_use_mu == pytest.approx(6667 / (10000 / 15))
    body = response.content.decode()
    assert "home town" in body
    assert "制造业" not in body  # positioning is empty
    home.park.positioning.add(home.enterprise.industry)
    assert "农副食品加工业" in client.get(reverse("web:park_list")).content.decode()


def test_park_detail_content(client, home):
    response = as_user(client, home.users["official"]).get(urls(home)["park_detail"])
    body = response.content.decode()
    assert [t.latest_jobs for t in response.context["tenants"]] == [80]
    assert "home firm" in body
    assert "40.0" in body  # tenant's tax in 万元
    assert "/static/leaflet/leaflet.js" in body
    match = re.search(r'<div class="map" id="park-sites" data-url="([^"]+)"', body)
    assert match.group(1) == f"{reverse('web:site_map')}?park={home.park.pk}"
    geojson = json.loads(client.get(match.group(1)).content)
    [feature] = geojson["features"]
    assert feature["properties"]["code"] == "home-S1"
    assert feature["properties"]["url"] == urls(home)["site_detail"]
    assert feature["geometry"]["type"] == "Polygon"
    assert "data-tiles" not in body  # no tile URL configured: a blank map


def test_map_tiles_only_when_configured(client, home, settings):
    settings.MAP_TILE_URL = "/tiles/{z}/{x}/{y}.png"
    body = as_user(client, home.users["official"]).get(urls(home)["site_detail"]).content.decode()
    assert 'data-tiles="/tiles/{z}/{x}/{y}.png"' in body


def test_site_detail_shows_areas_in_m2_and_mu(client, home):
    response = as_user(client, home.users["park_manager"]).get(urls(home)["site_detail"])
    facts = dict(response.context["facts"])
    assert facts["land area (m²)"] == "20,000 m² (30.00 mu)"
    assert facts["floor area (m²)"] == "8,000 m² (12.00 mu)"
    assert facts["status"] == "In a park"
    assert facts["park"] == "home park"
    assert facts["year built"] == "—"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"home-S1", "home-S2"}),
        ({"kind": "idle_land"}, {"home-S2"}),
        ({"status": "in_park"}, {"home-S1"}),
        ({"min_mu": "30"}, {"home-S1"}),
        ({"max_mu": "29.9"}, {"home-S2"}),
        ({"min_mu": "10", "max_mu": "30"}, {"home-S1", "home-S2"}),
        ({"park": "PARK"}, {"home-S1"}),
        ({"township": "TOWN"}, {"home-S1", "home-S2"}),
        ({"min_mu": "-1"}, {"home-S1", "home-S2"}),  # invalid: the form filters nothing
    ],
)
def test_site_filters(client, home, other, query, expected):
    Site.objects.create(
        code="home-S2",
        name="home plot",
        kind=Site.Kind.IDLE_LAND,
        region=home.township,
        geometry=home.site.geometry,
        land_area_m2=10000,
        condition=Site.Condition.VACANT_LAND,
    )
    query = {
        k: {"PARK": home.park.pk, "TOWN": home.township.pk}.get(v, v) for k, v in query.items()
    }
    response = as_user(client, home.users["official"]).get(reverse("web:site_list"), query)
    assert {site.code for site in response.context["page"]} == expected


def test_site_filter_choices_are_scoped(client, home, other):
    response = as_user(client, home.users["official"]).get(reverse("web:site_list"))
    form = response.context["form"]
    assert list(form.fields["park"].queryset) == [home.park]
    assert list(form.fields["township"].queryset) == [home.township]
    bad = client.get(reverse("web:site_list"), {"park": other.park.pk})
    assert bad.context["form"].errors["park"]


def test_site_list_htmx_swaps_only_the_table(client, home):
    as_user(client, home.users["official"])
    full = client.get(reverse("web:site_list"), {"status": "in_park"})
    partial = client.get(reverse("web:site_list"), {"status": "in_park"}, HTTP_HX_REQUEST="true")
    assert "<html" in full.content.decode()
    body = partial.content.decode()
    assert "<html" not in body
    assert body.strip().startswith('<section class="card" id="site-table">')
    assert "home-S1" in body
    assert "HX-Request" in partial["Vary"]


def test_site_list_map_holds_all_visible_sites_with_legend(client, home, other):
    body = as_user(client, home.users["official"]).get(reverse("web:site_list")).content.decode()
    match = re.search(r'<div class="map large" id="all-sites" data-url="([^"]+)"', body)
    features = json.loads(client.get(match.group(1)).content)["features"]
    assert [f["properties"]["code"] for f in features] == ["home-S1"]
    assert features[0]["properties"]["colour"].startswith("#")
    for status in Site.Status:
        assert str(status.label) in body


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("home", True),
        ("HOME FIRM", True),
        ("91330100", True),
        ("91330100799655058b", True),
        ("nothing", False),
    ],
)
def test_enterprise_search(client, home, other, q, found):
    response = as_user(client, home.users["official"]).get(reverse("web:enterprise_list"), {"q": q})
    assert [f.pk for f in response.context["page"]] == ([home.enterprise.pk] if found else [])


@pytest.mark.parametrize(("code", "found"), [("13", True), ("C", True), ("c", True), ("14", False)])
def test_enterprise_search_by_industry_at_any_level(client, home, other, code, found):
    response = as_user(client, home.users["official"]).get(
        reverse("web:enterprise_list"), {"industry": code}
    )
    assert [f.pk for f in response.context["page"]] == ([home.enterprise.pk] if found else [])
    assert "data-industry-picker" in response.content.decode()


def test_enterprise_list_columns(client, home):
    body = as_user(client, home.users["investment"]).get(reverse("web:enterprise_list"))
    text = body.content.decode()
    for expected in [
        "home firm",
        "91330100799655058B",
        "农副食品加工业",
        "Small",
        "home park",
        "80",
    ]:
        assert expected in text


def test_enterprise_detail_for_its_own_user(client, home):
    response = as_user(client, home.users["enterprise"]).get(urls(home)["enterprise_detail"])
    assert response.status_code == 200
    assert list(response.context["records"]) == [home.record]
    assert list(response.context["leases"]) == [home.lease]
    body = response.content.decode()
    assert '<th scope="row">2024</th>' in body
    for cell in ["1,000.00", "250.00", "900.00", "40.00", "360.00", "500,000", "61.50", "3,000"]:
        assert f'<td class="num">{cell}</td>' in body, cell
    assert urls(home)["park_detail"] not in body  # enterprise users have no park pages


def test_site_list_pages_keep_the_filter(client, home):
    Site.objects.bulk_create(
        Site(
            code=f"home-X{i:02d}",
            name=f"plot {i}",
            kind=Site.Kind.IDLE_LAND,
            region=home.township,
            geometry=home.site.geometry,
            land_area_m2=1000,
            condition=Site.Condition.VACANT_LAND,
        )
        for i in range(55)
    )
    as_user(client, home.users["official"])
    first = client.get(reverse("web:site_list"), {"status": "idle"})
    assert first.context["page"].paginator.count == 55
    assert len(first.context["page"]) == 50
    assert 'href="?status=idle&amp;page=2"' in first.content.decode()
    second = client.get(reverse("web:site_list"), {"status": "idle", "page": 2})
    assert [s.code for s in second.context["page"]] == [f"home-X{i}" for i in range(50, 55)]


def test_park_list_counts_only_running_leases_per_park(client, home):
    from datetime import date

    from microparks.apps.parks.models import Lease, Park

    closed = Park.objects.create(code="home-P2", name="home closed park", region=home.township)
    site = Site.objects.create(
        code="home-S3",
        name="old shed",
        kind=Site.Kind.VACANT_FACTORY,
        region=home.township,
        park=closed,
        geometry=home.site.geometry,
        land_area_m2=5000,
        condition=Site.Condition.POOR,
    )
    Lease.objects.create(
        enterprise=home.enterprise,
        park=closed,
        site=site,
        land_area_m2=3000,
        start_date=date(2020, 1, 1),
        end_date=date(2021, 12, 31),
    )
    response = as_user(client, home.users["official"]).get(reverse("web:park_list"))
    figures = {park.code: fig for park, fig in response.context["rows"]}
    assert (figures["home-P1"].tenants, figures["home-P1"].jobs) == (1, 80)
    assert (figures["home-P2"].tenants, figures["home-P2"].jobs) == (0, 0)
    assert figures["home-P2"].land_in_use_m2 == 0
    assert figures["home-P2"].year is None


def test_site_detail_shows_areas_in_mu_and_years_without_grouping(client, home):
    home.site.building_year = 1982
    home.site.save()
    as_user(client, home.users["official"])
    body = client.get(urls(home)["site_detail"], HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "20,000 m² (30.00 亩)" in body  # 20,000 m² of land = 30 mu
    assert "1982" in body
    assert "1,982" not in body
