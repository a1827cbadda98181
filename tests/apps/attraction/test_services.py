"""Pipeline services: every stage transition (allowed and refused), signing with the gate and
the official's override (role and audit), commitments, tenant records, activities."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microparks.apps.admission.services import run_admission
from microparks.apps.attraction import services
from microparks.apps.attraction.models import EXITS, PIPELINE, Commitment, Prospect
from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import Enterprise
from tests.apps.attraction.helpers import NEW_CODE, admitted, commitment, declare, to_stage
from tests.conftest import CODES

pytestmark = pytest.mark.django_db
S = Prospect.Stage
ALL = list(S.values)

EXPECTED = {
    S.LEAD: {S.CONTACTED, S.VISITED, S.NEGOTIATING, S.ADMISSION, S.LOST, S.ABANDONED},
    S.CONTACTED: {S.LEAD, S.VISITED, S.NEGOTIATING, S.ADMISSION, S.LOST, S.ABANDONED},
    S.VISITED: {S.LEAD, S.CONTACTED, S.NEGOTIATING, S.ADMISSION, S.LOST, S.ABANDONED},
    S.NEGOTIATING: {S.LEAD, S.CONTACTED, S.VISITED, S.ADMISSION, S.LOST, S.ABANDONED},
    S.ADMISSION: {S.LEAD, S.CONTACTED, S.VISITED, S.NEGOTIATING, S.SIGNED, S.LOST, S.ABANDONED},
    S.SIGNED: {S.REGISTERED, S.ABANDONED},
    S.REGISTERED: {S.CONSTRUCTION, S.ABANDONED},
    S.CONSTRUCTION: {S.PRODUCING, S.ABANDONED},
    S.PRODUCING: {S.PAYING_TAX, S.ABANDONED},
    S.PAYING_TAX: {S.ABANDONED},
    S.LOST: set(),
    S.ABANDONED: set(),
}


def test_stages_follow_the_issue():
    assert [s.value for s in PIPELINE] == [
        "lead",
        "contacted",
        "visited",
        "negotiating",
        "admission",
        "signed",
        "registered",
        "construction",
        "producing",
        "paying_tax",
    ]
    assert [s.value for s in EXITS] == ["lost", "abandoned"]


@pytest.mark.parametrize("stage", ALL)
def test_allowed_moves(stage):
    assert set(services.allowed_moves(stage)) == EXPECTED[stage]


@pytest.mark.parametrize(
    ("start", "end"),
    [(a, b) for a, b in itertools.product(ALL, ALL) if b != S.SIGNED],
)
def test_every_move(home, start, end):
    prospect = to_stage(home.prospect, start)
    user = home.users["investment"]
    if end in EXPECTED[start]:
        transition = services.move_prospect(prospect, end, user, reason="a reason")
        prospect.refresh_from_db()
        assert prospect.stage == end
        assert (transition.from_stage, transition.to_stage, transition.by) == (start, end, user)
    else:
        with pytest.raises(ValidationError):
            services.move_prospect(prospect, end, user, reason="a reason")
        prospect.refresh_from_db()
        assert prospect.stage == start
        assert not prospect.transitions.exists()


def test_unknown_stage_is_refused(home):
    with pytest.raises(ValidationError, match="Unknown stage"):
        services.move_prospect(home.prospect, "won", home.users["official"])


@pytest.mark.parametrize("exit_stage", EXITS)
def test_leaving_needs_a_reason(home, exit_stage):
    with pytest.raises(ValidationError, match="reason"):
        services.move_prospect(home.prospect, exit_stage, home.users["official"], reason=" ")
    services.move_prospect(
        home.prospect, exit_stage, home.users["official"], reason="went next door"
    )
    home.prospect.refresh_from_db()
    assert home.prospect.transitions.get().reason == "went next door"
    assert home.prospect.next_follow_up is None


def test_signing_goes_through_the_signing_form(home):
    to_stage(home.prospect, S.ADMISSION)
    with pytest.raises(ValidationError, match="commitments"):
        services.move_prospect(home.prospect, S.SIGNED, home.users["official"])


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
def test_wrong_roles_cannot_move(home, role):
    with pytest.raises(PermissionDenied):
        services.move_prospect(home.prospect, S.CONTACTED, home.users[role])


def test_other_county_cannot_move(home, other):
    with pytest.raises(PermissionDenied):
        services.move_prospect(home.prospect, S.CONTACTED, other.users["official"])


# -- signing -------------------------------------------------------------------------------


def ready(home, **declared):
    prospect = to_stage(home.prospect, S.ADMISSION)
    declare(prospect, **declared)
    return prospect


def test_signing_with_a_passing_decision(home):
    prospect = ready(home)
    decision = admitted(prospect, home.users["investment"])
    transition = services.sign_prospect(prospect, home.users["investment"], commitment())
    prospect.refresh_from_db()
    assert prospect.stage == S.SIGNED
    assert (transition.override, transition.decision) == (False, decision)
    assert Commitment.objects.get(prospect=prospect).jobs == 120


def test_signing_needs_a_decision(home):
    prospect = ready(home)
    with pytest.raises(PermissionDenied, match="only a role the admission rules allow"):
        services.sign_prospect(prospect, home.users["investment"], commitment())
    prospect.refresh_from_db()
    assert prospect.stage == S.ADMISSION
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    "declared", [{"processes": ["electroplating"]}, {"cod_t": 50.0}, {"cod_t": None}]
)
def test_a_rejected_or_referred_decision_blocks_signing(home, declared):
    prospect = ready(home, **declared)
    assert not run_admission(prospect, home.users["investment"]).passed
    with pytest.raises(PermissionDenied):
        services.sign_prospect(prospect, home.users["investment"], commitment())


def test_a_decision_on_stale_data_blocks_signing(home):
    prospect = ready(home)
    admitted(prospect, home.users["investment"])
    declare(prospect, water_m3=9_000.0)
    with pytest.raises(PermissionDenied):
        services.sign_prospect(prospect, home.users["investment"], commitment())


def test_signing_only_from_admission_review(home):
    to_stage(home.prospect, S.NEGOTIATING)
    with pytest.raises(ValidationError, match="cannot move"):
        services.sign_prospect(home.prospect, home.users["official"], commitment())


def test_official_override_needs_a_written_justification(home):
    prospect = ready(home, processes=["electroplating"])
    run_admission(prospect, home.users["official"])
    with pytest.raises(ValidationError, match="justification"):
        services.sign_prospect(prospect, home.users["official"], commitment(), justification="ok")
    prospect.refresh_from_db()
    assert prospect.stage == S.ADMISSION


def test_official_override_is_kept_in_the_audit_log(home):
    prospect = ready(home, processes=["electroplating"])
    run_admission(prospect, home.users["official"])
    why = "County plan 2026-14 allows this plater in the closed loop of the plating centre."
    transition = services.sign_prospect(
        prospect, home.users["official"], commitment(), justification=why
    )
    assert (transition.override, transition.reason, transition.by) == (
        True,
        why,
        home.users["official"],
    )
    assert transition.decision is None
    entry = AuditEntry.objects.get(model="attraction.stagetransition", object_id=str(transition.pk))
    assert entry.user == home.users["official"]
    assert entry.changes["new"]["override"] is True
    assert entry.changes["new"]["reason"] == why
    stage = AuditEntry.objects.filter(model="attraction.prospect", action="update").first()
    assert stage.changes["stage"] == ["admission", "signed"]


@pytest.mark.parametrize("role", ["investment", "park_manager"])
def test_only_officials_override(home, role):
    prospect = ready(home)
    with pytest.raises(PermissionDenied):
        services.sign_prospect(prospect, home.users[role], commitment(), justification="x" * 40)


def test_commitments_are_validated(home):
    prospect = ready(home)
    admitted(prospect, home.users["investment"])
    with pytest.raises(ValidationError):
        services.sign_prospect(
            prospect, home.users["investment"], commitment(local_jobs=200, jobs=100)
        )
    with pytest.raises(ValidationError):
        services.sign_prospect(
            prospect,
            home.users["investment"],
            commitment(production_date=dt.date(2026, 1, 1)),
        )
    prospect.refresh_from_db()
    assert prospect.stage == S.ADMISSION


def test_signing_with_a_credit_code_creates_the_tenant(home):
    prospect = ready(home)
    admitted(prospect, home.users["investment"])
    services.sign_prospect(
        prospect, home.users["investment"], commitment(), credit_code=NEW_CODE.lower()
    )
    prospect.refresh_from_db()
    firm = prospect.enterprise
    assert firm.credit_code == NEW_CODE
    assert (firm.name, firm.industry, firm.region) == (
        prospect.company_name,
        prospect.industry,
        home.park.region,
    )
    assert Enterprise.objects.restrict(home.users["official"]).filter(pk=firm.pk).exists()


def test_signing_links_a_known_enterprise(home):
    prospect = ready(home)
    admitted(prospect, home.users["investment"])
    services.sign_prospect(
        prospect, home.users["investment"], commitment(), credit_code=CODES["home"]
    )
    prospect.refresh_from_db()
    assert prospect.enterprise == home.enterprise


def test_a_malformed_credit_code_is_refused(home):
    prospect = ready(home)
    admitted(prospect, home.users["investment"])
    with pytest.raises(ValidationError) as err:
        services.sign_prospect(
            prospect, home.users["investment"], commitment(), credit_code="914403001922038210"
        )
    assert "credit_code" in err.value.message_dict
    assert not Enterprise.objects.filter(credit_code="914403001922038210").exists()


def test_after_signing_one_stage_at_a_time(home):
    prospect = ready(home)
    admitted(prospect, home.users["investment"])
    services.sign_prospect(prospect, home.users["investment"], commitment())
    for stage in (S.REGISTERED, S.CONSTRUCTION, S.PRODUCING, S.PAYING_TAX):
        services.move_prospect(prospect, stage, home.users["investment"])
    assert [t.to_stage for t in prospect.transitions.order_by("at", "pk")] == [
        "signed",
        "registered",
        "construction",
        "producing",
        "paying_tax",
    ]


# -- activities ------------------------------------------------------------------------------


def test_logging_an_activity_sets_the_next_follow_up(home):
    activity = services.log_activity(
        home.prospect,
        home.users["investment"],
        kind="visit",
        date=dt.date(2026, 3, 1),
        summary=" Toured the factory ",
        next_follow_up=dt.date(2026, 3, 15),
    )
    home.prospect.refresh_from_db()
    assert activity.summary == "Toured the factory"
    assert home.prospect.next_follow_up == dt.date(2026, 3, 15)
    assert services.is_overdue(home.prospect, on=dt.date(2026, 3, 16))
    assert not services.is_overdue(home.prospect, on=dt.date(2026, 3, 15))
    visible = Prospect.objects.restrict(home.users["official"])
    assert list(services.overdue(visible, on=dt.date(2026, 3, 16))) == [home.prospect]


def test_exited_prospects_are_never_overdue(home):
    home.prospect.next_follow_up = dt.date(2020, 1, 1)
    to_stage(home.prospect, S.LOST)
    assert not services.is_overdue(home.prospect)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "email"}, "kind"),
        ({"summary": ""}, "summary"),
        ({"next_follow_up": dt.date(2026, 2, 1)}, "next_follow_up"),
    ],
)
def test_bad_activities_are_refused(home, changes, field):
    data = {"kind": "call", "date": dt.date(2026, 3, 1), "summary": "call"} | changes
    with pytest.raises(ValidationError) as err:
        services.log_activity(home.prospect, home.users["investment"], **data)
    assert field in err.value.message_dict


@pytest.mark.parametrize("role", ["park_manager", "enterprise"])
def test_wrong_roles_cannot_log_activities(home, role):
    with pytest.raises(PermissionDenied):
        services.log_activity(
            home.prospect, home.users[role], kind="note", date=dt.date(2026, 1, 1), summary="x"
        )
