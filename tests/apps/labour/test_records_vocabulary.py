"""The register's and the employment sheet's words as rules documents, in effect per county."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from microparks.apps.labour.models import EmploymentRecord, PoolVersion
from microparks.apps.labour.records_import import import_records
from microparks.apps.labour.services import import_pool
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.cli.main import app
from microparks.io.errors import ImportValidationError
from microparks.io.rules.shipped import shipped_document
from tests.apps.labour.helpers import HEADER, register_bytes

pytestmark = pytest.mark.django_db


def _adapted(county: Any, user: Any, name: str, old: str, new: str) -> RulesDocument:
    """The county's own version of the shipped vocabulary ``name``: ``new`` heads ``old``'s list."""
    content = shipped_document("vocabulary", name).text()
    listed = f"headers: [{old},"
    assert listed in content
    draft = rules.Draft(
        kind="vocabulary",
        name=name,
        title="青岚县表头",
        content=content.replace(listed, f"headers: [{old}, {new},", 1),
        region=county,
    )
    return rules.activate(user, rules.save_draft(user, draft))


def test_an_import_records_the_shipped_vocabulary_it_read_with(
    client: Any, home: Any, qinglan: Any
) -> None:
    pool = import_pool(register_bytes(), home.county, 2026, None, file_name="a.xlsx")
    assert pool.vocabulary is not None
    assert (pool.vocabulary.kind, pool.vocabulary.name) == ("vocabulary", "labour_register")
    assert pool.vocabulary.region is None  # the platform's, as shipped
    client.force_login(home.users["official"])
    page = client.get(reverse("labour:pool"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="pool-vocabulary"' in page
    assert "农村劳动力资源台账表头" in page  # the document's title, translated


def test_a_countys_own_register_words_are_read_by_the_web_and_the_command(
    tmp_path: Path, home: Any, other: Any, qinglan: Any
) -> None:
    """The county calls 在家可就业人数 可转移就业人数: its version reads it, others' do not."""
    official = home.users["official"]
    doc = _adapted(home.county, official, "labour_register", "在家可就业人数", "可转移就业人数")
    header = [("可转移就业人数（人）" if h == "在家可就业人数（人）" else h) for h in HEADER]
    data = register_bytes(header=header)
    pool = import_pool(data, home.county, 2026, None, file_name="own.xlsx")
    assert pool.vocabulary == doc
    assert pool.entries.count() == 3
    path = tmp_path / "own.xlsx"
    path.write_bytes(data)
    command = ["labour", "import-pool", str(path), "--county", "450101", "--year", "2026"]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["vocabulary"] == doc.label
    assert PoolVersion.objects.filter(vocabulary=doc).count() == 2
    with pytest.raises(ImportValidationError):  # the other county reads the shipped words
        import_pool(data, other.county, 2026, None, file_name="own.xlsx")


def test_a_countys_own_sheet_words_are_read_for_its_records(home: Any) -> None:
    doc = _adapted(
        home.county, home.users["official"], "labour_records", "从业人数", "期末在册人数"
    )
    sheet = (
        "统一社会信用代码,期末在册人数,本县籍,脱贫劳动力,月平均工资\n"
        f"{home.enterprise.credit_code},10,8,1,3000\n"
    )
    done = import_records(sheet.encode(), home.county, 2026, 1, None, file_name="q1.csv")
    assert done.vocabulary == doc
    assert EmploymentRecord.objects.get().headcount == 10
