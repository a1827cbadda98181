"""The admission gate governs the pipeline (issue 18, item 1).

The gate runs on its own when a prospect is created and when what it reads changes; a rejected
prospect goes no further than contacted through the services, the pages, the API, the command
line and an import, with the failed rules in Chinese; an override needs a role the rules allow
and a written reason; conditions are met with evidence before signing; rejected prospects are
no matching candidates; a new version of the rules re-checks the open prospects.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from typer.testing import CliRunner

from microparks.apps.admission import gate
from microparks.apps.admission.models import ConditionCheck, GateOverride
from microparks.apps.admission.services import latest_decision, run_admission
from microparks.apps.attraction import services
from microparks.apps.attraction.models import Prospect
from microparks.apps.audit.models import AuditEntry
from microparks.apps.matching.services import seeking_prospects
from microparks.apps.rules import services as rules
from microparks.apps.rules.services import Draft
from tests.apps.attraction.helpers import commitment, declare, to_stage

pytestmark = pytest.mark.django_db
S = Prospect.Stage
WHY = "县政府专题会议纪要〔2026〕14号同意其电镀工序进入集中电镀中心闭环管理。"


def rejected(county: Any, stage: str = S.CONTACTED) -> Prospect:
    """The county's prospect with an electroplating process: rejected by the default rules."""
    prospect = to_stage(county.prospect, stage)
    declare(prospect, processes=["electroplating"])
    assert run_admission(prospect, county.users["investment"]).outcome == "reject"
    return prospect


def county_rules(county: Any, **changes: str) -> Any:
    """The county's own version of the admission rules, put into effect by its official."""
    platform = rules.in_effect("admission")
    text = platform.content
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    official = county.users["official"]
    draft = Draft("admission", "county", "County rules", text, region=county.county)
    return rules.activate_reporting(official, rules.save_draft(official, draft, parent=platform))


# --- the gate runs on its own ----------------------------------------------------------------


def test_creating_a_prospect_runs_the_gate(home):
    new = Prospect(
        name="New plant",
        company_name="New Co",
        industry=home.prospect.industry,
        target_park=home.park,
        source=Prospect.Source.LOCAL,
    )
    services.create_prospect(home.users["investment"], new)
    decision = latest_decision(new)
    assert decision is not None
    assert decision.outcome == "refer"  # nothing declared yet: missing data refers
    assert decision.decided_by == home.users["investment"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("annual_energy_tce", 50_000.0),
        ("water_t_per_day", 99.0),
        ("land_area_min_m2", 12_345.0),
        ("investment_cny", Decimal("7000000")),
    ],
)
def test_changing_what_the_gate_reads_runs_it_again(home, field, value):
    prospect = home.prospect
    declare(prospect)
    first = run_admission(prospect, home.users["investment"])
    setattr(prospect, field, value)
    services.update_prospect(home.users["investment"], prospect, [field])
    assert latest_decision(prospect).pk != first.pk


def test_changing_the_industry_runs_the_gate_again(home):
    from microparks.apps.industries.models import Industry

    prospect = home.prospect
    declare(prospect)
    first = run_admission(prospect, home.users["investment"])
    cement = Industry.objects.create(code="30", name="非金属矿物制品业", level="division")
    prospect.industry = cement
    services.update_prospect(home.users["investment"], prospect, ["industry"])
    again = latest_decision(prospect)
    assert again.pk != first.pk
    assert again.inputs["industry_codes"] == ["30"]


def test_a_change_the_gate_does_not_read_keeps_the_decision(home):
    prospect = home.prospect
    declare(prospect)
    first = run_admission(prospect, home.users["investment"])
    prospect.notes = "met at the fair"
    services.update_prospect(home.users["investment"], prospect, ["notes"])
    assert latest_decision(prospect).pk == first.pk


def test_saving_the_declaration_runs_the_gate(home):
    prospect = home.prospect
    declaration = declare(prospect)
    admitted = gate.recheck(prospect)
    declaration.processes = ["electroplating"]
    decision = services.save_declaration(home.users["investment"], declaration)
    assert decision.pk != admitted.pk
    assert decision.outcome == "reject"
    # the same data again: the same decision, not a new one
    assert services.save_declaration(home.users["investment"], declaration).pk == decision.pk


def test_without_rules_the_gate_records_why_it_cannot_decide(home):
    for doc in rules.layers("admission", region=home.county):
        rules.retire(home.users["admin"], doc)
    decision = gate.recheck(home.prospect)
    assert decision.outcome == "refer"
    assert decision.rules is None
    assert gate.not_decided_reason(decision)
    assert gate.recheck(home.prospect).pk == decision.pk  # said once


def test_the_edit_page_checks_role_and_region_and_runs_the_gate(client, home, other):
    prospect = home.prospect
    url = f"/pipeline/{prospect.pk}/edit/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in
    client.force_login(home.users["park_manager"])
    assert client.get(url).status_code == 403
    client.force_login(other.users["investment"])
    assert client.get(url).status_code == 404
    client.force_login(home.users["investment"])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["industry_code"] == "13"
    declare(prospect)
    first = run_admission(prospect, home.users["investment"])
    data = {
        "name": prospect.name,
        "company_name": prospect.company_name,
        "industry_code": "13",
        "target_park": home.park.pk,
        "source": prospect.source,
        "investment_cny": "8000000",
        "land_area_min_m2": "3000",
        "floor_area_min_m2": "0",
        "power_kva": "0",
        "water_t_per_day": "0",
        "jobs_needed": "0",
        "annual_energy_tce": "120",
    }
    prospect.refresh_from_db()
    data["revision_seen"] = str(prospect.revision)  # the revision the page was loaded from
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["form"].errors
    prospect.refresh_from_db()
    assert prospect.investment_cny == Decimal("8000000")
    assert latest_decision(prospect).pk != first.pk  # investment and land changed


# --- a reject stops the prospect at contacted ------------------------------------------------


@pytest.mark.parametrize("to", [S.VISITED, S.NEGOTIATING, S.ADMISSION])
def test_a_rejected_prospect_cannot_move_beyond_contacted(home, to):
    prospect = rejected(home)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.move_prospect(prospect, to, home.users["investment"])
    [text] = refused.value.message_dict["stage"]
    assert "不予准入" in text
    assert "禁止" in text or "电镀" in text  # the failed rule, in Chinese
    prospect.refresh_from_db()
    assert prospect.stage == S.CONTACTED


def test_a_rejected_prospect_may_go_back_or_leave(home):
    prospect = rejected(home, S.NEGOTIATING)  # rejected after it got there
    services.move_prospect(prospect, S.CONTACTED, home.users["investment"])
    services.move_prospect(prospect, S.LEAD, home.users["investment"])
    services.move_prospect(prospect, S.LOST, home.users["investment"], reason="不符合准入")
    assert prospect.stage == S.LOST


def test_the_move_page_and_the_board_refuse_in_chinese(client, home):
    prospect = rejected(home)
    client.force_login(home.users["investment"])
    seen = {"revision_seen": prospect.revision}
    page = client.post(f"/pipeline/{prospect.pk}/move/", {"stage": "negotiating", **seen})
    assert page.status_code == 422
    assert "不予准入" in page.content.decode()
    board = client.post(f"/pipeline/board/{prospect.pk}/move/", {"stage": "visited", **seen})
    assert board.status_code == 422
    assert "不予准入" in board.content.decode()
    prospect.refresh_from_db()
    assert prospect.stage == S.CONTACTED


def test_the_api_refuses_the_move(client, home):
    prospect = rejected(home)
    client.force_login(home.users["investment"])
    answer = client.post(
        f"/api/prospects/{prospect.pk}/move",
        {"stage": "negotiating"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "不予准入" in " ".join(answer.json()["errors"]["stage"])
    assert "不予准入" in client.get(f"/api/prospects/{prospect.pk}").json()["gate_refusal"]


def test_the_command_line_refuses_the_move(home):
    from microparks.cli.main import app

    prospect = rejected(home)
    result = CliRunner().invoke(
        app, ["prospects", "move", prospect.name, "--region", "450101", "--to", "visited"]
    )
    assert result.exit_code == 1
    assert "不予准入" in result.output
    prospect.refresh_from_db()
    assert prospect.stage == S.CONTACTED
    ok = CliRunner().invoke(
        app, ["prospects", "move", prospect.name, "--region", "450101", "--to", "lead"]
    )
    assert ok.exit_code == 0, ok.output


def test_an_import_refuses_the_move_on_its_row(home):
    from microparks.apps.industries.services import load_industries
    from microparks.io.errors import ImportValidationError
    from tests.apps.attraction.test_table_import import _import_edited

    load_industries()
    prospect = rejected(home)
    with pytest.raises(ImportValidationError) as refused:
        _import_edited(home, {prospect.name: {"stage": "negotiating"}})
    [error] = refused.value.errors
    assert error.field == "跟进阶段"
    assert "不予准入" in error.text()
    prospect.refresh_from_db()
    assert prospect.stage == S.CONTACTED


# --- overrides -------------------------------------------------------------------------------


def test_the_official_overrides_with_a_reason_and_the_audit_log_keeps_it(home):
    prospect = rejected(home)
    decision = latest_decision(prospect)
    official = home.users["official"]
    with pytest.raises(ValidationError):
        gate.override(decision, official, "ok")
    done = gate.override(decision, official, WHY)
    assert (done.by, done.reason) == (official, WHY)
    entry = AuditEntry.objects.get(model="admission.gateoverride", object_id=str(done.pk))
    assert entry.user == official
    services.move_prospect(prospect, S.NEGOTIATING, home.users["investment"])
    assert prospect.stage == S.NEGOTIATING
    assert prospect in seeking_prospects(home.users["official"], home.county)


@pytest.mark.parametrize("role", ["investment", "park_manager", "enterprise"])
def test_other_roles_may_not_override_under_the_default_rules(home, role):
    decision = latest_decision(rejected(home))
    assert not gate.may_override(home.users[role], decision)
    with pytest.raises(PermissionDenied):
        gate.override(decision, home.users[role], WHY)
    assert not GateOverride.objects.exists()


def test_another_countys_official_may_not_override(home, other):
    decision = latest_decision(rejected(home))
    with pytest.raises(PermissionDenied):
        gate.override(decision, other.users["official"], WHY)


def test_the_rules_may_allow_the_investment_officer(home):
    county_rules(home, **{"override_roles: [official]": "override_roles: [investment]"})
    prospect = rejected(home)
    decision = latest_decision(prospect)
    assert not gate.may_override(home.users["official"], decision)
    gate.override(decision, home.users["investment"], WHY)
    services.move_prospect(prospect, S.VISITED, home.users["investment"])


def test_an_override_holds_for_its_decision_only(home):
    prospect = rejected(home)
    gate.override(latest_decision(prospect), home.users["official"], WHY)
    services.move_prospect(prospect, S.VISITED, home.users["investment"])
    declaration = prospect.declaration
    declaration.materials = ["chromium"]
    new = services.save_declaration(home.users["investment"], declaration)
    assert new.outcome == "reject"
    with pytest.raises(ValidationError):
        services.move_prospect(prospect, S.NEGOTIATING, home.users["investment"])


def test_the_override_page_shows_who_and_why(client, home):
    prospect = rejected(home)
    client.force_login(home.users["investment"])
    assert client.post(f"/pipeline/{prospect.pk}/override/", {"reason": WHY}).status_code == 403
    client.force_login(home.users["official"])
    page = client.get(f"/pipeline/{prospect.pk}/")
    assert "不予准入" in page.content.decode()
    assert "越权放行" in page.content.decode()
    done = client.post(f"/pipeline/{prospect.pk}/override/", {"reason": WHY})
    assert done.status_code == 302
    body = client.get(f"/pipeline/{prospect.pk}/").content.decode()
    assert "越权放行：" + WHY in body
    assert "已由 " in body


def test_the_api_override_checks_role_and_region(client, home, other):
    prospect = rejected(home)
    url = f"/api/prospects/{prospect.pk}/override"

    def post(user):
        client.force_login(user)
        return client.post(url, {"reason": WHY}, content_type="application/json")

    assert post(home.users["investment"]).status_code == 403
    assert post(other.users["official"]).status_code == 404
    done = post(home.users["official"])
    assert done.status_code == 201
    assert done.json()["override"]["reason"] == WHY
    assert done.json()["outcome_label"] == "不予准入"
    assert client.get(f"/api/prospects/{prospect.pk}").json()["gate_refusal"] is None


# --- conditions ------------------------------------------------------------------------------


def test_signing_waits_for_each_condition_met_with_evidence(client, home):
    prospect = to_stage(home.prospect, S.ADMISSION)
    declare(prospect)
    decision = run_admission(prospect, home.users["investment"])
    assert decision.outcome == "admit_with_conditions"
    with translation.override("zh-hans"):
        [condition] = gate.conditions(decision)
    with pytest.raises(ValidationError, match="condition"):
        services.sign_prospect(prospect, home.users["investment"], commitment())
    with pytest.raises(ValidationError):
        gate.mark_condition_met(decision, condition.key, home.users["investment"])
    with pytest.raises(PermissionDenied):
        gate.mark_condition_met(
            decision, condition.key, home.users["park_manager"], evidence="环评批复"
        )
    client.force_login(home.users["investment"])
    page = client.get(f"/pipeline/{prospect.pk}/").content.decode()
    assert "有条件准入" in page
    assert condition.text in page
    marked = client.post(
        f"/pipeline/{prospect.pk}/condition/",
        {"condition": condition.key, "evidence": "环评批复 青环审〔2026〕7号"},
    )
    assert marked.status_code == 302
    check = ConditionCheck.objects.get(decision=decision)
    assert (check.met_by, check.evidence) == (
        home.users["investment"],
        "环评批复 青环审〔2026〕7号",
    )
    services.sign_prospect(prospect, home.users["investment"], commitment())
    assert prospect.stage == S.SIGNED


def test_evidence_may_be_a_file_read_only_in_the_county(client, home, other, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    prospect = to_stage(home.prospect, S.ADMISSION)
    declare(prospect)
    decision = run_admission(prospect, home.users["investment"])
    [condition] = gate.conditions(decision)
    client.force_login(home.users["investment"])
    upload = SimpleUploadedFile("批复.pdf", b"%PDF-1.4 approval", content_type="application/pdf")
    marked = client.post(
        f"/pipeline/{prospect.pk}/condition/",
        {"condition": condition.key, "evidence": "", "attachment": upload},
    )
    assert marked.status_code == 302
    check = ConditionCheck.objects.get(decision=decision)
    url = f"/pipeline/{prospect.pk}/evidence/{check.pk}/"
    assert url in client.get(f"/pipeline/{prospect.pk}/").content.decode()
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 approval"
    client.force_login(other.users["official"])
    assert client.get(url).status_code == 404
    client.force_login(home.users["enterprise"])
    assert client.get(url).status_code == 403


# --- matching --------------------------------------------------------------------------------


def test_rejected_prospects_are_no_matching_candidates(home):
    prospect = rejected(home)
    assert prospect not in seeking_prospects(home.users["official"], home.county)
    gate.override(latest_decision(prospect), home.users["official"], WHY)
    assert prospect in seeking_prospects(home.users["official"], home.county)


# --- a new version of the rules --------------------------------------------------------------


def test_activating_rules_rechecks_the_open_prospects_and_lists_the_changes(home, client):
    prospect = to_stage(home.prospect, S.NEGOTIATING)
    declare(prospect)
    before = gate.recheck(prospect)
    assert before.outcome == "admit_with_conditions"
    with translation.override("zh-hans"):
        strict, lines = county_rules(home, **{"limit: 0.3": "limit: 0.001"})
    after = latest_decision(prospect)
    assert (after.outcome, after.rules) == ("reject", strict)
    assert any(prospect.name in line and "有条件准入 → 不予准入" in line for line in lines)
    # the page: a version back to the platform's limit, activated there, lists the change
    official = home.users["official"]
    draft = Draft(
        "admission",
        "county",
        "County rules",
        strict.content.replace("limit: 0.001", "limit: 0.3"),
        region=home.county,
    )
    lenient = rules.save_draft(official, draft, parent=strict)
    client.force_login(official)
    page = client.post(f"/rules/{lenient.pk}/status/", {"action": "activate"}, follow=True)
    body = page.content.decode()
    assert f"{prospect.name}：不予准入 → 有条件准入" in body
    assert latest_decision(prospect).outcome == "admit_with_conditions"
