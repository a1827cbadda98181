"""Every transition of the workflow, the refused ones, deadlines and the timeline."""

from __future__ import annotations

from typing import Any

import pytest

from microparks.apps.servicedesk import escalation
from microparks.apps.servicedesk import services as sv
from microparks.apps.servicedesk.models import Notification, RoutingRule, Ticket
from tests.apps.servicedesk.conftest import at, file_ticket

pytestmark = pytest.mark.django_db
S = Ticket.Status


def kinds(ticket: Ticket) -> list[str]:
    return list(ticket.events.values_list("kind", flat=True))


def test_filing_routes_and_sets_working_day_deadlines(desk: Any) -> None:
    ticket = file_ticket(desk)
    assert ticket.status == S.RECEIVED
    assert ticket.department == desk.department
    assert ticket.tier == Ticket.Tier.PARK
    # 1/3/5 working days from Mon 23 Sep 10:00: the day of filing is not counted, each period
    # ends when the offices close (18:00, the shipped office hours) on its last working day;
    # Sun 29 Sep 2024 is a make-up working day.
    assert ticket.ack_due_at == at(2024, 9, 24, 18)
    assert ticket.response_due_at == at(2024, 9, 26, 18)
    assert ticket.due_at == at(2024, 9, 29, 18)
    assert ticket.deadline_basis == (
        "Default service-desk deadlines · v1; China's official working calendar · v1"
    )
    assert kinds(ticket) == ["received"]
    handler = desk.users["handler"]
    assert Notification.objects.filter(user=handler, ticket=ticket, kind="received").exists()
    assert Notification.objects.filter(user=desk.users["park_manager"], ticket=ticket).exists()


def test_urgent_tickets_have_shorter_deadlines(desk: Any) -> None:
    urgent = file_ticket(desk, priority="urgent")
    assert urgent.due_at == at(2024, 9, 25, 18)  # 2 working days: 24 and 25 Sep
    # half a working day (3.5 of the 7 office hours) from the filing instant, in office hours:
    # 10:00-12:00, then 14:30-16:00
    assert urgent.ack_due_at == at(2024, 9, 23, 16)


def test_routing_most_specific_rule_wins(desk: Any) -> None:
    handler = desk.users["handler"]
    RoutingRule.objects.create(
        region=desk.county, category="electricity", park=desk.park, handler=handler
    )
    ticket = file_ticket(desk)
    assert (ticket.department, ticket.assignee) == (desk.department, handler)
    # No rule for water: the department listing the category takes it, else nobody.
    assert file_ticket(desk, category="water").department is None
    desk.department.categories = "water, land"
    desk.department.save()
    assert file_ticket(desk, category="water").department == desk.department


def test_full_flow_with_pause_and_rating(desk: Any) -> None:
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))
    ticket = file_ticket(desk)
    ticket = sv.do_assign(pm, ticket, desk.department, handler, now=at(2024, 9, 23, 11))
    assert (ticket.status, ticket.acknowledged_at) == (S.ASSIGNED, at(2024, 9, 23, 11))
    ticket = sv.do_start(handler, ticket, now=at(2024, 9, 23, 12))
    assert ticket.status == S.IN_PROGRESS
    ticket = sv.do_ask(handler, ticket, "Which meter?", now=at(2024, 9, 24, 10))
    assert ticket.waiting_since == at(2024, 9, 24, 10)
    assert Notification.objects.filter(user=firm, kind="question").exists()
    # The enterprise answers two working days later: every deadline moves by two days.
    ticket = sv.do_answer(firm, ticket, "Meter 3", now=at(2024, 9, 26, 10))
    assert ticket.waiting_since is None
    # The wait, 24 Sep 10:00 to 26 Sep 10:00, is 14 office hours: two working days.
    assert ticket.response_due_at == at(2024, 9, 29, 18)  # 26 Sep 18:00 + 2: 27, 29 (make-up)
    assert ticket.due_at == at(2024, 10, 8, 18)  # 29 Sep 18:00 + 2: 30 Sep, 1–7 Oct off, 8 Oct
    ticket = sv.do_respond(handler, ticket, "Transformer replaced", now=at(2024, 9, 27, 9))
    assert (ticket.status, ticket.responded_at) == (S.RESPONDED, at(2024, 9, 27, 9))
    ticket = sv.do_rate(firm, ticket, 4, "Quick", now=at(2024, 9, 27, 15))
    assert (ticket.status, ticket.satisfaction, ticket.satisfaction_comment) == (
        S.CLOSED,
        4,
        "Quick",
    )
    assert kinds(ticket) == [
        "received",
        "assigned",
        "started",
        "question",
        "answer",
        "responded",
        "rated",
    ]
    events = list(ticket.events.all())
    assert [e.actor for e in events] == [firm, pm, handler, handler, firm, handler, firm]
    assert events[-1].detail == {"score": 4}
    assert (events[1].from_status, events[1].to_status) == ("received", "assigned")


def test_close_and_reopen(desk: Any) -> None:
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))
    ticket = file_ticket(desk)
    sv.do_assign(pm, ticket)
    sv.do_start(handler, ticket)
    ticket = sv.do_respond(handler, ticket, "Done")
    ticket = sv.do_close(pm, ticket, "No rating after a week")
    assert ticket.status == S.CLOSED
    ticket = sv.do_reopen(firm, ticket, "Still trips", now=at(2024, 10, 8, 9))
    assert ticket.status == S.IN_PROGRESS
    assert ticket.closed_at is None
    assert ticket.responded_at is None
    assert ticket.clock_started_at == at(2024, 10, 8, 9)
    # From the next day: 9, 10, 11, Saturday 12 Oct (make-up) and 14 Oct, to its end.
    assert ticket.due_at == at(2024, 10, 14, 18)


def test_refused_by_role_and_scope(desk: Any, other: Any) -> None:
    ticket = file_ticket(desk)
    for role in ("enterprise", "handler", "investment"):
        with pytest.raises(sv.ActionRefused):
            sv.do_assign(desk.users[role], ticket, desk.department)
    for user in (other.users["park_manager"], other.users["official"]):
        with pytest.raises(sv.ActionRefused):
            sv.do_assign(user, ticket, desk.department)
    sv.do_assign(desk.users["official"], ticket, desk.department)
    with pytest.raises(sv.ActionRefused):
        sv.do_start(other.users["handler"], ticket)
    with pytest.raises(sv.ActionRefused):
        sv.do_start(desk.users["enterprise"], ticket)
    sv.do_start(desk.users["handler"], ticket)
    with pytest.raises(sv.ActionRefused):
        sv.do_respond(desk.users["enterprise"], ticket, "x")
    with pytest.raises(sv.ActionRefused):
        sv.do_ask(other.users["handler"], ticket, "x")
    ticket = sv.do_respond(desk.users["handler"], ticket, "ok")
    for user in (desk.users["handler"], desk.users["park_manager"], other.users["enterprise"]):
        with pytest.raises(sv.ActionRefused):
            sv.do_rate(user, ticket, 5)
    with pytest.raises(sv.ActionRefused):
        sv.do_close(desk.users["handler"], ticket)
    with pytest.raises(sv.ActionRefused):
        sv.do_reopen(other.users["enterprise"], ticket, "x")
    assert Ticket.objects.get(pk=ticket.pk).status == S.RESPONDED


def test_refused_by_state(desk: Any) -> None:
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))
    ticket = file_ticket(desk)
    with pytest.raises(sv.TransitionRefused, match="while the ticket is Awaiting acceptance"):
        sv.do_start(handler, ticket)
    with pytest.raises(sv.TransitionRefused):
        sv.do_respond(handler, ticket, "x")
    with pytest.raises(sv.TransitionRefused):
        sv.do_reopen(firm, ticket, "x")
    with pytest.raises(sv.TransitionRefused, match="no open question"):
        sv.do_answer(firm, ticket, "x")
    sv.do_assign(pm, ticket)
    with pytest.raises(sv.TransitionRefused):
        sv.do_rate(firm, ticket, 5)
    with pytest.raises(sv.TransitionRefused):
        sv.do_close(pm, ticket)
    sv.do_start(handler, ticket)
    with pytest.raises(sv.TransitionRefused):
        sv.do_assign(pm, ticket)
    with pytest.raises(sv.TransitionRefused, match="Write the question"):
        sv.do_ask(handler, ticket, "  ")
    sv.do_ask(handler, ticket, "Which meter?")
    with pytest.raises(sv.TransitionRefused, match="not answered"):
        sv.do_respond(handler, ticket, "x")
    sv.do_answer(firm, ticket, "Meter 3")
    with pytest.raises(sv.TransitionRefused, match="Write the response"):
        sv.do_respond(handler, ticket, "")
    ticket = sv.do_respond(handler, ticket, "done")
    with pytest.raises(sv.TransitionRefused, match="Responded"):
        sv.do_ask(handler, ticket, "one more thing?")
    with pytest.raises(sv.TransitionRefused):
        sv.do_start(handler, ticket)
    with pytest.raises(sv.TransitionRefused, match="from 1 to 5"):
        sv.do_rate(firm, ticket, 6)
    with pytest.raises(sv.TransitionRefused, match="Say why"):
        sv.do_reopen(firm, ticket, "")
    assert Ticket.objects.get(pk=ticket.pk).status == S.RESPONDED


def test_assign_checks_department_and_handler(desk: Any, other: Any) -> None:
    ticket = file_ticket(desk, category="water")
    pm = desk.users["park_manager"]
    with pytest.raises(sv.TransitionRefused, match="Choose a department"):
        sv.do_assign(pm, ticket)
    with pytest.raises(sv.TransitionRefused, match="county"):
        sv.do_assign(pm, ticket, other.department)
    with pytest.raises(sv.TransitionRefused, match="must be a department handler"):
        sv.do_assign(pm, ticket, desk.department, desk.users["official"])
    with pytest.raises(sv.TransitionRefused, match="does not work"):
        sv.do_assign(pm, ticket, desk.department, other.users["handler"])


def test_filing_refused(desk: Any, other: Any) -> None:
    firm = desk.users["enterprise"]
    new = sv.NewTicket(other.enterprise, other.park, "water", "t", "d")
    with pytest.raises(sv.ActionRefused, match="own enterprise"):
        sv.do_file_ticket(firm, new)
    with pytest.raises(sv.TransitionRefused, match="no lease"):
        sv.do_file_ticket(firm, sv.NewTicket(desk.enterprise, other.park, "water", "t", "d"))
    with pytest.raises(sv.ActionRefused):
        sv.do_file_ticket(
            desk.users["handler"], sv.NewTicket(desk.enterprise, desk.park, "water", "t", "d")
        )
    with pytest.raises(sv.ActionRefused, match="park is outside"):
        sv.do_file_ticket(desk.users["park_manager"], new)
    phoned = sv.NewTicket(desk.enterprise, desk.park, "water", "t", "d", channel="phone")
    assert sv.do_file_ticket(desk.users["park_manager"], phoned).channel == "phone"


def test_escalation_through_the_tiers(desk: Any) -> None:
    ticket = file_ticket(desk)
    assert escalation.escalate_overdue(at(2024, 9, 24, 17)) == []  # ack due 24 Sep at 18:00
    done = escalation.escalate_overdue(at(2024, 9, 25, 1))
    assert [(t.pk, d, t.tier) for t, d in done] == [(ticket.pk, "ack", "township")]
    assert escalation.escalate_overdue(at(2024, 9, 25, 2)) == []  # once per deadline
    # No township official in the fixture: the county's officials are told.
    official = desk.users["official"]
    assert Notification.objects.filter(user=official, ticket=ticket, kind="escalated").exists()
    done = escalation.escalate_overdue(at(2024, 9, 27, 1))
    assert [(d, t.tier) for t, d in done] == [("respond", "county")]
    done = escalation.escalate_overdue(at(2024, 10, 8, 0))
    assert [(d, t.tier) for t, d in done] == [("close", "county")]
    event = ticket.events.filter(kind="escalated").last()
    assert event.detail == {"deadline": "close", "from_tier": "county", "to_tier": "county"}
    assert event.actor is None


def test_a_response_waiting_for_the_rating_is_neither_overdue_nor_escalated(desk: Any) -> None:
    from microparks.apps.servicedesk.policies import missed_any, missed_deadlines

    pm, handler = desk.users["park_manager"], desk.users["handler"]
    ticket = file_ticket(desk)
    sv.do_assign(pm, ticket, now=at(2024, 9, 23, 11))
    sv.do_start(handler, ticket, now=at(2024, 9, 23, 12))
    ticket = sv.do_respond(handler, ticket, "Replaced", now=at(2024, 9, 24, 9))
    late = at(2024, 11, 1)  # long past every deadline, the enterprise has not rated
    assert missed_deadlines(ticket, late) == []
    assert not Ticket.objects.filter(missed_any(late)).exists()
    assert escalation.escalate_overdue(late) == []
    assert Ticket.objects.get(pk=ticket.pk).tier == Ticket.Tier.PARK
    # Reopened, its clocks run again and it can be overdue.
    sv.do_reopen(pm, ticket, "Still trips", now=at(2024, 9, 25, 9))
    assert [d for _t, d in escalation.escalate_overdue(late)] == ["respond", "close"]


def test_the_rules_clock_decides_what_is_overdue(desk: Any, settings: Any) -> None:
    settings.CLOCK = at(2024, 9, 23, 10)
    ticket = file_ticket(desk, now=None)  # filed at the clock's time
    assert ticket.received_at == at(2024, 9, 23, 10)
    assert escalation.escalate_overdue() == []
    settings.CLOCK = at(2024, 9, 25, 1)
    assert [d for _t, d in escalation.escalate_overdue()] == ["ack"]


def test_waiting_and_closed_tickets_are_not_escalated(desk: Any) -> None:
    pm, handler, firm = (desk.users[r] for r in ("park_manager", "handler", "enterprise"))
    ticket = file_ticket(desk)
    sv.do_ask(pm, ticket, "Photo please?", now=at(2024, 9, 23, 11))
    assert escalation.escalate_overdue(at(2024, 10, 30)) == []
    sv.do_answer(firm, ticket, "Attached", now=at(2024, 9, 23, 12))
    closed = file_ticket(desk)
    sv.do_assign(pm, closed)
    sv.do_start(handler, closed)
    sv.do_respond(handler, closed, "ok")
    sv.do_rate(firm, closed, 5)
    done = escalation.escalate_overdue(at(2024, 10, 30))
    assert {t.pk for t, _ in done} == {ticket.pk}


def test_escalate_command(desk: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    ticket = file_ticket(desk)
    out = StringIO()
    call_command("escalate_tickets", "--now", "2024-09-25T01:00:00+08:00", stdout=out)
    assert (
        f"工单 {ticket.pk}「Power cut every afternoon」：受理期限已过，升级至乡镇" in out.getvalue()
    )
    assert "共升级 1 次（受理期限 1; 反馈期限 0; 办结期限 0）" in out.getvalue()
    assert Ticket.objects.get(pk=ticket.pk).tier == "township"
    english = StringIO()
    call_command(
        "escalate_tickets", "--now", "2024-09-27T01:00:00+08:00", "--language", "en", stdout=english
    )
    assert (
        "1 escalation(s) (the acknowledge deadline 0; the respond deadline 1;" in english.getvalue()
    )


def test_email_where_configured(desk: Any, settings: Any, mailoutbox: Any) -> None:
    settings.SERVICEDESK_EMAIL_NOTIFICATIONS = True
    handler = desk.users["handler"]
    handler.email = "h@example.org"
    handler.save()
    file_ticket(desk)
    assert [m.to for m in mailoutbox] == [["h@example.org"]]


def test_no_email_by_default(desk: Any, mailoutbox: Any) -> None:
    desk.users["handler"].email = "h@example.org"
    desk.users["handler"].save()
    file_ticket(desk)
    assert mailoutbox == []


def test_township_officials_are_told_first(desk: Any) -> None:
    from microparks.apps.accounts.models import User

    town = User.objects.create_user(
        username="town_official", password="pw-Test-12345", role="official", region=desk.township
    )
    ticket = file_ticket(desk)
    escalation.escalate_overdue(at(2024, 9, 25, 1))
    told = set(
        Notification.objects.filter(ticket=ticket, kind="escalated").values_list("user", flat=True)
    )
    assert told == {town.pk}
    # county tier: county officials and the department
    escalation.escalate_overdue(at(2024, 9, 27, 1))
    told = set(
        Notification.objects.filter(ticket=ticket, kind="escalated").values_list("user", flat=True)
    )
    assert told == {town.pk, desk.users["official"].pk, desk.users["handler"].pk}
