"""Permissions of every page: anonymous, wrong role, other region, right role; and the forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from microparks.apps.accounts.models import Department
from microparks.apps.common.revision_forms import SEEN
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.models import Article, Attachment, Notification, Ticket
from tests.apps.servicedesk.conftest import file_ticket

pytestmark = pytest.mark.django_db
PW = "pw-Test-12345"
PDF = b"%PDF-1.4\n%%EOF\n"
STAFF = ("official", "park_manager", "handler")


def client_for(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        assert client.login(username=user.username, password=PW)
    return client


def shown(ticket: Any) -> dict[str, Any]:
    """The revision the ticket's page shows now, as its action forms post it."""
    return {SEEN: Ticket.objects.get(pk=ticket.pk).revision}


def get(user: Any, name: str, *args: Any) -> Any:
    return client_for(user).get(reverse(f"servicedesk:{name}", args=args))


def post(user: Any, name: str, *args: Any, data: Any = None) -> Any:
    return client_for(user).post(reverse(f"servicedesk:{name}", args=args), data or {})


@pytest.mark.parametrize(
    "name", ["index", "ticket_list", "portal", "portal_new", "library", "notifications"]
)
def test_anonymous_is_sent_to_login(desk: Any, name: str) -> None:
    response = get(None, name)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("name", "args"),
    [("ticket_detail", True), ("portal_detail", True), ("attachment", False), ("article", False)],
)
def test_anonymous_objects(desk: Any, name: str, args: bool) -> None:
    assert get(None, name, desk.ticket.pk if args else 1).status_code == 302


def test_index_sends_each_role_to_its_page(desk: Any) -> None:
    expect = {
        "official": "ticket_list",
        "park_manager": "ticket_list",
        "handler": "ticket_list",
        "enterprise": "portal",
        "investment": "library",
        "admin": "ticket_list",
    }
    for role, target in expect.items():
        assert get(desk.users[role], "index")["Location"] == reverse(f"servicedesk:{target}")


def test_staff_list_and_detail_by_role_and_region(desk: Any, other: Any) -> None:
    for role in ("enterprise", "investment"):
        assert get(desk.users[role], "ticket_list").status_code == 403
        assert get(desk.users[role], "ticket_detail", desk.ticket.pk).status_code == 403
    for role in STAFF:
        listing = get(desk.users[role], "ticket_list")
        assert listing.status_code == 200
        assert desk.ticket.title in listing.content.decode()
        assert other.ticket.title not in listing.content.decode()
        assert get(desk.users[role], "ticket_detail", desk.ticket.pk).status_code == 200
        assert get(other.users[role], "ticket_detail", desk.ticket.pk).status_code == 404
    assert get(desk.users["admin"], "ticket_detail", other.ticket.pk).status_code == 200


def test_handler_sees_only_their_department(desk: Any) -> None:
    water = Department.objects.create(name="water office", region=desk.county)
    ticket = file_ticket(desk, category="water", title="Low pressure")
    sv.do_assign(desk.users["park_manager"], ticket, water)
    handler = desk.users["handler"]
    assert get(handler, "ticket_detail", ticket.pk).status_code == 404
    assert "Low pressure" not in get(handler, "ticket_list").content.decode()
    assert "Low pressure" in get(desk.users["park_manager"], "ticket_list").content.decode()


def test_staff_actions_through_the_page(desk: Any, other: Any) -> None:
    ticket = desk.ticket
    pm, handler = desk.users["park_manager"], desk.users["handler"]
    data = {"department": desk.department.pk, **shown(ticket)}
    assert post(None, "ticket_act", ticket.pk, "assign", data=data).status_code == 302
    assert (
        post(other.users["park_manager"], "ticket_act", ticket.pk, "assign", data=data).status_code
        == 404
    )
    assert post(handler, "ticket_act", ticket.pk, "assign", data=data).status_code == 403
    assert (
        post(desk.users["enterprise"], "ticket_act", ticket.pk, "assign", data=data).status_code
        == 403
    )
    assert (
        client_for(pm)
        .get(reverse("servicedesk:ticket_act", args=[ticket.pk, "assign"]))
        .status_code
        == 405
    )
    assert Ticket.objects.get(pk=ticket.pk).status == "received"
    response = post(pm, "ticket_act", ticket.pk, "assign", data=data)
    assert response["Location"] == reverse("servicedesk:ticket_detail", args=[ticket.pk])
    assert Ticket.objects.get(pk=ticket.pk).status == "assigned"
    # A refused transition comes back as a message, and nothing changes.
    response = client_for(handler).post(
        reverse("servicedesk:ticket_act", args=[ticket.pk, "respond"]),
        {"text": "x", **shown(ticket)},
        follow=True,
    )
    assert "Not possible while the ticket is Assigned." in response.content.decode()
    post(handler, "ticket_act", ticket.pk, "start", data=shown(ticket))
    respond = {"text": "New transformer on Friday", **shown(ticket)}
    post(handler, "ticket_act", ticket.pk, "respond", data=respond)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.response) == ("responded", "New transformer on Friday")
    assert post(pm, "ticket_act", ticket.pk, "unknown").status_code == 404


def test_portal_pages_by_role_and_enterprise(desk: Any, other: Any) -> None:
    firm = desk.users["enterprise"]
    for role in (*STAFF, "investment"):
        assert get(desk.users[role], "portal").status_code == 403
        assert get(desk.users[role], "portal_detail", desk.ticket.pk).status_code == 403
    page = get(firm, "portal").content.decode()
    assert desk.ticket.title in page
    assert other.ticket.title not in page
    assert get(firm, "portal_detail", desk.ticket.pk).status_code == 200
    # Enterprise A gets 404 on enterprise B's ticket, by page and by action.
    assert get(firm, "portal_detail", other.ticket.pk).status_code == 404
    assert post(firm, "portal_act", other.ticket.pk, "rate", data={"score": 5}).status_code == 404


def test_tenant_files_answers_and_rates(desk: Any, settings: Any) -> None:
    firm = desk.users["enterprise"]
    client = client_for(firm)
    upload = SimpleUploadedFile("meter.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("servicedesk:portal_new"),
        {
            "park": desk.park.pk,
            "category": "electricity",
            "priority": "normal",
            "title": "Voltage drops",
            "description": "Every morning",
            "attachments": [upload],
        },
    )
    ticket = Ticket.objects.get(title="Voltage drops")
    assert response["Location"] == reverse("servicedesk:portal_detail", args=[ticket.pk])
    assert ticket.attachments.get().name == "meter.pdf"
    assert ticket.department == desk.department
    sv.do_ask(desk.users["handler"], ticket, "Which line?")
    answer = {"text": "Line 2", **shown(ticket)}
    client.post(reverse("servicedesk:portal_act", args=[ticket.pk, "answer"]), answer)
    ticket.refresh_from_db()
    assert ticket.waiting_since is None
    sv.do_start(desk.users["handler"], sv.do_assign(desk.users["park_manager"], ticket))
    sv.do_respond(desk.users["handler"], ticket, "Fixed")
    client.post(
        reverse("servicedesk:portal_act", args=[ticket.pk, "rate"]),
        {"score": 5, "comment": "好", **shown(ticket)},
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction, ticket.satisfaction_comment) == ("closed", 5, "好")


def test_bad_attachment_refused_with_message_and_nothing_saved(desk: Any, settings: Any) -> None:
    before = Ticket.objects.count()
    response = client_for(desk.users["enterprise"]).post(
        reverse("servicedesk:portal_new"),
        {
            "park": desk.park.pk,
            "category": "water",
            "priority": "normal",
            "title": "t",
            "description": "d",
            "attachments": [SimpleUploadedFile("run.exe", b"MZ\x90")],
        },
    )
    assert response.status_code == 400
    assert "run.exe: this file type is not allowed" in response.content.decode()
    assert Ticket.objects.count() == before
    assert not Path(settings.MEDIA_ROOT).exists()


def test_attachment_download_scoped(desk: Any, other: Any) -> None:
    ticket = file_ticket(desk, files=[SimpleUploadedFile("m.pdf", PDF)])
    pk = Attachment.objects.get(ticket=ticket).pk
    for user in (desk.users["enterprise"], desk.users["handler"], desk.users["official"]):
        response = get(user, "attachment", pk)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    for role in ("enterprise", "handler", "official", "park_manager"):
        assert get(other.users[role], "attachment", pk).status_code == 404
    assert get(desk.users["investment"], "attachment", pk).status_code == 403


def test_library_by_region_and_category(desk: Any, other: Any) -> None:
    everywhere = Article.objects.create(title="Power subsidy", body="b", categories="electricity")
    home_only = Article.objects.create(title="Home land rule", body="b", region=desk.township)
    other_only = Article.objects.create(title="Other rule", body="b", region=other.county)
    for role in ("enterprise", "handler", "official", "park_manager", "investment"):
        page = get(desk.users[role], "library").content.decode()
        assert "Power subsidy" in page
        assert "Home land rule" in page
        assert "Other rule" not in page
        assert get(desk.users[role], "article", other_only.pk).status_code == 404
        assert get(desk.users[role], "article", home_only.pk).status_code == 200
    firm = desk.users["enterprise"]
    water = client_for(firm).get(reverse("servicedesk:library"), {"category": "water"})
    assert everywhere.title not in water.content.decode()
    assert "Home land rule" in water.content.decode()  # no categories: suggested everywhere


def test_suggestions_on_ticket_and_policies_in_portal(desk: Any) -> None:
    Article.objects.create(title="Power subsidy", body="b", categories="electricity")
    Article.objects.create(title="Hiring fair", body="b", categories="labour")
    detail = get(desk.users["handler"], "ticket_detail", desk.ticket.pk).content.decode()
    assert "Power subsidy" in detail
    assert "Hiring fair" not in detail
    portal = get(desk.users["enterprise"], "portal").content.decode()
    assert "Power subsidy" in portal
    assert "Hiring fair" not in portal


def test_notifications_are_personal(desk: Any, other: Any) -> None:
    ticket = file_ticket(desk)
    handler = desk.users["handler"]
    assert ticket.title in get(handler, "notifications").content.decode()
    assert ticket.title not in get(other.users["handler"], "notifications").content.decode()
    post(handler, "notifications")
    assert not Notification.objects.filter(user=handler, read_at__isnull=True).exists()


def test_detail_offers_only_the_possible_actions(desk: Any) -> None:
    pm, handler = desk.users["park_manager"], desk.users["handler"]
    received = get(pm, "ticket_detail", desk.ticket.pk).content.decode()
    assert "/assign/" in received
    assert "/respond/" not in received
    assert "/assign/" not in get(handler, "ticket_detail", desk.ticket.pk).content.decode()
    sv.do_assign(pm, desk.ticket)
    sv.do_start(handler, desk.ticket)
    ticket = sv.do_respond(handler, desk.ticket, "ok")
    page = get(handler, "ticket_detail", ticket.pk).content.decode()
    assert "Nothing to do at this stage." in page
    assert "/reopen/" in get(pm, "ticket_detail", ticket.pk).content.decode()


def test_staff_link_articles_the_tenant_sees(desk: Any, other: Any) -> None:
    subsidy = Article.objects.create(title="Power subsidy", body="b", categories="electricity")
    foreign = Article.objects.create(title="Other rule", body="b", region=other.county)
    handler, firm = desk.users["handler"], desk.users["enterprise"]
    url = ("ticket_act", desk.ticket.pk, "link")
    assert post(firm, *url, data={"article": subsidy.pk}).status_code == 403
    assert post(other.users["handler"], *url, data={"article": subsidy.pk}).status_code == 404
    assert post(handler, *url, data={"article": foreign.pk}).status_code == 404
    assert post(handler, *url, data={"article": subsidy.pk}).status_code == 302
    assert list(desk.ticket.articles.all()) == [subsidy]
    page = get(firm, "portal_detail", desk.ticket.pk).content.decode()
    assert "Policies and answers for this request" in page
    with pytest.raises(sv.ActionRefused, match="outside your scope"):
        sv.do_link_article(handler, desk.ticket, foreign)


def test_filing_form_suggests_by_category(desk: Any) -> None:
    Article.objects.create(title="Power subsidy", body="b", categories="electricity")
    Article.objects.create(title="Hiring fair", body="b", categories="labour")
    assert get(None, "portal_suggest").status_code == 302
    assert get(desk.users["handler"], "portal_suggest").status_code == 403
    firm = client_for(desk.users["enterprise"])
    url = reverse("servicedesk:portal_suggest")
    power = firm.get(url, {"category": "electricity"}).content.decode()
    assert "Power subsidy" in power
    assert "Hiring fair" not in power
    form = firm.get(reverse("servicedesk:portal_new")).content.decode()
    assert f'hx-get="{url}"' in form
    assert 'id="suggestions"' in form


def test_answer_with_refused_file_shows_message_and_keeps_question(desk: Any) -> None:
    ticket = sv.do_ask(desk.users["park_manager"], desk.ticket, "Photo?")
    client = client_for(desk.users["enterprise"])
    response = client.post(
        reverse("servicedesk:portal_act", args=[ticket.pk, "answer"]),
        {"text": "here", "attachments": [SimpleUploadedFile("x.exe", b"MZ")], **shown(ticket)},
        follow=True,
    )
    assert "x.exe: this file type is not allowed" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.waiting_since is not None
    assert not ticket.attachments.exists()
    assert not ticket.events.filter(kind="answer").exists()
