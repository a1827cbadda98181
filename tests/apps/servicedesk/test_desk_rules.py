"""The desk as the rules say: status words, the overdue list, reassign and 督办 on escalated
tickets, files on replies, unread badges and people's names (issue 18, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from microparks.apps.accounts.models import Department, User
from microparks.apps.audit.models import AuditEntry
from microparks.apps.common.revision_forms import SEEN
from microparks.apps.servicedesk import escalation
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.attachments import AttachmentRefused
from microparks.apps.servicedesk.models import Attachment, Notification, Ticket
from microparks.apps.servicedesk.unread import unread_count
from tests.apps.servicedesk.conftest import at, file_ticket

pytestmark = pytest.mark.django_db
PW = "pw-Test-12345"
PDF = b"%PDF-1.4\n%%EOF\n"


def client_for(user: Any, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        assert client.login(username=user.username, password=PW)
    return client


def shown(ticket: Any) -> dict[str, Any]:
    return {SEEN: Ticket.objects.get(pk=ticket.pk).revision}


def escalated(desk: Any) -> Ticket:
    """A ticket of the home county raised to the township: its ack deadline passed."""
    ticket = file_ticket(desk)
    escalation.escalate_overdue(at(2024, 9, 25, 1))
    ticket.refresh_from_db()
    assert ticket.is_escalated
    return ticket


@pytest.fixture
def water_office(desk: Any) -> tuple[Department, User]:
    department = Department.objects.create(name="home water office", region=desk.county)
    handler = User.objects.create_user(
        username="home_water", password=PW, role="handler", department=department
    )
    handler.last_name, handler.first_name = "李", "清"
    handler.save()
    return department, handler


# --- status words ---------------------------------------------------------------------------


def test_a_new_ticket_is_submitted_for_the_tenant_and_awaiting_acceptance_for_the_desk(
    desk: Any,
) -> None:
    ticket = file_ticket(desk)
    tenant = client_for(desk.users["enterprise"], "zh-hans")
    page = tenant.get(reverse("servicedesk:portal_detail", args=[ticket.pk])).content.decode()
    assert "已提交" in page
    assert "已受理" not in page
    listed = tenant.get(reverse("servicedesk:portal")).content.decode()
    assert "已提交" in listed
    staff = client_for(desk.users["park_manager"], "zh-hans")
    page = staff.get(reverse("servicedesk:ticket_detail", args=[ticket.pk])).content.decode()
    assert "待受理" in page
    assert "已受理" not in page


def test_each_status_has_the_tenants_word() -> None:
    from microparks.apps.servicedesk.models import TENANT_STATUS

    assert set(TENANT_STATUS) == set(Ticket.Status)


# --- lists: overdue, escalation level, names ----------------------------------------------------


def test_the_overdue_filter_lists_overdue_tickets_only(desk: Any, settings: Any) -> None:
    late = file_ticket(desk, title="Late one")
    waiting = file_ticket(desk, title="Answered one")
    sv.do_assign(desk.users["park_manager"], waiting, now=at(2024, 9, 23, 11))
    sv.do_start(desk.users["handler"], waiting, now=at(2024, 9, 23, 12))
    sv.do_respond(desk.users["handler"], waiting, "Fixed", now=at(2024, 9, 23, 13))
    fresh = file_ticket(desk, title="Fresh one", now=at(2024, 10, 29, 9))
    settings.CLOCK = at(2024, 10, 29, 10)
    staff = client_for(desk.users["official"])
    page = staff.get(reverse("servicedesk:ticket_list") + "?status=overdue").content.decode()
    assert late.title in page
    assert waiting.title not in page  # waiting for the rating: not overdue
    assert fresh.title not in page
    everything = staff.get(reverse("servicedesk:ticket_list")).content.decode()
    assert fresh.title in everything


def test_the_list_shows_the_escalation_level_and_filters_by_it(desk: Any) -> None:
    ticket = escalated(desk)
    calm = file_ticket(desk, title="Calm one", now=at(2024, 10, 29, 9))
    staff = client_for(desk.users["official"], "zh-hans")
    page = staff.get(reverse("servicedesk:ticket_list") + "?tier=township").content.decode()
    assert ticket.title in page
    assert "升级层级" in page
    assert '<span class="badge escalated">乡镇</span>' in page
    assert calm.title not in page


def test_people_are_named_not_usernamed(desk: Any) -> None:
    handler = desk.users["handler"]
    handler.last_name, handler.first_name = "王", "电"
    handler.save()
    ticket = file_ticket(desk)
    sv.do_assign(desk.users["park_manager"], ticket, desk.department, handler)
    staff = client_for(desk.users["official"])
    listed = staff.get(reverse("servicedesk:ticket_list")).content.decode()
    assert "王电" in listed
    page = staff.get(reverse("servicedesk:ticket_detail", args=[ticket.pk])).content.decode()
    assert "王电" in page
    assert handler.username not in page  # not in the facts, the form nor the timeline


# --- reassign -----------------------------------------------------------------------------------


def test_reassign_only_an_escalated_ticket_with_a_reason(desk: Any, water_office: Any) -> None:
    department, handler = water_office
    official = desk.users["official"]
    calm = file_ticket(desk)
    with pytest.raises(sv.TransitionRefused, match="escalated"):
        sv.do_reassign(official, calm, department, handler, "wrong office")
    ticket = escalated(desk)
    with pytest.raises(sv.TransitionRefused, match="why"):
        sv.do_reassign(official, ticket, department, handler, " ")
    ticket = sv.do_reassign(official, ticket, department, handler, "It is a water main")
    assert (ticket.department, ticket.assignee, ticket.status) == (department, handler, "assigned")
    event = ticket.events.get(kind="reassigned")
    assert event.message == "It is a water main"
    assert event.detail["from_department"] == desk.department.pk
    assert event.detail["department"] == department.pk
    assert event.actor == official
    assert Notification.objects.filter(user=handler, ticket=ticket, kind="reassigned").exists()
    assert AuditEntry.objects.filter(
        model__iendswith="ticketevent", object_id=str(event.pk)
    ).exists()


def test_reassign_is_role_and_region_checked(desk: Any, other: Any, water_office: Any) -> None:
    department, handler = water_office
    ticket = escalated(desk)
    for user in (desk.users["handler"], desk.users["enterprise"], desk.users["investment"]):
        with pytest.raises(sv.ActionRefused):
            sv.do_reassign(user, ticket, department, handler, "x")
    for user in (other.users["official"], other.users["park_manager"]):
        with pytest.raises(sv.ActionRefused):
            sv.do_reassign(user, ticket, department, handler, "x")
    with pytest.raises(sv.TransitionRefused, match="county"):
        sv.do_reassign(desk.users["official"], ticket, other.department, None, "x")
    assert Ticket.objects.get(pk=ticket.pk).department == desk.department


def test_reassign_page(desk: Any, other: Any, water_office: Any) -> None:
    department, handler = water_office
    ticket = escalated(desk)
    url = reverse("servicedesk:ticket_act", args=[ticket.pk, "reassign"])
    data = {"department": department.pk, "handler": handler.pk, "reason": "Water main"}
    assert Client().post(url, data | shown(ticket)).status_code == 302  # to the login
    assert client_for(desk.users["enterprise"]).post(url, data).status_code == 403
    assert client_for(other.users["official"]).post(url, data).status_code == 404
    refused = client_for(desk.users["handler"]).post(url, data | shown(ticket), follow=True)
    assert "may not" in refused.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).department == desk.department
    page = client_for(desk.users["official"]).get(
        reverse("servicedesk:ticket_detail", args=[ticket.pk])
    )
    assert "Reassign the escalated ticket" in page.content.decode()
    assert "李清" in page.content.decode()  # the handler offered by name
    done = client_for(desk.users["official"]).post(url, data | shown(ticket))
    assert done.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).assignee == handler


# --- 督办 ---------------------------------------------------------------------------------------


def test_supervise_an_escalated_ticket(desk: Any, other: Any) -> None:
    official = desk.users["official"]
    calm = file_ticket(desk)
    with pytest.raises(sv.TransitionRefused, match="escalated"):
        sv.do_supervise(official, calm, "Hurry")
    ticket = escalated(desk)
    for user in (desk.users["park_manager"], desk.users["handler"], desk.users["enterprise"]):
        with pytest.raises(sv.ActionRefused):
            sv.do_supervise(user, ticket, "Hurry")
    with pytest.raises(sv.ActionRefused):
        sv.do_supervise(other.users["official"], ticket, "Hurry")
    with pytest.raises(sv.TransitionRefused, match="note"):
        sv.do_supervise(official, ticket, "")
    sv.do_supervise(official, ticket, "Reply to the firm by Friday")
    event = ticket.events.get(kind="supervised")
    assert (event.actor, event.message) == (official, "Reply to the firm by Friday")
    handler = desk.users["handler"]  # the department's handler: nobody is assigned yet
    assert Notification.objects.filter(user=handler, ticket=ticket, kind="supervised").exists()
    assert AuditEntry.objects.filter(
        model__iendswith="ticketevent", object_id=str(event.pk)
    ).exists()


def test_supervise_page_shows_the_note_to_the_desk_not_the_tenant(desk: Any, other: Any) -> None:
    ticket = escalated(desk)
    url = reverse("servicedesk:ticket_act", args=[ticket.pk, "supervise"])
    data = {"text": "Reply by Friday"} | shown(ticket)
    assert Client().post(url, data).status_code == 302
    assert client_for(desk.users["enterprise"]).post(url, data).status_code == 403
    assert client_for(other.users["official"]).post(url, data).status_code == 404
    client_for(desk.users["park_manager"]).post(url, data)
    assert not ticket.events.filter(kind="supervised").exists()
    official = client_for(desk.users["official"], "zh-hans")
    form = official.get(reverse("servicedesk:ticket_detail", args=[ticket.pk])).content.decode()
    assert "督办" in form
    assert official.post(url, data).status_code == 302
    page = client_for(desk.users["handler"]).get(
        reverse("servicedesk:ticket_detail", args=[ticket.pk])
    )
    assert "Reply by Friday" in page.content.decode()
    portal = client_for(desk.users["enterprise"]).get(
        reverse("servicedesk:portal_detail", args=[ticket.pk])
    )
    assert "Reply by Friday" not in portal.content.decode()


# --- files on replies ---------------------------------------------------------------------------


def test_the_handler_attaches_a_file_to_the_response(desk: Any, other: Any) -> None:
    pm, handler = desk.users["park_manager"], desk.users["handler"]
    ticket = file_ticket(desk)
    sv.do_assign(pm, ticket)
    sv.do_start(handler, ticket)
    letter = SimpleUploadedFile("reply.pdf", PDF, content_type="application/pdf")
    url = reverse("servicedesk:ticket_act", args=[ticket.pk, "respond"])
    data = {"text": "See the letter", "attachments": [letter]} | shown(ticket)
    assert client_for(other.users["handler"]).post(url, data).status_code == 404
    assert client_for(desk.users["enterprise"]).post(url, data).status_code == 403
    letter.seek(0)
    assert client_for(handler).post(url, data).status_code == 302
    row = Attachment.objects.get(ticket=ticket)
    assert (row.name, row.uploaded_by) == ("reply.pdf", handler)
    assert Ticket.objects.get(pk=ticket.pk).status == "responded"
    # The enterprise downloads it.
    got = client_for(desk.users["enterprise"]).get(reverse("servicedesk:attachment", args=[row.pk]))
    assert got.status_code == 200


def test_a_bad_file_on_a_reply_is_refused_and_nothing_is_answered(desk: Any) -> None:
    pm, handler = desk.users["park_manager"], desk.users["handler"]
    ticket = file_ticket(desk)
    sv.do_assign(pm, ticket)
    sv.do_start(handler, ticket)
    fake = SimpleUploadedFile("reply.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(AttachmentRefused, match="does not contain"):
        sv.do_respond(handler, ticket, "See the letter", files=[fake])
    assert Ticket.objects.get(pk=ticket.pk).status == "in_progress"
    question = SimpleUploadedFile("form.txt", "请填写".encode(), content_type="text/plain")
    sv.do_ask(handler, ticket, "Fill in the form", files=[question])
    assert Attachment.objects.filter(ticket=ticket, name="form.txt").exists()


# --- unread badges ------------------------------------------------------------------------------


def test_unread_replies_are_counted_until_the_ticket_is_opened(desk: Any) -> None:
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))
    ticket = file_ticket(desk)
    assert unread_count(handler) == 1  # a new ticket for the department
    assert unread_count(firm) == 0
    sv.do_assign(pm, ticket)
    sv.do_start(handler, ticket)
    sv.do_ask(handler, ticket, "Which meter?")
    assert unread_count(firm) == 1
    tenant = client_for(firm, "zh-hans")
    portal = tenant.get(reverse("servicedesk:portal")).content.decode()
    assert '<span class="badge unread-count"' in portal  # in the menu
    assert "新回复" in portal  # on the row
    tenant.get(reverse("servicedesk:portal_detail", args=[ticket.pk]))
    assert unread_count(firm) == 0
    listed = tenant.get(reverse("servicedesk:portal")).content.decode()
    assert '<span class="badge unread-count"' not in listed
    staff = client_for(handler)
    assert 'class="unread"' in staff.get(reverse("servicedesk:ticket_list")).content.decode()
    staff.get(reverse("servicedesk:ticket_detail", args=[ticket.pk]))
    assert unread_count(handler) == 0
