"""Pages of the evaluation workflow: the 催报 list and reminders, objection files, the firm's
sheet with its reason and 提升方向, publication rounds, decision wording. Each new page for
anonymous, wrong role, other region and right role."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.evaluation.models import Notice, Objection, Reminder, Result
from microparks.apps.evaluation.services import publish_campaign, run_evaluation
from tests.apps.evaluation.helpers import add_tenant, campaign

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2025, 6, 9, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def setup(home, other, settings, tmp_path):
    """Home: five firms, published on Monday 9 June 2025; tenant 4 has no record for 2024."""
    settings.MEDIA_ROOT = tmp_path
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)
    AnnualRecord.objects.filter(enterprise__name="tenant 4").update(year=2023)
    out = {}
    for county in (home, other):
        c = campaign(county)
        run_evaluation(c, county.users["official"])
        out[county.county.code] = c
    with override_settings(CLOCK=MONDAY):
        publish_campaign(out[home.county.code], home.users["official"])
    return out[home.county.code], out[other.county.code]


def test_unfiled_list_by_role_and_region(client, home, other, setup):
    home_c, _ = setup
    url = reverse("evaluation:unfiled", args=[home_c.pk])
    assert client.get(url).status_code == 302  # anonymous
    for role in ("enterprise", "handler", "investment"):
        client.force_login(home.users[role])
        assert client.get(url).status_code == 403, role
    client.force_login(other.users["official"])
    assert client.get(url).status_code == 404
    client.force_login(home.users["official"])
    response = client.get(url)
    assert response.status_code == 200
    assert [u.enterprise.name for u in response.context["page"]] == ["tenant 4"]


def test_reminder_is_recorded_and_reaches_the_firm(client, home, other, setup):
    home_c, _ = setup
    url = reverse("evaluation:remind", args=[home_c.pk])
    firm = Result.objects.model._meta.apps.get_model("enterprises", "Enterprise").objects.get(
        name="tenant 4"
    )
    client.force_login(other.users["official"])
    assert client.post(url, {"all": "1"}).status_code == 404
    client.force_login(home.users["enterprise"])
    assert client.post(url, {"all": "1"}).status_code == 403
    assert not Reminder.objects.exists()
    client.force_login(home.users["official"])
    # a firm that has filed is not reminded even when named
    client.post(url, {"enterprise": [str(firm.pk), str(home.enterprise.pk)]})
    reminder = Reminder.objects.get()
    assert (reminder.enterprise, reminder.sent_by) == (firm, home.users["official"])
    page = client.get(reverse("evaluation:unfiled", args=[home_c.pk]))
    assert page.context["page"][0].reminded_at == reminder.sent_at


def test_objection_with_a_file_and_who_may_read_it(client, home, other, setup):
    home_c, _ = setup
    result = Result.objects.get(campaign=home_c, enterprise=home.enterprise)
    client.force_login(home.users["enterprise"])
    pdf = SimpleUploadedFile("lease.pdf", b"%PDF-1.4 lease", content_type="application/pdf")
    with override_settings(CLOCK=MONDAY):
        client.post(
            reverse("evaluation:objection_submit", args=[result.pk]),
            {"text": "The lease says 8 mu.", "attachment": pdf},
        )
    objection = Objection.objects.get()
    url = reverse("evaluation:objection_file", args=[objection.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(other.users["official"])
    assert client.get(url).status_code == 404
    client.force_login(other.users["enterprise"])
    assert client.get(url).status_code == 404
    client.force_login(home.users["official"])
    assert client.get(url).status_code == 200


def test_decision_reads_upheld_or_dismissed_in_chinese(client, home, setup):
    home_c, _ = setup
    client.force_login(home.users["official"])
    page = client.get(
        reverse("evaluation:campaign_detail", args=[home_c.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    form = str(page.context["decision_form"])
    assert "异议成立" in form
    assert "异议不成立（驳回）" in form
    assert "不予准入" not in form


def test_sheet_says_why_and_how_far_to_the_next_class(client, home, other, setup):
    home_c, _ = setup
    low = Result.objects.filter(campaign=home_c).exclude(evaluation_class="A").order_by("total")[0]
    firm_user = home.users["enterprise"]
    url = reverse("evaluation:result_detail", args=[low.pk])
    client.force_login(home.users["official"])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "only 4 firms were evaluated" in response.context["reason"]  # tenant 4 did not file
    assert response.context["advice"]
    assert all(
        "would raise the class to" in a or "more points" in a for a in response.context["advice"]
    )
    sheet = reverse("evaluation:result_export", args=[low.pk])
    book = load_workbook(BytesIO(client.get(sheet, HTTP_ACCEPT_LANGUAGE="en").content))
    headers = [c.value for c in next(book.active.iter_rows(max_row=1))]
    assert {"Why this class", "How to reach the next class", "Total score"} <= set(headers)
    client.force_login(other.users["official"])
    assert client.get(sheet).status_code == 404
    client.force_login(firm_user)
    own = Result.objects.get(campaign=home_c, enterprise=home.enterprise)
    assert client.get(reverse("evaluation:result_export", args=[own.pk])).status_code == 200
    assert client.get(sheet).status_code == 404 or low.enterprise == home.enterprise


def test_small_group_warning_and_lone_firm_sheet(client, other, setup):
    _, other_c = setup  # one firm in the other county: below five, graded by bands
    client.force_login(other.users["official"])
    page = client.get(
        reverse("evaluation:campaign_detail", args=[other_c.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.context["small_groups"]
    assert b"too few for quotas" in page.content
    result = Result.objects.get(campaign=other_c)
    assert result.evaluation_class != "D"
    sheet = client.get(
        reverse("evaluation:result_detail", args=[result.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "not by quota" in sheet.context["reason"]


def test_firm_sees_its_notices_and_publication_rounds_are_listed(client, home, setup):
    home_c, _ = setup
    client.force_login(home.users["enterprise"])
    page = client.get(reverse("evaluation:campaign_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert [n.kind for n, _text in page.context["notices"]] == [Notice.Kind.PUBLISHED]
    assert b"is published; objections until 2025-06-12" in page.content
    assert Notice.objects.get(user=home.users["enterprise"]).read_at is not None
    client.force_login(home.users["official"])
    detail = client.get(reverse("evaluation:campaign_detail", args=[home_c.pk]))
    assert [p.number for p in detail.context["publications"]] == [1]
