"""The import pages of the project ledger and the enterprise directory: roles, preview, job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from microparks.apps.attraction.models import Prospect, ProspectImport
from microparks.apps.enterprises.models import Enterprise, EnterpriseImport
from microparks.apps.industries.services import load_industries

pytestmark = pytest.mark.django_db
LEDGERS = Path(__file__).resolve().parents[2] / "data" / "ledgers"
KINDS = {
    "attraction": ("projects_ledger.xlsx", "projects_ledger_bad.xlsx"),
    "enterprises": ("enterprises_gbk.csv", "enterprises_bad_gbk.csv"),
}
PAGES = ["table_import", "table_preview", "table_template"]


@pytest.fixture
def county(home: Any, other: Any) -> Any:
    load_industries()
    return home


def _upload(client: Any, namespace: str, name: str) -> Any:
    data = (LEDGERS / name).read_bytes()
    url = reverse(f"{namespace}:table_import")
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("namespace", KINDS)
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_users_are_sent_to_sign_in(
    client: Any, county: Any, namespace: str, page: str
) -> None:
    response = client.get(reverse(f"{namespace}:{page}"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["park_manager", "handler", "enterprise"])
@pytest.mark.parametrize("namespace", KINDS)
@pytest.mark.parametrize("page", [*PAGES, "table_confirm"])
def test_other_roles_get_403(
    client: Any, county: Any, role: str, namespace: str, page: str
) -> None:
    client.force_login(county.users[role])
    assert client.get(reverse(f"{namespace}:{page}")).status_code == 403
    assert client.post(reverse(f"{namespace}:{page}")).status_code == 403


@pytest.mark.parametrize("role", ["official", "investment"])
@pytest.mark.parametrize("namespace", KINDS)
def test_the_preview_is_a_dry_run_and_the_job_imports(
    client: Any, county: Any, role: str, namespace: str
) -> None:
    client.force_login(county.users[role])
    good, _bad = KINDS[namespace]
    page = client.get(reverse(f"{namespace}:table_import"))
    assert page.status_code == 200
    assert reverse(f"{namespace}:table_template") in page.content.decode()
    assert _upload(client, namespace, good).status_code == 302
    preview = client.get(reverse(f"{namespace}:table_preview"))
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert (plan.created, plan.updated, plan.errors) == (4, 0, [])
    assert (Prospect.objects.count(), Enterprise.objects.count()) == (2, 2)  # nothing written
    done = client.post(reverse(f"{namespace}:table_confirm"))
    assert done.status_code == 302
    job = client.get(done["Location"], follow=True)  # the job page, then its result
    assert job.status_code == 200
    record = (ProspectImport if namespace == "attraction" else EnterpriseImport).objects.get()
    assert (record.region, record.created_count) == (county.county, 4)
    shown = client.get(reverse(f"{namespace}:table_done", args=[record.pk]))
    assert shown.status_code == 200
    assert record.file_name in shown.content.decode()


@pytest.mark.parametrize("namespace", KINDS)
def test_problems_are_listed_in_chinese_and_nothing_is_imported(
    client: Any, county: Any, namespace: str
) -> None:
    client.force_login(county.users["official"])
    _good, bad = KINDS[namespace]
    _upload(client, namespace, bad)
    preview = client.get(reverse(f"{namespace}:table_preview"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    problems = preview.context["problems"]
    assert problems
    assert all(p["row"] and p["field"] and p["reason"] for p in problems)
    assert "校验码为" in preview.content.decode()
    assert "Confirm the import" not in preview.content.decode()
    client.post(reverse(f"{namespace}:table_confirm"))  # a job that fails, writing nothing
    assert not ProspectImport.objects.exists()
    assert not EnterpriseImport.objects.exists()
    assert (Prospect.objects.count(), Enterprise.objects.count()) == (2, 2)


def test_another_countys_records_are_never_updated(client: Any, county: Any, other: Any) -> None:
    other.prospect.name = "年产5000吨米粉加工项目"
    other.prospect.save()
    client.force_login(county.users["investment"])
    _upload(client, "attraction", "projects_ledger.xlsx")
    preview = client.get(reverse("attraction:table_preview"))
    assert preview.context["plan"].created == 4  # the home county's own new project
    client.post(reverse("attraction:table_confirm"))
    other.prospect.refresh_from_db()
    assert other.prospect.region == other.county
    assert other.prospect.investment_cny == 0


def test_the_templates_and_the_export_are_the_import_layout(client: Any, county: Any) -> None:
    client.force_login(county.users["official"])
    response = client.get(reverse("attraction:table_template") + "?lang=zh")
    assert response.status_code == 200
    from io import BytesIO

    header = next(load_workbook(BytesIO(response.content)).worksheets[0].values)
    assert "投资额（万元）" in header
    assert "用地需求（亩）" in header
    export = client.get(reverse("enterprises:enterprise_export"))
    assert export.status_code == 200
    rows = list(load_workbook(BytesIO(export.content)).worksheets[0].values)
    assert [r[0] for r in rows[1:]] == [county.enterprise.credit_code]  # not the other county's
    pipeline = client.get(reverse("attraction:pipeline_list"))
    assert reverse("attraction:table_import") in pipeline.content.decode()
    firms = client.get(reverse("web:enterprise_list"))
    assert reverse("enterprises:table_import") in firms.content.decode()
