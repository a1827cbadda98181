"""Evaluation pages: for every page and action anonymous, wrong role, other region, right role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from microparks.apps.evaluation.models import Campaign, Objection, Result, Veto
from microparks.apps.evaluation.services import publish_campaign, run_evaluation
from microparks.apps.rules.services import in_effect
from tests.apps.evaluation.helpers import add_tenant, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def setup(home, other):
    """A run and published campaign in each county, with four more tenants in home."""
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)
    out = {}
    for county in (home, other):
        c = campaign(county)
        run_evaluation(c, county.users["official"])
        out[county.county.code] = c
    home_c, other_c = out[home.county.code], out[other.county.code]
    publish_campaign(home_c, home.users["official"], dt.date.today())
    return home_c, other_c


def own_result(county, c):
    return Result.objects.get(campaign=c, enterprise=county.enterprise)


STAFF_PAGES = ["campaign_detail", "park_ranking", "campaign_export"]


def test_list_needs_sign_in(client, setup):
    response = client.get(reverse("evaluation:campaign_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages(client, home, other, setup, name):
    home_c, _ = setup
    url = reverse(f"evaluation:{name}", args=[home_c.pk])
    assert client.get(url).status_code == 302  # anonymous
    for role in ("handler", "enterprise"):  # wrong roles
        client.force_login(home.users[role])
        assert client.get(url).status_code == 403
    client.force_login(other.users["official"])  # other region
    assert client.get(url).status_code == 404
    for role in ("official", "investment", "park_manager", "admin"):
        client.force_login(home.users[role])
        assert client.get(url).status_code == 200, role


def test_list_by_role(client, home, other, setup):
    home_c, _ = setup
    url = reverse("evaluation:campaign_list")
    client.force_login(home.users["handler"])
    assert client.get(url).status_code == 403
    client.force_login(home.users["official"])
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["page"]) == [home_c]
    assert response.context["may_create"]
    client.force_login(home.users["enterprise"])
    response = client.get(url)
    assert [r.enterprise for r in response.context["results"]] == [home.enterprise]
    client.force_login(other.users["enterprise"])  # their campaign is still a draft
    assert list(client.get(url).context["results"]) == []


def test_official_creates_a_campaign(client, home, setup):
    url = reverse("evaluation:campaign_list")
    jingde = in_effect("evaluation", region=home.county, name="jingde")
    form = {"year": 2023, "rules": jingde.pk, "objection_days": 3}
    client.force_login(home.users["investment"])
    assert client.post(url, form).status_code == 403
    client.force_login(home.users["official"])
    response = client.post(url, form)
    created = Campaign.objects.get(year=2023, scheme="jingde")
    assert created.region == home.county
    assert created.rules == jingde
    assert response["Location"] == reverse("evaluation:campaign_detail", args=[created.pk])
    again = client.post(url, form)
    assert again.status_code == 200
    assert "already has that evaluation" in again.content.decode()


def test_detail_shows_chart_and_table(client, home, setup):
    home_c, _ = setup
    client.force_login(home.users["official"])
    page = client.get(reverse("evaluation:campaign_detail", args=[home_c.pk])).content.decode()
    assert 'data-distribution="distribution"' in page
    assert "plotly/plotly.min.js" in page
    assert "tenant 4" in page
    assert 'src="http' not in page


def test_park_manager_sees_only_their_parks_results(client, home, other, setup):
    home_c, _ = setup
    client.force_login(home.users["park_manager"])
    response = client.get(reverse("evaluation:campaign_detail", args=[home_c.pk]))
    assert {r.park for r in response.context["page"]} == {home.park}


def test_firm_sheet(client, home, other, setup):
    home_c, other_c = setup
    mine = own_result(home, home_c)
    theirs = own_result(other, other_c)
    url = reverse("evaluation:result_detail", args=[mine.pk])
    assert client.get(url).status_code == 302
    client.force_login(home.users["handler"])
    assert client.get(url).status_code == 403
    client.force_login(home.users["enterprise"])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tax per mu" in page
    assert "Send the objection" in page
    # Another firm's sheet, even in the same county, is not found.
    neighbour = Result.objects.get(campaign=home_c, enterprise__name="tenant 1")
    assert client.get(reverse("evaluation:result_detail", args=[neighbour.pk])).status_code == 404
    client.force_login(other.users["enterprise"])
    assert client.get(url).status_code == 404
    # Their own result of a draft campaign is not shown yet.
    assert client.get(reverse("evaluation:result_detail", args=[theirs.pk])).status_code == 404
    client.force_login(other.users["official"])
    assert client.get(url).status_code == 404
    client.force_login(home.users["official"])
    assert client.get(url).status_code == 200


def test_objection_only_by_the_firm(client, home, other, setup):
    home_c, _ = setup
    mine = own_result(home, home_c)
    url = reverse("evaluation:objection_submit", args=[mine.pk])
    data = {"text": "Our land is 8 mu."}
    assert client.post(url, data).status_code == 302
    assert Objection.objects.count() == 0
    client.force_login(home.users["official"])
    assert client.post(url, data).status_code == 403
    client.force_login(other.users["enterprise"])
    assert client.post(url, data).status_code == 404
    neighbour = Result.objects.get(campaign=home_c, enterprise__name="tenant 1")
    client.force_login(home.users["enterprise"])
    other_url = reverse("evaluation:objection_submit", args=[neighbour.pk])
    assert client.post(other_url, data).status_code == 404
    assert client.get(url).status_code == 405
    assert client.post(url, data).status_code == 302
    assert Objection.objects.get().result == mine


def test_objection_decided_by_officials(client, home, other, setup):
    home_c, _ = setup
    client.force_login(home.users["enterprise"])
    client.post(reverse("evaluation:objection_submit", args=[own_result(home, home_c).pk]),
                {"text": "wrong land"})  # fmt: skip
    objection = Objection.objects.get()
    url = reverse("evaluation:objection_decide", args=[objection.pk])
    data = {"upheld": "0", "decision": "The lease says 10 mu."}
    client.logout()
    assert client.post(url, data).status_code == 302
    for role in ("enterprise", "investment"):
        client.force_login(home.users[role])
        assert client.post(url, data).status_code == 403
    client.force_login(other.users["official"])
    assert client.post(url, data).status_code == 404
    objection.refresh_from_db()
    assert objection.status == Objection.Status.PENDING
    client.force_login(home.users["official"])
    assert client.post(url, data).status_code == 302
    objection.refresh_from_db()
    assert objection.status == Objection.Status.REJECTED
    assert objection.decided_by == home.users["official"]
    # The campaign's page names the decider by name, not by username.
    official = home.users["official"]
    official.first_name = "韦建国"
    official.save()
    page = client.get(reverse("evaluation:campaign_detail", args=[home_c.pk])).content.decode()
    assert "Decided by 韦建国 on " in page


def test_actions_only_by_officials_of_the_region(client, home, other, setup):
    _, other_c = setup
    url = reverse("evaluation:campaign_action", args=[other_c.pk])
    assert client.post(url, {"action": "publish"}).status_code == 302  # to login
    client.force_login(other.users["investment"])
    assert client.post(url, {"action": "publish"}).status_code == 403
    client.force_login(home.users["official"])
    assert client.post(url, {"action": "publish"}).status_code == 404
    other_c.refresh_from_db()
    assert other_c.status == Campaign.Status.DRAFT
    client.force_login(other.users["official"])
    response = client.post(url, {"action": "publish"}, follow=True)
    other_c.refresh_from_db()
    assert other_c.status == Campaign.Status.PUBLISHED
    assert "objections are open" in response.content.decode()
    # Making it final inside the window is refused with a message.
    response = client.post(url, {"action": "finalise"}, follow=True)
    assert "still open" in response.content.decode()


def test_veto_form(client, home, other, setup):
    home_c, _ = setup
    url = reverse("evaluation:veto_new", args=[home_c.pk])
    data = {"enterprise": home.enterprise.credit_code, "reason": "safety", "evidence": "Report 17"}
    client.force_login(home.users["park_manager"])
    assert client.post(url, data).status_code == 403
    client.force_login(other.users["official"])
    assert client.post(url, data).status_code == 404
    client.force_login(home.users["official"])
    for firm in (other.enterprise.credit_code, str(home.enterprise.pk)):  # other county; an id
        refused = client.post(
            url, {**data, "enterprise": firm}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert "No tenant of this county has this credit code." in refused.content.decode()
    assert Veto.objects.count() == 0
    page = client.get(reverse("evaluation:campaign_detail", args=[home_c.pk])).content.decode()
    assert 'name="enterprise"' in page
    assert "<option" not in page.split('name="enterprise"')[1].split("</p>")[0]  # no list
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert "recorded already" in again.content.decode()
    assert Veto.objects.count() == 1
    client.post(reverse("evaluation:campaign_action", args=[home_c.pk]), {"action": "run"})
    assert own_result(home, home_c).evaluation_class == "D"


def test_export_is_a_workbook_of_the_visible_results(client, home, setup, tmp_path):
    home_c, _ = setup
    client.force_login(home.users["official"])
    url = reverse("evaluation:campaign_export", args=[home_c.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "x.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path)["评价结果"]
    header = [c.value for c in sheet[1]]
    expected = {
        "统一社会信用代码",
        "规模组",
        "亩均税收（万元/亩）",
        "得分：亩均税收",
        "总得分",
        "等级",
    }
    assert expected <= set(header), header
    assert sheet.max_row == 1 + 5
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert all(row[header.index("等级")] for row in rows)
    assert not {"True", "False", "nan", "None"} & {
        str(v) for row in rows for v in row if v is not None
    }
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    path.write_bytes(english.content)
    header = [c.value for c in load_workbook(path)["Evaluation results"][1]]
    assert {"Unified social credit code", "Total score", "Class"} <= set(header)


def test_park_ranking_page(client, home, setup):
    home_c, _ = setup
    client.force_login(home.users["official"])
    response = client.get(reverse("evaluation:park_ranking", args=[home_c.pk]))
    (row,) = response.context["rows"]
    assert row["park"] == home.park
    assert row["occupancy"] is None  # the fixture park has no units
    assert row["tier"] == 0.0
    assert "County average tax per mu" in response.content.decode()


def test_park_ranking_flags_page_apart(client, home, setup):
    """The low-efficiency list keeps only flagged results, a page at a time, in the county."""
    from microparks.apps.common.pagination import PAGE_SIZE

    home_c, _ = setup
    mine = own_result(home, home_c)
    Result.objects.filter(campaign=home_c).update(low_efficiency=[])
    flagged = Result.objects.get(pk=mine.pk)
    flagged.low_efficiency = ["low_tax"]
    flagged.save()
    client.force_login(home.users["official"])
    url = reverse("evaluation:park_ranking", args=[home_c.pk])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert [r.pk for r, _labels in response.context["flags"]] == [mine.pk]
    from microparks.apps.enterprises.models import Enterprise

    firms = Enterprise.objects.bulk_create(
        Enterprise(**{**_fields(home.enterprise), "credit_code": f"9{i:016d}X", "name": f"f{i}"})
        for i in range(PAGE_SIZE)
    )
    Result.objects.bulk_create(
        Result(**{**_fields(flagged), "enterprise_id": firm.pk}) for firm in firms
    )
    response = client.get(url, {"flags": 2}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["flagged"].paginator.count == PAGE_SIZE + 1
    assert len(response.context["flags"]) == 1


def _fields(obj):
    """A row's stored fields, to copy it (the id left out)."""
    return {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if f.attname != "id"
    }


def test_pages_render_in_chinese(client, home, setup):
    home_c, _ = setup
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(home.users["official"])
    mine = own_result(home, home_c)
    for url in (
        reverse("evaluation:campaign_list"),
        reverse("evaluation:campaign_detail", args=[home_c.pk]),
        reverse("evaluation:park_ranking", args=[home_c.pk]),
        reverse("evaluation:result_detail", args=[mine.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "zh-hans"
