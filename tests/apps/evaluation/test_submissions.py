"""Record collection: the firm files, officials review, correct, lock and unlock; provenance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.enterprises.provenance import RecordLockedError, provenance
from microparks.apps.evaluation import submissions
from microparks.apps.evaluation.models import Result, Submission
from microparks.apps.evaluation.services import EvaluationError, run_evaluation
from tests.apps.evaluation.helpers import FIGURES, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def open_2025(home, other):
    campaign(other, year=2025)
    return campaign(home, year=2025)


def submit(home, values=None):
    return submissions.submit(
        home.enterprise, 2025, dict(values or FIGURES), home.users["enterprise"]
    )


def test_open_years_only_where_the_firm_leases(home, other, open_2025):
    assert submissions.open_years(home.enterprise) == [2025]
    assert submissions.open_years(other.enterprise) == [2025]
    open_2025.status = "published"
    open_2025.save()
    assert submissions.open_years(home.enterprise) == []


def test_submit_writes_record_with_provenance_and_blocks_edits(home, open_2025):
    before = AuditEntry.objects.filter(model="enterprises.recordevent").count()
    filing = submit(home)
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2025)
    assert record.tax_cny == Decimal("500000")
    assert filing.status == Submission.Status.SUBMITTED
    latest = provenance(record)
    assert latest["tax_cny"].source == AnnualRecord.Source.SUBMITTED
    assert latest["tax_cny"].user == home.users["enterprise"]
    assert AuditEntry.objects.filter(model="enterprises.recordevent").count() > before
    assert not submissions.may_edit(home.enterprise, 2025)
    with pytest.raises(EvaluationError):
        submit(home)


def test_only_the_firms_own_user_files(home, other, open_2025):
    with pytest.raises(PermissionDenied):
        submissions.submit(home.enterprise, 2025, FIGURES, other.users["enterprise"])
    with pytest.raises(PermissionDenied):
        submissions.save_draft(home.enterprise, 2025, FIGURES, home.users["official"])


def test_closed_year_refused(home, open_2025):
    with pytest.raises(EvaluationError, match="No evaluation of 2023"):
        submissions.save_draft(home.enterprise, 2023, {}, home.users["enterprise"])


def test_return_correct_accept_lock_unlock(home, open_2025):
    official = home.users["official"]
    submit(home)
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2025)
    submissions.correct(record, "tax_cny", Decimal("520000.00"), "Tax bureau statement", official)
    event = provenance(record)["tax_cny"]
    assert (event.source, event.old_value, event.new_value) == ("corrected", 500000.0, 520000.0)
    assert (event.user, event.note) == (official, "Tax bureau statement")
    with pytest.raises(EvaluationError, match="reason"):
        submissions.correct(record, "jobs", 61, " ", official)
    submissions.return_record(record, official, "R&D looks too high")
    assert submissions.may_edit(home.enterprise, 2025)
    filing = Submission.objects.get(enterprise=home.enterprise, year=2025)
    assert filing.values["tax_cny"] == 520000.0  # the correction is in the firm's form
    submit(home, dict(FIGURES, rd_spend_cny="100000"))
    submissions.accept(record, official)
    locked, pending = submissions.lock_records(open_2025, official)
    assert (locked, pending) == (1, [])
    record.refresh_from_db()
    assert record.locked
    with pytest.raises(RecordLockedError):
        submissions.correct(record, "tax_cny", Decimal("1.00"), "typo", official)
    record.tax_cny = Decimal("1.00")
    with pytest.raises(ValidationError, match="locked"):
        record.full_clean()  # the admin and every form see the lock too
    record.refresh_from_db()
    with pytest.raises(EvaluationError, match="reason"):
        submissions.unlock(record, official, "")
    submissions.unlock(record, official, "Objection upheld")
    submissions.correct(record, "tax_cny", Decimal("530000.00"), "Objection upheld", official)
    kinds = list(record.events.exclude(kind="value").values_list("kind", flat=True))
    assert kinds == ["submitted", "returned", "submitted", "accepted", "locked", "unlocked"]


def test_review_needs_an_official_of_the_county(home, other, open_2025):
    submit(home)
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2025)
    for user in (other.users["official"], home.users["park_manager"], home.users["enterprise"]):
        with pytest.raises(PermissionDenied):
            submissions.accept(record, user)


def test_lock_leaves_unreviewed_open(home, open_2025):
    submit(home)
    locked, pending = submissions.lock_records(open_2025, home.users["official"])
    assert (locked, pending) == (0, [home.enterprise])


def test_run_refuses_unreviewed_unless_included(home, open_2025):
    submit(home)
    official = home.users["official"]
    with pytest.raises(EvaluationError, match="1 records are not reviewed"):
        run_evaluation(open_2025, official)
    report = run_evaluation(open_2025, official, include_unreviewed=True)
    assert report.unreviewed == 1
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2025)
    submissions.accept(record, official)
    report = run_evaluation(open_2025, official)
    assert report.unreviewed == 0
    result = Result.objects.get(campaign=open_2025, enterprise=home.enterprise)
    assert result.inputs["tax_cny"] == 500000.0


# -- pages ----------------------------------------------------------------------------------


def test_form_draft_then_submit(client, home, open_2025):
    url = reverse("evaluation:my_record", args=[2025])
    client.force_login(home.users["enterprise"])
    response = client.post(url, {"action": "draft", "tax_cny": "500000"}, follow=True)
    assert "Draft saved" in response.content.decode()
    assert Submission.objects.get(enterprise=home.enterprise).values == {"tax_cny": 500000.0}
    assert not AnnualRecord.objects.filter(year=2025).exists()
    bad = dict(FIGURES, action="submit", tax_cny="-5", local_jobs="70", value_added_cny="2e7")
    del bad["revenue_cny"]
    response = client.post(url, bad)
    errors = response.context["form"].errors
    assert errors["tax_cny"] == ["Must not be negative."]
    assert errors["local_jobs"] == ["Cannot exceed the number of jobs."]
    assert errors["value_added_cny"] == ["Value added cannot exceed gross output."]
    assert errors["revenue_cny"] == ["This field is required."]
    low_energy = dict(FIGURES, action="submit", energy_tce="10")
    assert "energy_tce" in client.post(url, low_energy).context["form"].errors
    assert not AnnualRecord.objects.filter(year=2025).exists()
    response = client.post(url, dict(FIGURES, action="submit"), follow=True)
    page = response.content.decode()
    assert "Submitted; the county will review it." in page
    assert response.context["form"] is None  # no longer editable
    assert AnnualRecord.objects.get(year=2025, enterprise=home.enterprise).jobs == 60
    response = client.post(url, dict(FIGURES, action="submit", jobs="99"), follow=True)
    assert "an official must return it first" in response.content.decode()


def test_portal_pages_permissions(client, home, other, open_2025):
    mine = reverse("evaluation:my_records")
    record = reverse("evaluation:my_record", args=[2025])
    assert client.get(mine).status_code == 302
    for role in ("official", "park_manager", "handler"):
        client.force_login(home.users[role])
        assert client.get(mine).status_code == 403
        assert client.post(record, dict(FIGURES, action="submit")).status_code == 403
    client.force_login(other.users["enterprise"])  # files for its own firm only
    client.post(record, dict(FIGURES, action="submit"))
    assert not AnnualRecord.objects.filter(year=2025, enterprise=home.enterprise).exists()
    assert AnnualRecord.objects.filter(year=2025, enterprise=other.enterprise).exists()
    client.force_login(home.users["enterprise"])
    assert client.get(mine).status_code == 200
    assert client.get(reverse("evaluation:my_record", args=[2019])).status_code == 403


def test_review_pages_permissions_and_actions(client, home, other, open_2025):
    submit(home)
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2025)
    review = reverse("evaluation:review", args=[open_2025.pk])
    detail = reverse("evaluation:record_detail", args=[open_2025.pk, record.pk])
    action = reverse("evaluation:record_action", args=[open_2025.pk, record.pk])
    assert client.get(review).status_code == 302
    for role in ("handler", "enterprise"):
        client.force_login(home.users[role])
        assert client.get(review).status_code == 403
        assert client.get(detail).status_code == 403
    client.force_login(other.users["official"])
    assert client.get(review).status_code == 404
    assert client.post(action, {"action": "accept"}).status_code == 404
    client.force_login(home.users["investment"])  # sees, may not act
    assert client.get(detail).status_code == 200
    assert client.post(action, {"action": "accept"}).status_code == 403
    client.force_login(home.users["official"])
    page = client.get(detail).content.decode()
    assert "Submitted by the enterprise" in page
    assert home.users["enterprise"].username in page

    def step(**data):  # from the record page as it is now (stale pages: test_review_conflicts)
        seen = client.get(detail).context["accept_form"].initial["revision_seen"]
        return client.post(action, {**data, "revision_seen": seen})

    step(action="correct", field="tax_cny", value="510000", reason="bill")
    page = client.get(detail).content.decode()
    assert "Corrected by an official" in page
    assert "bill" in page
    step(action="accept")
    assert Submission.objects.get(enterprise=home.enterprise).status == "accepted"
    client.post(reverse("evaluation:lock_records", args=[open_2025.pk]))
    record.refresh_from_db()
    assert record.locked
    step(action="unlock", reason="objection")
    record.refresh_from_db()
    assert not record.locked


def test_template_upload_becomes_the_draft(client, home, other, open_2025, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from microparks.io.evaluation_files import records_template_bytes
    from microparks.io.template_kinds import template_for

    client.force_login(home.users["enterprise"])
    response = client.get(reverse("evaluation:my_template", args=[2025]))
    assert response.status_code == 200
    path = tmp_path / "mine.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).worksheets[0]  # English, the page's language
    columns = {c.header("en"): c for c in template_for("records").columns}
    heads = [columns[c.value] for c in sheet[1]]
    rows = [
        {
            c.key: v * c.factor("en") if isinstance(v, float | int) else v
            for c, v in zip(heads, r, strict=True)
        }
        for r in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert [r["credit_code"] for r in rows] == [home.enterprise.credit_code]
    rows[0].update(tax_cny=480_000, value_added_cny=2_900_000, revenue_cny=10_000_000, jobs=55)
    rows[0].update(energy_tce=50, electricity_kwh=300_000)
    url = reverse("evaluation:my_upload", args=[2025])

    def upload(rows):
        file = SimpleUploadedFile("mine.xlsx", records_template_bytes(rows))
        return client.post(url, {"file": file}, follow=True).content.decode()

    assert "check it and submit" in upload(rows)
    draft = Submission.objects.get(enterprise=home.enterprise, year=2025)
    assert draft.status == Submission.Status.DRAFT
    assert (draft.values["tax_cny"], draft.values["jobs"]) == (480000.0, 55)
    assert not AnnualRecord.objects.filter(year=2025, enterprise=home.enterprise).exists()
    foreign = [dict(rows[0], credit_code=other.enterprise.credit_code)]
    assert "The file must hold one row" in upload(foreign)
    assert "impossible value: must be ≥ 0" in upload([dict(rows[0], tax_cny=-1)])
    assert Submission.objects.get(enterprise=home.enterprise).values["tax_cny"] == 480000.0
    client.force_login(home.users["official"])
    assert client.post(url).status_code == 403
