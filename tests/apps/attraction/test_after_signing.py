"""The gate after signing (issue 18, task C item 1).

A signed project whose data change is re-checked like before signing; a decision that now
rejects (or newly sets conditions) does not move the stage back but flags the project on its
page and its board card, tells the county's officials, and is audited.
"""

from __future__ import annotations

import pytest
from django.test import Client

from microparks.apps.admission.models import Decision, Declaration, Outcome
from microparks.apps.admission.services import latest_decision
from microparks.apps.attraction import after_signing, services
from microparks.apps.attraction.models import Prospect, SignedRecheck, SignedRecheckNotice
from microparks.apps.audit.models import AuditEntry
from microparks.apps.common import unread
from tests.apps.attraction.helpers import admitted, commitment, declare, to_stage

pytestmark = pytest.mark.django_db
S = Prospect.Stage


def signed(county) -> Prospect:
    """The county's prospect, admitted with its conditions met, signed and then registered."""
    prospect = to_stage(county.prospect, S.ADMISSION)
    declare(prospect)
    officer = county.users["investment"]
    assert admitted(prospect, officer).outcome == Outcome.CONDITIONS
    services.sign_prospect(prospect, officer, commitment())
    return to_stage(prospect, S.REGISTERED)


def test_a_signed_project_that_now_fails_is_flagged_not_moved_back(home, other):
    prospect = signed(home)
    officer = home.users["investment"]
    declaration = Declaration.objects.get(prospect=prospect)
    declaration.processes = ["electroplating"]
    decision = services.save_declaration(officer, declaration)

    assert decision.outcome == Outcome.REJECT
    prospect.refresh_from_db()
    assert prospect.stage == S.REGISTERED  # the stage stays
    flagged = SignedRecheck.objects.get(prospect=prospect)
    assert (flagged.decision, flagged.previous_outcome, flagged.stage) == (
        decision,
        Outcome.CONDITIONS,
        S.REGISTERED,
    )
    # audited, with who changed the data
    entry = AuditEntry.objects.get(model="attraction.signedrecheck", object_id=str(flagged.pk))
    assert (entry.action, entry.user) == ("create", officer)
    # the county's official is told; nobody else (the officer, another county)
    told = SignedRecheckNotice.objects.filter(recheck=flagged)
    assert [n.user for n in told] == [home.users["official"]]

    # the header's badge of unread news counts the notice, for officials only
    assert unread.counts(home.users["official"])["signed_rechecks"] == 1
    assert "signed_rechecks" not in unread.counts(officer)
    # the official's board: the notice, and the card's flag
    client = Client()  # zh-hans by default
    client.force_login(home.users["official"])
    board = client.get("/pipeline/board/").content.decode()
    assert "签约后复核未通过" in board
    assert f'href="/pipeline/{prospect.pk}/"' in board
    # the prospect's page: the warning names the failed rule, in Chinese; the notice is read
    page = client.get(f"/pipeline/{prospect.pk}/").content.decode()
    assert "签约后复核未通过：" in page
    assert "电镀" in page
    assert told.get().read_at is not None
    assert after_signing.unread_notices(home.users["official"]) == []
    assert unread.counts(home.users["official"])["signed_rechecks"] == 0
    # another county's official sees nothing of it
    assert not SignedRecheckNotice.objects.filter(user=other.users["official"]).exists()


def test_the_flag_goes_when_a_later_check_passes_again(home):
    prospect = signed(home)
    officer = home.users["investment"]
    declaration = Declaration.objects.get(prospect=prospect)
    declaration.processes = ["electroplating"]
    services.save_declaration(officer, declaration)
    assert after_signing.current(prospect) is not None
    declaration.processes = ["washing", "packing"]
    decision = services.save_declaration(officer, declaration)
    assert decision.outcome == Outcome.CONDITIONS  # as when it signed: not newly conditions
    assert after_signing.current(prospect) is None
    assert SignedRecheck.objects.filter(prospect=prospect).count() == 1


def test_before_signing_nothing_is_flagged(home):
    prospect = to_stage(home.prospect, S.NEGOTIATING)
    declare(prospect, processes=["electroplating"])
    assert after_signing.recheck(prospect, home.users["investment"]).outcome == Outcome.REJECT
    assert not SignedRecheck.objects.exists()


def test_a_change_after_signing_the_gate_reads_runs_it_again(home):
    prospect = signed(home)
    first = latest_decision(prospect)
    prospect.annual_energy_tce = 90_000.0  # far above any tier: a new decision
    services.update_prospect(home.users["investment"], prospect, ["annual_energy_tce"])
    assert latest_decision(prospect).pk != first.pk


@pytest.mark.parametrize(
    ("before", "after", "flagged"),
    [
        (Outcome.ADMIT, Outcome.REJECT, True),
        (Outcome.REJECT, Outcome.REJECT, True),  # still rejected on new data
        (Outcome.ADMIT, Outcome.CONDITIONS, True),
        (Outcome.REJECT, Outcome.CONDITIONS, True),
        (Outcome.CONDITIONS, Outcome.CONDITIONS, False),
        (Outcome.CONDITIONS, Outcome.ADMIT, False),
        (Outcome.ADMIT, Outcome.REFER, False),
        (None, Outcome.REJECT, True),
    ],
)
@pytest.mark.engine_neutral
def test_which_new_decisions_flag(before, after, flagged):
    old = Decision(outcome=before) if before else None
    assert after_signing.fails(old, Decision(outcome=after)) is flagged
