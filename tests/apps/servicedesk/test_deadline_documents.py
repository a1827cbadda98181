"""Deadlines and working calendars from the rules documents in effect, recorded on each ticket."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microparks.apps.rules.models import RulesDocument
from microparks.apps.rules.services import Draft, activate, in_effect, layers, retire, save_draft
from microparks.apps.servicedesk import policies
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.models import Ticket
from tests.apps.servicedesk.conftest import at, file_ticket

pytestmark = pytest.mark.django_db

PLATFORM_DEADLINES = "Default service-desk deadlines · v1"
OFFICIAL_CALENDAR = "China's official working calendar · v1"


def publish(user: Any, kind: str, content: str, title: str, **place: Any) -> RulesDocument:
    """Draft a document (a new version of the place's ``default`` lineage) and activate it."""
    where = place.get("region")
    keys = RulesDocument.key_for(where.pk if where else None, None)
    parent = RulesDocument.objects.filter(
        kind=kind, name="default", scope_key=keys, status="active"
    ).first()
    draft = Draft(kind=kind, name="default", title=title, content=content, **place)
    return activate(user, save_draft(user, draft, parent=parent))


def county_deadlines(desk: Any, content: str) -> RulesDocument:
    official = desk.users["official"]
    return publish(official, "deadlines", content, "home county deadlines", region=desk.county)


def documents(ticket: Ticket) -> tuple[RulesDocument | None, list[RulesDocument]]:
    ticket.refresh_from_db()
    return ticket.deadline_rules, [c.document for c in ticket.calendar_layers.order_by("position")]


def test_a_ticket_records_the_documents_in_effect(desk: Any) -> None:
    ticket = file_ticket(desk)
    deadlines, calendars = documents(ticket)
    assert deadlines == in_effect("deadlines")
    assert deadlines.scope_key == "*"
    assert calendars == layers("calendar")
    assert len(calendars) == 1
    assert ticket.deadline_basis == f"{PLATFORM_DEADLINES}; {OFFICIAL_CALENDAR}"


def test_the_county_document_beats_the_platform_document(desk: Any, other: Any) -> None:
    admin = desk.users["admin"]
    publish(admin, "deadlines", "default: {ack: 1, respond: 2, close: 3}\n", "Platform v2")
    assert file_ticket(desk).due_at == at(2024, 9, 27, 0)  # to the end of 24, 25, 26 Sep
    county = county_deadlines(desk, "default: {ack: 2, respond: 4, close: 8}\n")
    ticket = file_ticket(desk)
    assert ticket.ack_due_at == at(2024, 9, 26, 0)
    assert ticket.due_at == at(2024, 10, 10, 0)  # 24,25,26,27,29,30 Sep, 8, 9 Oct
    assert documents(ticket)[0] == county
    assert ticket.deadline_basis.startswith("home county deadlines · v1; ")
    # The other county still follows the platform's document.
    assert file_ticket(other).due_at == at(2024, 9, 27, 0)


def test_a_category_rule_beats_a_priority_rule(desk: Any) -> None:
    county_deadlines(
        desk,
        "default: {ack: 1, respond: 3, close: 5}\n"
        "rules:\n"
        "  - {priority: urgent, ack: 0.5, respond: 1, close: 2}\n"
        "  - {category: electricity, ack: 1, respond: 2, close: 3}\n",
    )
    assert file_ticket(desk, priority="urgent").due_at == at(2024, 9, 27, 0)  # electricity: 3
    water = file_ticket(desk, priority="urgent", category="water")
    assert water.due_at == at(2024, 9, 26, 0)  # the urgent rule: 2


def test_a_county_calendar_adds_a_local_day_off(desk: Any, other: Any) -> None:
    official = desk.users["official"]
    local = publish(
        official,
        "calendar",
        "days_off:\n  - {date: 2024-09-24, name: 防汛}\n"
        "working_days:\n  - {date: 2024-09-28, name: 会战}\n",
        "home county calendar",
        region=desk.county,
    )
    ticket = file_ticket(desk)
    # Tue 24 Sep is off in the county; the shipped office hours close at 18:00
    assert ticket.ack_due_at == at(2024, 9, 25, 18)
    assert ticket.due_at == at(2024, 9, 29, 18)  # 25, 26, 27, 28 (local), 29 (official)
    calendars = documents(ticket)[1]
    assert [c.scope_key for c in calendars] == ["*", f"r{desk.county.pk}"]
    assert calendars[1] == local
    assert ticket.deadline_basis.endswith(f"{OFFICIAL_CALENDAR}; home county calendar · v1")
    assert file_ticket(other).ack_due_at == at(2024, 9, 24, 18)  # not in the other county
    # Retiring the county's calendar takes effect at once (no stale cache).
    retire(official, local)
    assert file_ticket(desk).ack_due_at == at(2024, 9, 24, 18)


def test_a_ticket_keeps_its_documents_and_deadlines_after_a_new_version(desk: Any) -> None:
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))
    ticket = file_ticket(desk)
    before = documents(ticket)
    due = (ticket.ack_due_at, ticket.response_due_at, ticket.due_at)
    sv.do_assign(pm, ticket, now=at(2024, 9, 23, 11))
    sv.do_ask(handler, ticket, "Which meter?", now=at(2024, 9, 23, 12))
    # New rules while the ticket waits: shorter county deadlines, a local day off.
    county_deadlines(desk, "default: {ack: 0.5, respond: 1, close: 2}\n")
    publish(
        desk.users["official"],
        "calendar",
        "days_off:\n  - {date: 2024-09-26}\n",
        "home county calendar",
        region=desk.county,
    )
    # The answer next day at 14:00 restarts the clocks on the documents recorded at reception;
    # the wait counted from 24 Sep 00:00 (the day of filing is not counted): in the shipped
    # office hours, 08:30-12:00 of 24 Sep (3.5 hours), so each deadline, at 18:00, moves to
    # 12:00 of the next working day.
    assert due == (at(2024, 9, 24, 18), at(2024, 9, 26, 18), at(2024, 9, 29, 18))
    ticket = sv.do_answer(firm, ticket, "Meter 2", now=at(2024, 9, 24, 14))
    assert documents(ticket) == before
    moved = (ticket.ack_due_at, ticket.response_due_at, ticket.due_at)
    assert moved == (at(2024, 9, 25, 12), at(2024, 9, 27, 12), at(2024, 9, 30, 12))
    assert ticket.deadline_basis == f"{PLATFORM_DEADLINES}; {OFFICIAL_CALENDAR}"
    # Reopening starts a new clock, still on the recorded documents.
    sv.do_start(handler, ticket, now=at(2024, 9, 24, 9))
    sv.do_respond(handler, ticket, "Replaced", now=at(2024, 9, 24, 10))
    ticket = sv.do_reopen(firm, ticket, "Trips again", now=at(2024, 9, 25, 10))
    assert documents(ticket) == before
    # From Wed 25 Sep 10:00: 26, 27, 29 (make-up), 30 Sep, 8 Oct, to its end; with the county's
    # new day off on 26 Sep it would be 9 Oct.
    assert ticket.due_at == at(2024, 10, 8, 18)
    # A new ticket follows the new documents.
    fresh = file_ticket(desk)
    assert documents(fresh)[0].title == "home county deadlines"
    assert fresh.due_at == at(2024, 9, 26, 0)  # to the end of 24 and 25 Sep
    # The documents count as used (their content is frozen) and list the tickets that used them.
    assert before[0] is not None
    assert before[0].is_used()
    assert before[0].deadline_tickets.filter(pk=ticket.pk).exists()
    assert before[1][0].calendar_tickets.filter(pk=ticket.pk).exists()


def test_the_page_shows_the_recorded_documents(desk: Any) -> None:
    ticket = file_ticket(desk)
    county_deadlines(desk, "default: {ack: 2, respond: 4, close: 8}\n")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(desk.users["park_manager"])
    page = unescape(
        client.get(reverse("servicedesk:ticket_detail", args=[ticket.pk])).content.decode()
    )
    assert PLATFORM_DEADLINES in page
    assert OFFICIAL_CALENDAR in page
    assert "home county deadlines" not in page
    # Each document links to its page on the rules pages.
    assert f'href="{reverse("rules:detail", args=[ticket.deadline_rules_id])}"' in page
    # The enterprise sees the same documents, without links to pages it may not read.
    client.force_login(desk.users["enterprise"])
    page = unescape(
        client.get(reverse("servicedesk:portal_detail", args=[ticket.pk])).content.decode()
    )
    assert PLATFORM_DEADLINES in page
    assert "/rules/" not in page


def test_the_api_gives_the_document_ids(desk: Any) -> None:
    ticket = file_ticket(desk)
    client = Client()
    client.force_login(desk.users["park_manager"])
    body = client.get(f"/api/tickets/{ticket.pk}").json()
    assert body["deadline_rules_id"] == ticket.deadline_rules_id
    assert body["calendar_rules_ids"] == [d.pk for d in layers("calendar")]


def test_without_a_deadlines_document_a_ticket_is_received_without_deadlines(desk: Any) -> None:
    retire(desk.users["admin"], in_effect("deadlines"))
    ticket = file_ticket(desk)
    assert (ticket.ack_due_at, ticket.due_at, ticket.deadline_rules) == (None, None, None)
    assert policies.missed_deadlines(ticket, at(2025, 1, 1, 0)) == []
