"""The web import takes a county bureau's ledger as it comes: no mapping chosen, Chinese page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.jobs.models import Job
from microparks.apps.sites.models import Site
from microparks.apps.suitability.models import AssetImport
from tests.cli.test_sites_import_coordinates import qinglan  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "data" / "ledgers"


@pytest.fixture
def official(qinglan):  # noqa: F811
    from microparks.apps.accounts.models import User
    from microparks.apps.regions.models import Region

    return User.objects.create_user(
        username="qinglan_official",
        password="pw-Test-12345",
        role="official",
        region=Region.objects.get(code="452999"),
        is_staff=True,
    )


def _upload(client, name):
    from microparks.apps.regions.models import Region

    data = {
        "region": Region.objects.get(code="452999").pk,
        "target": "sites",
        "file": SimpleUploadedFile(name, (CORPUS / name).read_bytes()),
        "template": "",
    }
    return client.post(reverse("suitability:upload"), data)


@pytest.mark.parametrize("name", ["idle_ledger.xlsx", "idle_ledger_gbk.csv"])
def test_a_bureau_ledger_previews_and_imports_with_no_mapping(client, official, name):
    client.force_login(official)
    assert _upload(client, name).status_code == 302
    preview = client.get(reverse("suitability:preview"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = preview.content.decode()
    assert preview.context["count"] == 5, preview.context.get("problem") or page
    assert "表头在第 3 行" in page
    assert "合计行" in page
    assert "注释行" in page
    assert "占地面积（亩）" in page  # the recognised column, and its unit
    if name.endswith(".csv"):
        assert "编码：GB18030" in page
    assert client.post(reverse("suitability:confirm")).status_code == 302
    job = Job.objects.get(kind="suitability.import")
    assert job.status == Job.Status.DONE, job.result
    assert Site.objects.get(code="QL-XZ-004").region.name == "六圩镇"
    assert AssetImport.objects.get().vocabulary.name == "sites"


def test_a_faulty_ledger_shows_every_problem_in_chinese_and_writes_nothing(client, official):
    client.force_login(official)
    _upload(client, "idle_ledger_bad.xlsx")
    page = client.get(reverse("suitability:preview"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "无法识别的取值" in text
    assert "公有" in text
    assert "数值不合理" in text
    assert "无位置" in text
    assert not Site.objects.exists()
