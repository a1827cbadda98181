"""The admission app: the rules in effect for a prospect, decisions with provenance."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microparks.apps.admission.models import Decision
from microparks.apps.admission.services import (
    is_current,
    project_for,
    rules_for,
    run_admission,
)
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Status
from microparks.apps.rules.services import Draft
from tests.apps.attraction.helpers import declare

pytestmark = pytest.mark.django_db


def park_rules(county, version_note="", **changes):
    """A park version of the admission rules, from the platform's, put into effect."""
    platform = rules.in_effect("admission")
    text = platform.content
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    official = county.users["official"]
    draft = Draft("admission", "park", "Park rules", text, park=county.park, note=version_note)
    return rules.activate(official, rules.save_draft(official, draft, parent=platform))


def test_a_park_version_replaces_the_active_one_and_applies_to_its_prospects(home):
    first = park_rules(home)
    second = park_rules(home, **{"limit: 0.3": "limit: 0.001"})
    first.refresh_from_db()
    assert (first.status, second.status) == (Status.RETIRED, Status.ACTIVE)
    assert second.version == 2
    document, _parsed = rules_for(home.prospect)
    assert document == second


def test_without_park_rules_the_platforms_apply(home):
    document, parsed = rules_for(home.prospect)
    assert document.scope_key == "*"
    assert parsed.name == "microparks-default"


def test_park_rules_apply_to_its_prospects(home):
    custom = park_rules(home, **{"limit: 0.3": "limit: 0.001"})
    declare(home.prospect)
    decision = run_admission(home.prospect, home.users["investment"])
    assert decision.rules == custom
    assert decision.rule_set_version == "1"
    assert decision.outcome == "reject"
    assert decision.result["fired"][-1]["rule_id"] == "CAP-energy-intensity"


def test_run_admission_stores_the_decision_with_provenance(home):
    declare(home.prospect)
    decision = run_admission(home.prospect, home.users["investment"])
    assert decision.outcome == "admit_with_conditions"  # food processing: EIA report form
    assert decision.rules == rules.in_effect("admission")
    assert (decision.rule_set_name, decision.rule_set_version) == ("default", "1")
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
    document = park_rules(home)
    run_admission(home.prospect, home.users["official"])
    document.content = document.content.replace("limit: 0.3", "limit: 0.4")
    with pytest.raises(ValidationError, match="new version"):
        document.save()


def test_decisions_are_scoped(home, other):
    run_admission(home.prospect, home.users["official"])
    assert Decision.objects.restrict(home.users["investment"]).count() == 1
    assert Decision.objects.restrict(home.users["park_manager"]).count() == 1  # their park
    assert Decision.objects.restrict(other.users["official"]).count() == 0
    assert Decision.objects.restrict(home.users["enterprise"]).count() == 0
