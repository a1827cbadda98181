"""Pipeline endpoints: for each, anonymous (401), wrong role, other region (404), right role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from microparks.apps.admission.models import Decision
from microparks.apps.attraction.models import Activity, Prospect
from microparks.apps.rules.services import in_effect
from tests.apps.attraction.helpers import declare, to_stage

pytestmark = pytest.mark.django_db
S = Prospect.Stage

SIGN = {
    "signed_on": "2026-03-01",
    "investment_cny": "30000000",
    "investment_cny_per_mu": "3000000",
    "jobs": 120,
    "local_jobs": 100,
    "tax_cny_per_year": "1500000",
    "tax_cny_per_mu": "150000",
    "start_date": "2026-04-01",
    "production_date": "2027-01-01",
}


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data=json.dumps(data or {}), content_type="application/json")


def reads(p):
    return [
        f"/api/prospects/{p.pk}",
        f"/api/prospects/{p.pk}/activities",
        f"/api/prospects/{p.pk}/decisions",
    ]


def writes(p):
    return [
        (f"/api/prospects/{p.pk}/move", {"stage": "contacted"}),
        (
            f"/api/prospects/{p.pk}/activities",
            {"kind": "call", "date": "2026-03-01", "summary": "called"},
        ),
        (f"/api/prospects/{p.pk}/decisions", {}),
        (f"/api/prospects/{p.pk}/sign", SIGN),
    ]


def test_anonymous_gets_401(client, home):
    assert client.get("/api/prospects").status_code == 401
    for url in reads(home.prospect):
        assert client.get(url).status_code == 401
    for url, data in writes(home.prospect):
        assert post(client, url, data).status_code == 401


@pytest.mark.parametrize("role", ["handler", "enterprise"])
def test_roles_without_prospects_see_none(client, home, role):
    client.force_login(home.users[role])
    assert client.get("/api/prospects").json() == {"items": [], "count": 0}
    for url in reads(home.prospect):
        assert client.get(url).status_code == 404
    for url, data in writes(home.prospect):
        assert post(client, url, data).status_code == 404


def test_park_manager_reads_but_cannot_act(client, home):
    client.force_login(home.users["park_manager"])
    assert client.get("/api/prospects").json()["count"] == 1
    for url in reads(home.prospect):
        assert client.get(url).status_code == 200
    for url, data in writes(home.prospect):
        assert post(client, url, data).status_code == 403
    assert not Decision.objects.exists()
    assert not Activity.objects.exists()


def test_other_region_gets_404(client, home, other):
    client.force_login(other.users["official"])
    listed = client.get("/api/prospects").json()
    assert [p["id"] for p in listed["items"]] == [other.prospect.pk]
    for url in reads(home.prospect):
        assert client.get(url).status_code == 404
    for url, data in writes(home.prospect):
        assert post(client, url, data).status_code == 404


def test_list_and_detail(client, home):
    client.force_login(home.users["investment"])
    listed = client.get("/api/prospects", {"stage": "lead"}).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert (item["industry"], item["stage"], item["target_park"], item["overdue"]) == (
        "13",
        "lead",
        "home-P1",
        False,
    )
    assert client.get("/api/prospects", {"stage": "signed"}).json()["count"] == 0
    assert client.get("/api/prospects", {"stage": "won"}).status_code == 422
    detail = client.get(f"/api/prospects/{home.prospect.pk}").json()
    assert detail["transitions"] == []
    assert detail["latest_decision"] is None
    assert detail["may_sign"] is False


def test_move_log_run_and_sign(client, home):
    client.force_login(home.users["investment"])
    pk = home.prospect.pk
    moved = post(client, f"/api/prospects/{pk}/move", {"stage": "admission"})
    assert moved.status_code == 200
    assert moved.json()["stage"] == "admission"
    assert moved.json()["transitions"][0]["by"] == "home_investment"
    logged = post(
        client,
        f"/api/prospects/{pk}/activities",
        {
            "kind": "visit",
            "date": "2026-03-01",
            "summary": "toured",
            "next_follow_up": "2026-03-09",
        },
    )
    assert logged.status_code == 201
    assert client.get(f"/api/prospects/{pk}").json()["next_follow_up"] == "2026-03-09"
    home.prospect.refresh_from_db()
    declare(home.prospect)
    run = post(client, f"/api/prospects/{pk}/decisions")
    assert run.status_code == 201
    decision = run.json()
    assert decision["outcome"] == "admit_with_conditions"
    assert decision["rule_set_version"] == "1"
    assert decision["rules_id"] == in_effect("admission").pk
    assert decision["result"]["fired"][0]["rule_id"] == "EIA-food-processing"
    assert (
        client.get(f"/api/decisions/{decision['id']}").json()["inputs_hash"]
        == decision["inputs_hash"]
    )
    assert decision["outcome_label"] == "有条件准入"  # requests default to zh-hans
    assert [c["key"] for c in decision["conditions"]] == ["EIA-food-processing"]
    # a condition not marked met blocks signing
    assert client.get(f"/api/prospects/{pk}").json()["may_sign"] is False
    refused = post(client, f"/api/prospects/{pk}/sign", SIGN)
    assert refused.status_code == 422
    met = post(
        client,
        f"/api/prospects/{pk}/conditions",
        {"condition": "EIA-food-processing", "evidence": "EIA report form approved 2026-02"},
    )
    assert met.status_code == 201, met.json()
    assert met.json()["conditions"][0]["met"] is True
    assert client.get(f"/api/prospects/{pk}").json()["may_sign"] is True
    signed = post(client, f"/api/prospects/{pk}/sign", SIGN)
    assert signed.status_code == 200, signed.json()
    assert signed.json()["stage"] == "signed"
    assert signed.json()["transitions"][0]["decision"] == decision["id"]


def test_refusals(client, home):
    client.force_login(home.users["investment"])
    pk = home.prospect.pk
    bad = post(client, f"/api/prospects/{pk}/move", {"stage": "paying_tax"})
    assert bad.status_code == 422
    assert "stage" in bad.json()["errors"]
    lost = post(client, f"/api/prospects/{pk}/move", {"stage": "lost"})
    assert "reason" in lost.json()["errors"]
    to_stage(home.prospect, S.ADMISSION)
    refused = post(client, f"/api/prospects/{pk}/sign", SIGN)
    assert refused.status_code == 403
    assert "准入规则允许的角色" in refused.json()["detail"]  # requests default to zh-hans
    activity = post(client, f"/api/prospects/{pk}/activities", {"kind": "fax", "date": "x"})
    assert activity.status_code == 422


def test_decisions_of_another_region_are_404(client, home, other):
    declare(home.prospect)
    client.force_login(home.users["official"])
    decision = post(client, f"/api/prospects/{home.prospect.pk}/decisions").json()
    client.force_login(other.users["official"])
    assert client.get(f"/api/decisions/{decision['id']}").status_code == 404
    client.force_login(home.users["enterprise"])
    assert client.get(f"/api/decisions/{decision['id']}").status_code == 404
