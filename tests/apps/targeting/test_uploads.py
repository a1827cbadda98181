"""A county's targeting files uploaded from the targeting page.

A GBK employment table with a title row, Chinese headers and a total row is read, kept for the
county and used by its ranking; the page says which file is in use, by whom and when. A file
with a bad cell keeps nothing and the message names the row and the field. Only the county's
official (or the administrator) may upload; another county's is 404.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from microparks.apps.industries.services import load_industries
from microparks.apps.targeting import inputs
from microparks.demo import targeting as demo_data
from tests.apps.targeting.helpers import DIVISIONS, no_deployment_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    yield from no_deployment_files(settings, tmp_path)


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def gbk_table(county: str, bad_row: bool = False) -> bytes:
    """As a statistics bureau sends it: GBK, a title row, Chinese headers, a total row."""
    rng = np.random.default_rng(3)
    lines = ["2020年各县分行业从业人员（单位：人）", "地区代码,行业代码,从业人员数（人）,年份"]
    for region in [county, *(f"4599{k:02d}" for k in range(30))]:
        for division in DIVISIONS:
            lines.append(f"{region},{division},{rng.gamma(0.8) * 100:.1f},2020")
    if bad_row:
        lines.insert(5, f"{county},15,很多,2020")  # row 6 of the file
    lines.append("合计,,99999,")
    return ("\n".join(lines) + "\n").encode("gbk")


def url(county, kind="employment"):
    return reverse("targeting:upload_input", args=[county.county.pk, kind])


def send(client, county, content, name="从业人员.csv"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(url(county), {"employment": upload}, follow=True)


def test_a_gbk_table_with_a_title_row_is_kept_and_ranks_the_county(client, home):
    load_industries()
    official = home.users["official"]
    official.first_name, official.last_name = "明", "李"
    official.save()
    client.force_login(official)
    response = send(client, home, gbk_table(home.county.code))
    assert response.redirect_chain[-1][0].endswith(f"?region={home.county.code}#input-files")
    page = response.content.decode()
    assert "从业人员.csv" in page
    assert "341" in page  # 31 counties × 11 divisions; the total row is not one of them
    kept = inputs.county_file(home.county.code, "employment")
    assert kept is not None
    assert kept.read_bytes() == gbk_table(home.county.code)
    panel, notice = inputs.employment_panel(home.county.code)
    assert notice is None
    assert home.county.code in panel.result.regions
    assert 'id="targeting-table"' in page  # ranked from the uploaded file
    in_use = page.split('data-kind="employment"', 1)[1].split("</p>", 1)[0]
    assert "从业人员.csv" in in_use
    assert "341" in in_use
    assert "李明" in in_use or "明 李" in in_use  # the person's name, not the username
    assert official.username not in in_use
    # every other county still reads the server's files (none here)
    assert inputs.employment_panel(None)[0] is None


def test_a_bad_cell_keeps_nothing_and_names_row_and_field(client, home):
    client.force_login(home.users["official"])
    send(client, home, gbk_table(home.county.code))
    before = inputs.county_file(home.county.code, "employment").read_bytes()
    response = send(client, home, gbk_table(home.county.code, bad_row=True), name="新表.csv")
    page = response.content.decode()
    assert "第 6 行" in page or "row 6" in page
    assert "从业人员数（人）" in page
    assert "很多" in page
    assert inputs.county_file(home.county.code, "employment").read_bytes() == before
    assert "新表.csv" not in page.split('data-kind="employment"', 1)[1].split("</p>", 1)[0]


def test_a_file_above_the_size_limit_is_refused_unread(client, home, settings):
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "ledger": 1000}
    client.force_login(home.users["official"])
    page = send(client, home, gbk_table(home.county.code)).content.decode()
    assert "从业人员.csv 大小为" in page
    assert "此类文件最大 0 MB" in page  # 1,000 bytes, rounded to a tenth of a MB
    assert inputs.county_file(home.county.code, "employment") is None


def test_a_table_without_the_county_keeps_nothing(client, home, other):
    client.force_login(home.users["official"])
    response = send(client, home, gbk_table(other.county.code))
    assert home.county.code in response.content.decode()
    assert inputs.county_file(home.county.code, "employment") is None


def test_an_io_table_and_concordance_are_used_for_the_chain_fit(client, home):
    client.force_login(home.users["official"])
    files = {
        "io_table": SimpleUploadedFile("投入产出表.csv", demo_data.IO_TABLE.read_bytes()),
        "concordance": SimpleUploadedFile("对照表.csv", demo_data.CONCORDANCE.read_bytes()),
    }
    response = client.post(url(home, "io_table"), files, follow=True)
    assert "投入产出表.csv" in response.content.decode()
    table, notice = inputs.chain_table(home.county.code)
    assert notice is None
    assert [s.name for s in table.sources] == ["io_table.csv", "concordance.csv"]
    assert inputs.chain_table(None)[0] is None  # not the server's


def test_anonymous_is_sent_to_sign_in(client, home):
    response = client.post(url(home), {"employment": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["investment", "park_manager", "enterprise", "handler"])
def test_other_roles_may_not_upload(client, home, role):
    client.force_login(home.users[role])
    response = client.post(url(home), {"employment": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 403
    assert inputs.county_file(home.county.code, "employment") is None


def test_another_countys_official_gets_404(client, home, other):
    client.force_login(other.users["official"])
    upload = SimpleUploadedFile("a.csv", gbk_table(home.county.code))
    assert client.post(url(home), {"employment": upload}).status_code == 404
    assert (
        client.post(reverse("targeting:upload_input", args=[home.county.pk, "nope"])).status_code
        == 404
    )
    assert inputs.county_file(home.county.code, "employment") is None


def test_the_administrator_uploads_for_any_county(client, home, other):
    client.force_login(home.users["admin"])
    response = send(client, other, gbk_table(other.county.code))
    assert response.status_code == 200
    assert inputs.county_file(other.county.code, "employment") is not None


def test_only_uploaders_see_the_forms(client, home):
    client.force_login(home.users["investment"])
    page = client.get(reverse("targeting:county")).content.decode()
    assert 'id="input-files"' in page
    assert 'enctype="multipart/form-data"' not in page
    client.force_login(home.users["official"])
    page = client.get(reverse("targeting:county")).content.decode()
    assert page.count('enctype="multipart/form-data"') == 3
