"""The admission app: rule-set versions per park, decisions with provenance."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microparks.apps.admission.models import Decision, RuleSet
from microparks.apps.admission.services import (
    activate_rule_set,
    is_current,
    project_for,
    rules_for,
    run_admission,
)
from microparks.apps.audit.models import AuditEntry
from microparks.io.admission import DEFAULT_RULE_SET
from tests.apps.attraction.helpers import declare

pytestmark = pytest.mark.django_db

DEFAULT_TEXT = DEFAULT_RULE_SET.read_text(encoding="utf-8")


def rule_set(park, version="2026.2", **changes):
    text = DEFAULT_TEXT.replace('version: "2026.2"', f'version: "{version}"')
    for old, new in changes.items():
        text = text.replace(old, new)
    rules = RuleSet(park=park, text=text)
    rules.full_clean()
    rules.save()
    return rules


def test_saving_reads_name_and_version_from_the_yaml(home):
    rules = rule_set(home.park)
    assert (rules.name, rules.version, rules.active) == ("microparks-default", "2026.2", False)


def test_malformed_yaml_is_refused_with_every_problem(home):
    rules = RuleSet(park=home.park, text="name: x\nversion: '1'\ncaps:\n  - {id: C, limit: -1}")
    with pytest.raises(ValidationError) as err:
        rules.full_clean()
    problems = err.value.message_dict["text"]
    assert any("caps[0].indicator: missing" in p for p in problems)
    assert any("caps[0].limit: must be at least 0, got -1" in p for p in problems)


def test_unknown_industry_code_in_rules_is_refused(home):
    rules = RuleSet(
        park=home.park, text="name: x\nversion: '1'\ntwo_high:\n  - {id: T, codes: ['3199']}"
    )
    with pytest.raises(ValidationError, match="not in GB/T 4754-2017: 3199"):
        rules.full_clean()


def test_activating_a_version_replaces_the_active_one(home):
    official = home.users["official"]
    first = activate_rule_set(rule_set(home.park, "2026.2"), official)
    second = activate_rule_set(rule_set(home.park, "2026.3"), official)
    first.refresh_from_db()
    home.park.refresh_from_db()
    assert (first.active, second.active) == (False, True)
    assert home.park.rule_set == "microparks-default 2026.3"
    entry = AuditEntry.objects.filter(model="admission.ruleset", object_id=str(second.pk)).first()
    assert entry.user == official


def test_a_malformed_version_is_refused_before_it_replaces_the_active_one(home):
    official = home.users["official"]
    good = activate_rule_set(rule_set(home.park, "2026.2"), official)
    broken = rule_set(home.park, "2026.3")
    RuleSet.objects.filter(pk=broken.pk).update(text="name: x\nversion: [")  # e.g. edited in SQL
    broken.refresh_from_db()
    with pytest.raises(ValidationError, match="not valid YAML"):
        activate_rule_set(broken, official)
    good.refresh_from_db()
    broken.refresh_from_db()
    assert (good.active, broken.active) == (True, False)


@pytest.mark.parametrize("role", ["investment", "park_manager", "enterprise"])
def test_only_officials_activate_rule_sets(home, role):
    with pytest.raises(PermissionDenied):
        activate_rule_set(rule_set(home.park), home.users[role])


def test_other_countys_official_cannot_activate(home, other):
    with pytest.raises(PermissionDenied):
        activate_rule_set(rule_set(home.park), other.users["official"])


def test_park_rules_apply_to_its_prospects(home):
    assert rules_for(home.prospect)[0] is None  # the shipped default
    custom = activate_rule_set(
        rule_set(home.park, "2026.9", **{"limit: 0.3": "limit: 0.001"}), home.users["official"]
    )
    declare(home.prospect)
    decision = run_admission(home.prospect, home.users["investment"])
    assert decision.rule_set == custom
    assert decision.rule_set_version == "2026.9"
    assert decision.outcome == "reject"
    assert decision.result["fired"][-1]["rule_id"] == "CAP-energy-intensity"


def test_run_admission_stores_the_decision_with_provenance(home):
    declare(home.prospect)
    decision = run_admission(home.prospect, home.users["investment"])
    assert decision.outcome == "admit_with_conditions"  # food processing: EIA report form
    assert decision.rule_set is None
    assert (decision.rule_set_name, decision.rule_set_version) == ("microparks-default", "2026.2")
    assert decision.inputs["industry_codes"] == ["13"]
    assert decision.inputs_hash == project_for(home.prospect).input_hash()
    assert decision.decided_by == home.users["investment"]
    assert decision.passed
    assert is_current(decision, home.prospect)
    home.prospect.annual_energy_tce = 130.0
    home.prospect.save()
    assert not is_current(decision, home.prospect)


def test_missing_data_is_referred_naming_the_fields(home):
    decision = run_admission(home.prospect, home.users["official"])
    assert decision.outcome == "refer"
    assert "emissions_t.cod" in decision.result["missing"]
    assert "annual_energy_tce" in decision.result["missing"]


def test_declared_processes_are_checked(home):
    declare(home.prospect, processes=["electroplating"], materials=["chromium"])
    decision = run_admission(home.prospect, home.users["official"])
    assert decision.outcome == "reject"


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
def test_only_pipeline_roles_run_the_gate(home, role):
    with pytest.raises(PermissionDenied):
        run_admission(home.prospect, home.users[role])
    assert not Decision.objects.exists()


def test_other_countys_officer_cannot_run_the_gate(home, other):
    with pytest.raises(PermissionDenied):
        run_admission(home.prospect, other.users["investment"])


def test_a_used_version_is_frozen(home):
    rules = activate_rule_set(rule_set(home.park), home.users["official"])
    run_admission(home.prospect, home.users["official"])
    rules.text = rules.text.replace("limit: 0.3", "limit: 0.4")
    with pytest.raises(ValidationError, match="new version"):
        rules.full_clean()


def test_decisions_are_scoped(home, other):
    run_admission(home.prospect, home.users["official"])
    assert Decision.objects.restrict(home.users["investment"]).count() == 1
    assert Decision.objects.restrict(home.users["park_manager"]).count() == 1  # their park
    assert Decision.objects.restrict(other.users["official"]).count() == 0
    assert Decision.objects.restrict(home.users["enterprise"]).count() == 0
