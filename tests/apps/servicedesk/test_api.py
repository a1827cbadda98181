"""The tickets API: scoping (404 outside it), roles (403), refused transitions (409)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from microparks.apps.servicedesk.models import Ticket

pytestmark = pytest.mark.django_db
PW = "pw-Test-12345"


def client_for(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        assert client.login(username=user.username, password=PW)
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_anonymous_gets_401(desk: Any) -> None:
    assert client_for(None).get("/api/tickets").status_code == 401
    assert client_for(None).get(f"/api/tickets/{desk.ticket.pk}").status_code == 401
    assert post(client_for(None), "/api/tickets", {}).status_code == 401


def test_list_is_scoped(desk: Any, other: Any) -> None:
    for role in ("official", "park_manager", "handler", "enterprise"):
        items = client_for(desk.users[role]).get("/api/tickets").json()["items"]
        assert [t["id"] for t in items] == [desk.ticket.pk], role
    # Investment officers work the pipeline, not the desk.
    investment = client_for(desk.users["investment"])
    assert investment.get("/api/tickets").json()["items"] == []
    assert investment.get(f"/api/tickets/{desk.ticket.pk}").status_code == 404


def test_enterprise_a_gets_404_on_enterprise_b(desk: Any, other: Any) -> None:
    firm = client_for(desk.users["enterprise"])
    assert firm.get(f"/api/tickets/{other.ticket.pk}").status_code == 404
    response = post(firm, f"/api/tickets/{other.ticket.pk}/rate", {"score": 5})
    assert response.status_code == 404
    detail = firm.get(f"/api/tickets/{desk.ticket.pk}")
    assert detail.status_code == 200
    assert detail.json()["title"] == desk.ticket.title


def test_other_region_staff_get_404(desk: Any, other: Any) -> None:
    for role in ("official", "park_manager", "handler"):
        client = client_for(other.users[role])
        assert client.get(f"/api/tickets/{desk.ticket.pk}").status_code == 404
        assert post(client, f"/api/tickets/{desk.ticket.pk}/start", {}).status_code == 404


def test_file_and_run_the_workflow(desk: Any) -> None:
    firm = client_for(desk.users["enterprise"])
    response = post(
        firm,
        "/api/tickets",
        {"park_id": desk.park.pk, "category": "electricity", "title": "Dip", "description": "d"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "received"
    assert body["department_id"] == desk.department.pk
    assert [e["kind"] for e in body["events"]] == ["received"]
    pk = body["id"]
    pm, handler = client_for(desk.users["park_manager"]), client_for(desk.users["handler"])
    # Wrong role: 403; wrong state: 409; nothing changes.
    assert post(handler, f"/api/tickets/{pk}/assign", {}).status_code == 403
    refused = post(handler, f"/api/tickets/{pk}/respond", {"text": "x"})
    assert refused.status_code == 409
    assert "Awaiting acceptance" in refused.json()["detail"]
    assert (
        post(pm, f"/api/tickets/{pk}/assign", {"department_id": desk.department.pk}).json()[
            "status"
        ]
        == "assigned"
    )
    assert post(handler, f"/api/tickets/{pk}/start", {}).json()["status"] == "in_progress"
    assert post(handler, f"/api/tickets/{pk}/ask", {"text": "Where?"}).json()["waiting_since"]
    assert post(firm, f"/api/tickets/{pk}/answer", {"text": "Hall 2"}).status_code == 200
    assert post(handler, f"/api/tickets/{pk}/respond", {"text": "Fixed"}).json()["status"] == (
        "responded"
    )
    assert post(firm, f"/api/tickets/{pk}/rate", {"score": 9}).status_code == 409
    rated = post(firm, f"/api/tickets/{pk}/rate", {"score": 4, "comment": "ok"}).json()
    assert (rated["status"], rated["satisfaction"]) == ("closed", 4)
    assert post(firm, f"/api/tickets/{pk}/unknown", {}).status_code == 422


def test_filing_refused(desk: Any, other: Any) -> None:
    firm = client_for(desk.users["enterprise"])
    base = {"category": "water", "title": "t", "description": "d"}
    response = post(firm, "/api/tickets", {**base, "park_id": other.park.pk})
    assert response.status_code == 422
    assert "no lease" in json.dumps(response.json())
    response = post(
        firm,
        "/api/tickets",
        {**base, "park_id": desk.park.pk, "enterprise_id": other.enterprise.pk},
    )
    assert response.status_code == 422
    assert "enterprise_id" in response.json()["errors"]
    investment = client_for(desk.users["investment"])
    on_behalf = {**base, "park_id": desk.park.pk, "enterprise_id": desk.enterprise.pk}
    assert post(investment, "/api/tickets", on_behalf).status_code == 403
    assert (
        post(client_for(desk.users["park_manager"]), "/api/tickets", on_behalf).status_code == 201
    )
    assert Ticket.objects.filter(title="t").count() == 1


def test_unknown_park_answers_like_a_park_without_lease(desk: Any) -> None:
    firm = client_for(desk.users["enterprise"])
    body = {"category": "water", "title": "t", "description": "d", "park_id": 999_999}
    response = post(firm, "/api/tickets", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"park_id": ["The enterprise holds no lease in this park."]}


def test_reassign_and_supervise_an_escalated_ticket(desk: Any, other: Any) -> None:
    from microparks.apps.accounts.models import Department
    from microparks.apps.servicedesk import escalation
    from tests.apps.servicedesk.conftest import at, file_ticket

    ticket = file_ticket(desk)
    url = f"/api/tickets/{ticket.pk}/"
    water = Department.objects.create(name="home water office", region=desk.county)
    reassign = {"department_id": water.pk, "text": "A water main"}
    official = client_for(desk.users["official"])
    assert post(official, url + "reassign", reassign).status_code == 409  # not escalated
    escalation.escalate_overdue(at(2024, 9, 25, 1))
    assert post(client_for(desk.users["handler"]), url + "reassign", reassign).status_code == 403
    assert post(client_for(other.users["official"]), url + "reassign", reassign).status_code == 404
    done = post(official, url + "reassign", reassign)
    assert done.status_code == 200
    assert done.json()["department_id"] == water.pk
    note = {"text": "Reply by Friday"}
    assert post(client_for(None), url + "supervise", note).status_code == 401
    assert post(client_for(desk.users["park_manager"]), url + "supervise", note).status_code == 403
    assert post(official, url + "supervise", note).status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).events.filter(kind="supervised").count() == 1
