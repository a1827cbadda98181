"""Two officials review the same annual record: a step taken on a stale page is refused.

Each review step (accept, return, correct, unlock), and the firm's submission, carries the
record's revision its page showed; when someone changed the record since, the step is refused
with what changed and the input kept, based on the new revision, and nothing is overwritten.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from microparks.apps.accounts.models import User
from microparks.apps.base import Role
from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.evaluation import submissions
from microparks.apps.evaluation.models import Submission
from tests.apps.evaluation.helpers import FIGURES, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(home, other):
    """A submitted 2025 record of the home county's firm, its pages and two officials."""
    draft = campaign(home, year=2025)
    submissions.submit(home.enterprise, 2025, dict(FIGURES), home.users["enterprise"])
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2025)
    second = User.objects.create_user(
        username="second_official", role=Role.OFFICIAL, region=home.county, is_staff=True
    )
    detail = reverse("evaluation:record_detail", args=[draft.pk, record.pk])
    action = reverse("evaluation:record_action", args=[draft.pk, record.pk])
    return record, detail, action, home.users["official"], second


def _page(client, user, detail):
    """``user``'s record page: the revision its forms carry."""
    client.force_login(user)
    response = client.get(detail, HTTP_ACCEPT_LANGUAGE="en")
    return response.context["correct_form"].initial["revision_seen"]


def _post(client, user, url, **data):
    client.force_login(user)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def _correct(value: str, seen: int) -> dict[str, object]:
    return {
        "action": "correct",
        "field": "tax_cny",
        "value": value,
        "reason": "bill",
        "revision_seen": seen,
    }


def test_a_correction_on_a_stale_page_is_refused_with_what_changed(client, setting):
    record, detail, action, first, second = setting
    seen_first, seen_second = _page(client, first, detail), _page(client, second, detail)
    assert seen_first == seen_second == record.revision
    assert _post(client, first, action, **_correct("510000", seen_first)).status_code == 302
    refused = _post(client, second, action, **_correct("520000", seen_second))
    assert refused.status_code == 200  # the page again, not a redirect
    record.refresh_from_db()
    assert record.tax_cny == Decimal("510000.00")  # the first correction stands
    conflict = list(refused.context["conflict"])
    assert conflict[0].startswith("Someone else saved")
    assert "tax paid (CNY): saved meanwhile “510000.00”, yours “520000.00”" in conflict
    assert "Someone else saved" in refused.content.decode()
    kept = refused.context["correct_form"]  # the second official's input, on the new revision
    assert (kept["value"].value(), kept["revision_seen"].value()) == (
        "520000",
        str(record.revision),
    )
    # saving again, having seen the change, is a choice: it goes through
    again = _post(client, second, action, **_correct("520000", int(kept["revision_seen"].value())))
    assert again.status_code == 302
    record.refresh_from_db()
    assert record.tax_cny == Decimal("520000.00")


def test_accepting_a_record_corrected_since_the_page_was_shown_is_refused(client, setting):
    record, detail, action, first, second = setting
    seen_first, seen_second = _page(client, first, detail), _page(client, second, detail)
    _post(client, first, action, **_correct("510000", seen_first))
    refused = _post(client, second, action, action="accept", revision_seen=seen_second)
    assert refused.status_code == 200
    assert any(line.startswith("tax paid (CNY)") for line in refused.context["conflict"])
    assert Submission.objects.get(enterprise=record.enterprise).status == "submitted"
    fresh = _page(client, second, detail)  # the page now shows the correction: accept stands
    _post(client, second, action, action="accept", revision_seen=fresh)
    assert Submission.objects.get(enterprise=record.enterprise).status == "accepted"


def test_a_step_that_does_not_say_its_revision_is_refused(client, setting):
    record, _detail, action, first, _second = setting
    before = record.revision
    refused = _post(client, first, action, action="correct", field="tax_cny", value="1", reason="x")
    assert refused.status_code == 200
    assert refused.context["conflict"]
    record.refresh_from_db()
    assert (record.revision, record.tax_cny) == (before, Decimal("500000.00"))


def test_a_firm_resubmitting_over_a_correction_made_meanwhile_is_refused(client, setting, home):
    record, _detail, _action, first, _second = setting
    submissions.return_record(record, first, "check the tax")
    firm, mine = home.users["enterprise"], reverse("evaluation:my_record", args=[2025])
    client.force_login(firm)
    seen = client.get(mine).context["form"].initial["revision_seen"]
    assert seen == record.revision
    submissions.correct(record, "tax_cny", Decimal("530000"), "the bureau's figure", first)
    posted = {**FIGURES, "tax_cny": "505000", "action": "submit", "revision_seen": seen}
    refused = client.post(mine, posted, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    errors = refused.context["form"].non_field_errors()
    assert "tax paid (CNY): saved meanwhile “530000.00”, yours “505000”" in errors
    record.refresh_from_db()
    assert record.tax_cny == Decimal("530000.00")
    assert Submission.objects.get(enterprise=home.enterprise).status == "returned"
    again = {**posted, "revision_seen": refused.context["form"]["revision_seen"].value()}
    assert client.post(mine, again).status_code == 302  # knowingly, on the new revision
    record.refresh_from_db()
    assert record.tax_cny == Decimal("505000.00")
