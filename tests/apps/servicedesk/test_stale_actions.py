"""Stale ticket actions: two people open a ticket, the first acts, the second is refused.

The second action was chosen on the page as it was before the first: it is refused (409) with
what changed, nothing of it is applied, its text stays in its form, and the ticket keeps the
first action. The refused page shows the new revision, so acting again goes through knowingly.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.common.revision_forms import SEEN
from microparks.apps.common.revisions import etag
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db
PW = "pw-Test-12345"
K = TicketEvent.Kind


def opened(user: Any, name: str, ticket: Ticket) -> tuple[Client, str]:
    """A signed-in client that opened the ticket's page, and the revision its forms carry."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    page = client.get(reverse(f"servicedesk:{name}", args=[ticket.pk]))
    assert page.status_code == 200
    return client, shown_on(page)


def shown_on(page: Any) -> str:
    found = re.findall(rf'name="{SEEN}" value="(\d+)"', page.content.decode())
    assert found, "the page's action forms carry no revision"
    assert len(set(found)) == 1
    return str(found[0])


def act(client: Client, ticket: Ticket, action: str, data: dict[str, Any]) -> Any:
    return client.post(reverse("servicedesk:ticket_act", args=[ticket.pk, action]), data)


def test_reassigning_a_ticket_reassigned_meanwhile_is_refused(desk: Any) -> None:
    ticket, first_handler = desk.ticket, desk.users["handler"]
    second_handler = User.objects.create_user(
        username="home_handler_2", password=PW, role=Role.HANDLER, department=desk.department
    )
    official, seen_one = opened(desk.users["official"], "ticket_detail", ticket)
    manager, seen_two = opened(desk.users["park_manager"], "ticket_detail", ticket)
    assert seen_one == seen_two == str(ticket.revision)

    assign = {"department": desk.department.pk}
    first = act(official, ticket, "assign", {**assign, "handler": first_handler.pk, SEEN: seen_one})
    assert first.status_code == 302

    mine = {**assign, "handler": second_handler.pk, SEEN: seen_two}
    refused = act(manager, ticket, "assign", mine)
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else changed" in body
    assert "handler: saved meanwhile “home_handler”, yours “home_handler_2”" in body
    ticket.refresh_from_db()
    assert ticket.assignee == first_handler
    assert ticket.events.filter(kind=K.ASSIGNED).count() == 1

    # The refused page shows the ticket as it is now: assigning again is a knowing choice.
    again = act(manager, ticket, "assign", {**mine, SEEN: shown_on(refused)})
    assert again.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == second_handler


def test_reply_to_a_ticket_closed_and_reopened_meanwhile_is_refused(desk: Any) -> None:
    manager, handler = desk.users["park_manager"], desk.users["handler"]
    ticket = sv.do_start(handler, sv.do_assign(manager, desk.ticket, desk.department, handler))
    page_client, seen = opened(handler, "ticket_detail", ticket)
    # Meanwhile a colleague answers, the manager closes, then reopens: in progress again.
    sv.do_respond(desk.users["official"], ticket, "Transformer on Friday")
    sv.do_close(manager, ticket)
    sv.do_reopen(manager, ticket, "The tenant called again")
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.IN_PROGRESS

    refused = act(page_client, ticket, "respond", {"text": "My own answer", SEEN: seen})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else changed" in body
    assert "response: saved meanwhile “Transformer on Friday”, yours “My own answer”" in body
    assert ">My own answer</textarea>" in body  # the reply is not lost
    ticket.refresh_from_db()
    assert ticket.response == "Transformer on Friday"
    assert ticket.status == Ticket.Status.IN_PROGRESS
    assert ticket.events.filter(kind=K.RESPONDED).count() == 1

    # A form that does not say which revision it showed is refused as well.
    blind = act(page_client, ticket, "respond", {"text": "My own answer"})
    assert blind.status_code == 409
    assert Ticket.objects.get(pk=ticket.pk).events.filter(kind=K.RESPONDED).count() == 1


def test_tenant_rating_a_ticket_closed_meanwhile_is_refused(desk: Any) -> None:
    manager, handler = desk.users["park_manager"], desk.users["handler"]
    ticket = sv.do_start(handler, sv.do_assign(manager, desk.ticket, desk.department, handler))
    ticket = sv.do_respond(handler, ticket, "Fixed")
    firm, seen = opened(desk.users["enterprise"], "portal_detail", ticket)
    sv.do_close(manager, ticket, "no rating in a week")

    url = reverse("servicedesk:portal_act", args=[ticket.pk, "rate"])
    refused = firm.post(url, {"score": 2, "comment": "Slow to come", SEEN: seen})
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else changed" in body
    assert "status: now “Closed”" in body
    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction, ticket.satisfaction_comment) == ("closed", None, "")
    assert not ticket.events.filter(kind=K.RATED).exists()


def test_staff_action_after_a_job_changed_the_ticket_is_refused(desk: Any) -> None:
    """A write that bypasses ``save`` (an ``update()``, as jobs and the demo do) counts too."""
    ticket = desk.ticket
    client, seen = opened(desk.users["park_manager"], "ticket_detail", ticket)
    Ticket.objects.filter(pk=ticket.pk).update(priority=Ticket.Priority.URGENT)
    data = {"department": desk.department.pk, SEEN: seen}
    refused = act(client, ticket, "assign", data)
    assert refused.status_code == 409
    assert "Someone else changed" in refused.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.RECEIVED


def _post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def test_api_action_honours_if_match(desk: Any) -> None:
    manager, handler = desk.users["park_manager"], desk.users["handler"]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(handler)
    ticket = sv.do_assign(manager, desk.ticket, desk.department, handler)
    url = f"/api/tickets/{ticket.pk}"
    read = client.get(url)["ETag"]
    sv.do_ask(manager, ticket, "Which line?")  # someone acts after the client read

    stale = _post(client, f"{url}/start", {}, if_match=read)
    assert stale.status_code == 412
    changed = {c["field"] for c in stale.json()["changes"]}
    assert "waiting_since" in changed
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.ASSIGNED

    fresh = client.get(url)["ETag"]
    started = _post(client, f"{url}/start", {}, if_match=fresh)
    assert started.status_code == 200, started.content
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS
    assert started["ETag"] == etag(ticket) != fresh
    # Without If-Match the workflow's rules alone apply, as for the clients before the tags.
    assert _post(client, f"{url}/ask", {"text": "And the meter?"}).status_code == 200
