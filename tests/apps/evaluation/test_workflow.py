"""The evaluation can be finished: a window on the rules clock, 0-day windows, a new 公示 when a
re-run changes results, small groups graded by bands, notices, objection files and wording."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.evaluation.models import (
    Campaign,
    Notice,
    Objection,
    Publication,
    Reminder,
    Result,
    Submission,
)
from microparks.apps.evaluation.notices import notice_text
from microparks.apps.evaluation.reminders import send_reminders, unfiled_firms
from microparks.apps.evaluation.services import (
    EvaluationError,
    decide_objection,
    finalise_campaign,
    may_object,
    publish_campaign,
    run_evaluation,
    submit_objection,
)
from tests.apps.evaluation.helpers import add_tenant, campaign

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


FRIDAY = dt.date(2025, 6, 6)  # three working days later: Wednesday 11 June


def five_firms(home):
    for i in range(1, 5):
        add_tenant(home, i, 100_000 * i)


def test_window_counts_on_the_rules_clock_and_final_after_it(home):
    five_firms(home)
    c = campaign(home)
    official = home.users["official"]
    run_evaluation(c, official)
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, official)
    c.refresh_from_db()
    assert (c.published_on, c.objection_deadline) == (FRIDAY, dt.date(2025, 6, 11))
    result = Result.objects.get(campaign=c, enterprise=home.enterprise)
    with override_settings(CLOCK=at(dt.date(2025, 6, 11))):
        assert may_object(result, home.users["enterprise"])
        with pytest.raises(EvaluationError, match="still open"):
            finalise_campaign(c, official)
    with override_settings(CLOCK=at(dt.date(2025, 6, 12))):
        assert not may_object(result, home.users["enterprise"])
        finalise_campaign(c, official)
    c.refresh_from_db()
    assert c.status == Campaign.Status.FINAL
    assert c.finalised_on == dt.date(2025, 6, 12)


def test_a_zero_day_window_takes_no_objection_and_may_be_final_at_once(home):
    five_firms(home)
    c = campaign(home, objection_days=0)
    official = home.users["official"]
    run_evaluation(c, official)
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, official)
        result = Result.objects.get(campaign=c, enterprise=home.enterprise)
        assert not may_object(result, home.users["enterprise"])
        finalise_campaign(c, official)
    c.refresh_from_db()
    assert c.status == Campaign.Status.FINAL


def test_rerun_that_changes_results_opens_a_new_publication(home):
    five_firms(home)
    c = campaign(home)
    official = home.users["official"]
    run_evaluation(c, official)
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, official)
    first = {r.pk: r.updated_at for r in Result.objects.filter(campaign=c)}
    # the same data again: nothing written, the window stays
    with override_settings(CLOCK=at(dt.date(2025, 6, 9))):
        report = run_evaluation(c, official)
    assert (report.changed, report.republished) == (0, False)
    c.refresh_from_db()
    assert (c.publication, c.published_on) == (1, FRIDAY)
    assert {r.pk: r.updated_at for r in Result.objects.filter(campaign=c)} == first
    # a corrected record: a second round from the day of the re-run, with its own window
    AnnualRecord.objects.filter(enterprise__name="tenant 1").update(tax_cny=900_000)
    with override_settings(CLOCK=at(dt.date(2025, 6, 10))):
        report = run_evaluation(c, official)
    assert report.republished
    c.refresh_from_db()
    assert (c.publication, c.published_on) == (2, dt.date(2025, 6, 10))
    assert c.objection_deadline == dt.date(2025, 6, 13)
    rounds = list(Publication.objects.filter(campaign=c).values_list("number", "published_on"))
    assert rounds == [(1, FRIDAY), (2, dt.date(2025, 6, 10))]
    assert Result.objects.get(campaign=c, enterprise__name="tenant 1").publication == 2
    assert Notice.objects.filter(campaign=c, kind=Notice.Kind.REPUBLISHED).exists()


def test_a_final_result_never_changes(home):
    five_firms(home)
    c = campaign(home, objection_days=0)
    official = home.users["official"]
    run_evaluation(c, official)
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, official)
        finalise_campaign(c, official)
    before = list(Result.objects.filter(campaign=c).values("pk", "total", "rules", "updated_at"))
    AnnualRecord.objects.filter(enterprise__name="tenant 1").update(tax_cny=900_000)
    with pytest.raises(EvaluationError):
        run_evaluation(c, official)
    after = list(Result.objects.filter(campaign=c).values("pk", "total", "rules", "updated_at"))
    assert after == before
    assert all(r["rules"] == c.rules_id for r in after)  # the version it was computed with


def test_a_lone_firm_is_graded_by_bands_with_the_reason(home):
    c = campaign(home, scheme="jingde")
    run_evaluation(c, home.users["official"])
    result = Result.objects.get(campaign=c, enterprise=home.enterprise)
    assert result.grade_basis == "small_group"
    assert result.evaluation_class != "D"
    assert result.policies["electricity_surcharge_cny"] == 0
    assert result.notes[0] == {"code": "small_group", "firms": 1, "minimum": 5}


def test_firms_are_told_of_publication_and_of_each_decision(home):
    five_firms(home)
    c = campaign(home)
    official, firm_user = home.users["official"], home.users["enterprise"]
    run_evaluation(c, official)
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, official)
        result = Result.objects.get(campaign=c, enterprise=home.enterprise)
        objection = submit_objection(result, firm_user, "Our land is 8 mu.")
        decide_objection(objection, official, False, "The lease says 10 mu.")
    kinds = list(Notice.objects.filter(user=firm_user).values_list("kind", "detail"))
    assert ("published", "") in kinds
    assert ("decided", "The lease says 10 mu.") in kinds
    decided = Notice.objects.get(user=firm_user, kind="decided")
    assert "dismissed" in notice_text(decided)
    assert Objection.Status.REJECTED.label == "Objection not upheld (dismissed)"
    assert Objection.Status.UPHELD.label == "Objection upheld"


def test_an_objection_carries_a_file_checked_like_a_ticket_attachment(home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    five_firms(home)
    c = campaign(home)
    official, firm_user = home.users["official"], home.users["enterprise"]
    run_evaluation(c, official)
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, official)
        result = Result.objects.get(campaign=c, enterprise=home.enterprise)
        fake = SimpleUploadedFile("lease.pdf", b"not a pdf", content_type="application/pdf")
        with pytest.raises(EvaluationError, match="does not contain"):
            submit_objection(result, firm_user, "See the lease.", attachment=fake)
        exe = SimpleUploadedFile("lease.exe", b"MZ", content_type="application/octet-stream")
        with pytest.raises(EvaluationError, match="not allowed"):
            submit_objection(result, firm_user, "See the lease.", attachment=exe)
        pdf = SimpleUploadedFile("lease.pdf", b"%PDF-1.4 lease", content_type="application/pdf")
        objection = submit_objection(result, firm_user, "See the lease.", attachment=pdf)
    assert objection.attachment_name == "lease.pdf"
    assert objection.attachment.read().startswith(b"%PDF")
    assert Objection.objects.count() == 1


def test_a_rerun_that_only_explains_better_does_not_reopen(home):
    # results published before the grade basis and notes were kept: a re-run fills them in
    # without a new 公示, since nothing the firm was published changed
    five_firms(home)
    c = campaign(home)
    official = home.users["official"]
    run_evaluation(c, official)
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, official)
    Result.objects.filter(campaign=c).update(grade_basis="", notes=[], next_class="")
    with override_settings(CLOCK=at(dt.date(2025, 6, 10))):
        report = run_evaluation(c, official)
    assert not report.republished
    c.refresh_from_db()
    assert (c.publication, c.published_on) == (1, FRIDAY)
    assert not Result.objects.filter(campaign=c, grade_basis="").exists()


def test_a_zero_day_notice_says_there_is_no_window(home):
    five_firms(home)
    c = campaign(home, objection_days=0)
    run_evaluation(c, home.users["official"])
    with override_settings(CLOCK=at(FRIDAY)):
        publish_campaign(c, home.users["official"])
    notice = Notice.objects.get(user=home.users["enterprise"])
    assert "without an objection window" in notice_text(notice)


def test_unfiled_list_reads_filings_and_reminders_reach_only_it(home, other):
    five_firms(home)
    c = campaign(home)
    names = {1: "tenant 1", 2: "tenant 2", 3: "tenant 3", 4: "tenant 4"}
    firms = {i: home.enterprise.__class__.objects.get(name=n) for i, n in names.items()}
    AnnualRecord.objects.filter(enterprise__in=[firms[1], firms[2], firms[3]]).delete()
    Submission.objects.create(enterprise=firms[2], year=2024, status=Submission.Status.DRAFT)
    Submission.objects.create(enterprise=firms[3], year=2024, status=Submission.Status.SUBMITTED)
    Submission.objects.create(enterprise=firms[4], year=2024, status=Submission.Status.RETURNED)
    listed = {u.enterprise.name: u.filing for u in unfiled_firms(c)}
    assert listed == {"tenant 1": "", "tenant 2": "draft", "tenant 4": "returned"}
    with pytest.raises(PermissionDenied):
        send_reminders(c, [firms[1].pk], other.users["official"])
    sent = send_reminders(
        c, [f.pk for f in firms.values()] + [home.enterprise.pk], home.users["official"]
    )
    assert sent == 3
    assert set(Reminder.objects.values_list("enterprise__name", flat=True)) == set(listed)
    assert all(u.reminded_at is not None for u in unfiled_firms(c))
