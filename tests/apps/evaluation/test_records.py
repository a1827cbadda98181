"""The records template of a campaign, and its upload: all or nothing, officials only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.audit.models import AuditEntry
from microparks.apps.enterprises.models import AnnualRecord
from microparks.io.evaluation_files import records_template_bytes
from microparks.io.evaluation_records import read_evaluation_records
from tests.apps.evaluation.helpers import add_tenant, campaign, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def draft(home, other):
    add_tenant(home, 1, 100_000)
    return campaign(home)


def download(client, c, tmp_path):
    response = client.get(reverse("evaluation:records_template", args=[c.pk]))
    assert response.status_code == 200
    path = tmp_path / "t.xlsx"
    path.write_bytes(response.content)
    return path


def upload(client, c, rows, name="records.xlsx"):
    data = records_template_bytes(rows)
    file = SimpleUploadedFile(name, data)
    url = reverse("evaluation:records_upload", args=[c.pk])
    return client.post(url, {"file": file}, follow=True)


def rows_of(path):
    """The template's rows as the records reader gives them (keys, base units)."""
    records = read_evaluation_records(path)
    return [
        {k: v[i].item() if hasattr(v[i], "item") else v[i] for k, v in records.columns.items()}
        for i in range(len(records))
    ]


def test_permissions(client, home, other, draft, tmp_path):
    template = reverse("evaluation:records_template", args=[draft.pk])
    upload_url = reverse("evaluation:records_upload", args=[draft.pk])
    assert client.get(template).status_code == 302
    for role in ("investment", "enterprise", "park_manager"):
        client.force_login(home.users[role])
        assert client.get(template).status_code == 403
        assert client.post(upload_url).status_code == 403
    client.force_login(other.users["official"])
    assert client.get(template).status_code == 404
    assert client.post(upload_url).status_code == 404


def test_template_prefilled_and_upload_round_trip(client, home, draft, tmp_path):
    client.force_login(home.users["official"])
    rows = rows_of(download(client, draft, tmp_path))
    assert [r["credit_code"] for r in rows] == sorted(
        [home.enterprise.credit_code, rows[1]["credit_code"]]
    )
    firm = next(r for r in rows if r["credit_code"] == home.enterprise.credit_code)
    assert firm["tax_cny"] == 400_000
    assert firm["land_m2"] == pytest.approx(6667)
    firm["tax_cny"] = 450_000
    firm["cod_t"] = 1.5
    before = AuditEntry.objects.filter(model="enterprises.annualrecord").count()
    response = upload(client, draft, rows)
    assert "2 records updated" in response.content.decode()
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2024)
    assert record.tax_cny == 450_000
    assert record.cod_t == 1.5
    assert record.source == AnnualRecord.Source.CORRECTED
    assert AuditEntry.objects.filter(model="enterprises.annualrecord").count() > before


def test_bad_cell_saves_nothing(client, home, draft, tmp_path):
    client.force_login(home.users["official"])
    rows = rows_of(download(client, draft, tmp_path))
    rows[0]["tax_cny"] = 1
    rows[1]["land_m2"] = 0
    response = upload(client, draft, rows)
    assert "Nothing was imported." in response.content.decode()
    column = "*用地面积（亩）"  # the template's header, as the upload names it
    [problem] = [p for p in refused(response) if p[:3] == (3, column, "0")]
    assert problem[3].startswith("impossible value: must be > 0")
    assert not AnnualRecord.objects.filter(tax_cny=1).exists()


def test_locked_record_and_foreign_firm_save_nothing(client, home, other, draft, tmp_path):
    client.force_login(home.users["official"])
    rows = rows_of(download(client, draft, tmp_path))
    AnnualRecord.objects.filter(enterprise=home.enterprise).update(locked=True)
    rows[0]["tax_cny"] = 1
    rows[1]["tax_cny"] = 1
    reasons = [p[3] for p in refused(upload(client, draft, rows))]
    assert [r for r in reasons if r.endswith("is locked")] == [
        f"the record of {home.enterprise} is locked"
    ]
    assert not AnnualRecord.objects.filter(tax_cny=1).exists()
    AnnualRecord.objects.update(locked=False)
    foreign = dict(rows[0], credit_code=other.enterprise.credit_code)
    problems = refused(upload(client, draft, [rows[1], foreign]))
    code = other.enterprise.credit_code
    column = "*统一社会信用代码"
    assert (3, column, code, "the firm has no 2024 record in this county") in problems
    assert not AnnualRecord.objects.filter(tax_cny=1).exists()


def test_jobs_below_local_jobs_is_refused(client, home, draft, tmp_path):
    client.force_login(home.users["official"])
    rows = rows_of(download(client, draft, tmp_path))
    rows[0]["jobs"] = 1  # local jobs are 40 and 70
    problems = refused(upload(client, draft, rows))
    # the checks of the parts of jobs name the file's jobs column (the template's), the one to fix
    found = sorted(p[:2] + p[3:] for p in problems if "jobs cannot exceed jobs" in p[3])
    column = "*年平均职工人数（人）"
    assert found == [
        (2, column, "Local jobs cannot exceed jobs."),
        (2, column, "Rural jobs cannot exceed jobs."),
    ]
    assert not AnnualRecord.objects.filter(jobs=1).exists()


def bureau_upload(client, c, text, source="tax_bureau", name="tax-2024.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"))
    url = reverse("evaluation:bureau_upload", args=[c.pk])
    return client.post(url, {"file": file, "source": source}, follow=True)


def test_tax_bureau_import_sets_values_with_provenance(client, home, other, draft):
    from microparks.apps.enterprises.provenance import provenance

    url = reverse("evaluation:bureau_upload", args=[draft.pk])
    for role in ("investment", "enterprise"):
        client.force_login(home.users[role])
        assert client.post(url).status_code == 403
    client.force_login(other.users["official"])
    assert client.post(url).status_code == 404
    client.force_login(home.users["official"])
    code = home.enterprise.credit_code
    text = f"统一社会信用代码,年度,实缴税额,用电量\n{code},2024,412345.67,510000\n"
    page = bureau_upload(client, draft, text).content.decode()
    assert "1 firms&#x27; figures imported" in page
    record = AnnualRecord.objects.get(enterprise=home.enterprise, year=2024)
    assert float(record.tax_cny) == 412345.67
    assert record.electricity_kwh == 510000
    event = provenance(record)["tax_cny"]
    assert (event.source, event.file_name, event.user) == (
        "tax_bureau",
        "tax-2024.csv",
        home.users["official"],
    )
    assert event.old_value == 400000.0


def test_tax_bureau_import_names_bad_rows_and_saves_nothing(client, home, other, draft):
    client.force_login(home.users["official"])
    code, foreign = home.enterprise.credit_code, other.enterprise.credit_code
    text = f"credit_code,year,tax_cny\n{code},2024,-1\n{foreign},2024,5\n"
    problems = refused(bureau_upload(client, draft, text))
    [problem] = problems
    assert problem[:3] == (2, "tax_cny", "-1")
    assert problem[3].startswith("impossible value: must be ≥ 0")
    text = f"credit_code,year,tax_cny\n{code},2024,7\n{foreign},2024,5\n{code},2023,5\n"
    problems = refused(bureau_upload(client, draft, text))
    assert problems == [
        (3, "credit_code", foreign, "the firm has no 2024 record in this county"),
        (4, "year", "2023", "not the evaluated year 2024"),
    ]
    assert not AnnualRecord.objects.filter(tax_cny__in=[5, 7]).exists()
    response = bureau_upload(client, draft, "credit_code,year\n" + code + ",2024\n")
    assert response.context["job"].status == "failed"
    assert "no column of tax paid or electricity use" in response.content.decode()


def test_bureau_row_problems_read_in_chinese(client, home, other, draft):
    client.force_login(home.users["official"])
    foreign = other.enterprise.credit_code
    file = SimpleUploadedFile("tax.csv", f"credit_code,year,tax_cny\n{foreign},2024,5\n".encode())
    url = reverse("evaluation:bureau_upload", args=[draft.pk])
    data = {"file": file, "source": "tax_bureau"}
    response = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused(response) == [(2, "credit_code", foreign, "该企业在本县没有 2024 年度记录")]
    assert (
        "没有导入任何内容。" in response.content.decode()
    )  # the job's page, in the uploader's language
