"""A quarter's employment sheet (用工季报) as a county keeps it: filed all or none, re-imported."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from typer.testing import CliRunner

from microparks.apps.enterprises.models import Enterprise
from microparks.apps.jobs.models import Job
from microparks.apps.labour.jobs import RECORDS_IMPORT
from microparks.apps.labour.models import EmploymentRecord, PoolVersion
from microparks.apps.labour.records_import import (
    SEVERAL_PARKS,
    UNKNOWN_CODE,
    UNKNOWN_NAME,
    import_records,
)
from microparks.apps.parks.models import Lease, Park
from microparks.cli.main import app
from microparks.io.errors import ImportValidationError
from microparks.io.labour_records import NO_FIRM
from microparks.io.labour_register_title import TITLE_QUARTER
from tests.apps.labour.helpers import register_bytes

pytestmark = pytest.mark.django_db
IMPORT = reverse("labour:record_import")
LIST = reverse("labour:record_list")
TITLE = "home county2026年第三季度园区企业用工情况统计表"
HEADER = "序号,统一社会信用代码,企业名称,从业人数（人）,本县籍员工,脱贫劳动力,月平均工资(元)"


def _sheet(*rows: str, title: str = TITLE) -> bytes:
    """A GBK CSV as a county keeps it: a title row, the header, the firms, a 合计 row."""
    return "\r\n".join([title, HEADER, *rows, "合计,,,999,999,99,"]).encode("gbk")


@pytest.fixture
def firms(home: Any) -> dict[str, Any]:
    """The home firm and a second tenant of the home park, 乙公司 (found by name)."""
    second = Enterprise.objects.create(
        credit_code="91450101MA5L00002B",
        name="乙公司",
        industry=home.enterprise.industry,
        region=home.township,
        size=Enterprise.Size.SMALL,
    )
    Lease.objects.create(
        enterprise=second,
        park=home.park,
        site=home.site,
        land_area_m2=1000,
        start_date=dt.date(2022, 1, 1),
    )
    return {"home": home.enterprise, "second": second}


def _good(home: Any) -> bytes:
    return _sheet(
        f"1,{home.enterprise.credit_code},home firm,120,100,20,4200",
        "2,,乙公司,50,40,5,3800.5",
    )


def test_a_county_sheet_files_every_firm_with_the_forms_flags(home: Any, firms: Any) -> None:
    EmploymentRecord.objects.create(
        enterprise=home.enterprise,
        park=home.park,
        year=2026,
        quarter=2,
        headcount=80,
        local=70,
        poverty_alleviated=10,
        wage_cny=Decimal(4000),
    )
    done = import_records(_good(home), home.county, 2026, 3, None, file_name="q3.csv")
    assert (done.created, done.updated, done.unchanged, done.flagged) == (2, 0, 0, 1)
    assert done.vocabulary is not None
    assert done.vocabulary.name == "labour_records"
    first = EmploymentRecord.objects.get(enterprise=home.enterprise, quarter=3)
    assert (first.headcount, first.local, first.poverty_alleviated) == (120, 100, 20)
    assert first.park == home.park
    assert first.filed_at is not None
    assert [f["field"] for f in first.flags] == ["headcount"]  # 80 → 120 is +50 %
    second = EmploymentRecord.objects.get(enterprise=firms["second"], quarter=3)
    assert second.wage_cny == Decimal("3800.50")
    assert second.flags == []


def test_bad_rows_are_named_and_nothing_is_written(home: Any, other: Any, firms: Any) -> None:
    data = _sheet(
        f"1,{home.enterprise.credit_code},home firm,50,60,5,4000",  # local above headcount
        f"2,{other.enterprise.credit_code},other firm,10,5,1,3000",  # another county's tenant
        "3,,丙公司,10,5,1,3000",  # no such tenant
        "4,,乙公司,10,5,1,",  # no wage
    )
    with pytest.raises(ImportValidationError) as caught:
        import_records(data, home.county, 2026, 3, None, file_name="q3.csv")
    found = {(e.row, e.field, e.reason) for e in caught.value.errors}
    assert (3, "本县籍员工", "Local workers cannot exceed the headcount.") in found
    assert (4, "统一社会信用代码", UNKNOWN_CODE) in found
    assert (5, "企业名称", UNKNOWN_NAME) in found
    assert any(e.row == 6 and e.field == "月平均工资(元)" for e in caught.value.errors)
    assert not EmploymentRecord.objects.exists()


def test_a_row_naming_no_firm_is_refused_once(home: Any) -> None:
    sheet = "统一社会信用代码,从业人数,本县籍,脱贫劳动力,月平均工资\n,10,8,1,3000\n"
    with pytest.raises(ImportValidationError) as caught:
        import_records(sheet.encode(), home.county, 2026, 1, None, file_name="q1.csv")
    assert [(e.row, e.field, e.reason) for e in caught.value.errors] == [
        (2, "统一社会信用代码", NO_FIRM)
    ]


def test_a_title_naming_another_quarter_is_refused_on_its_cell(home: Any, firms: Any) -> None:
    with pytest.raises(ImportValidationError) as caught:
        import_records(_good(home), home.county, 2026, 2, None, file_name="q.csv")
    (error,) = caught.value.errors
    assert (error.row, error.field, error.reason) == (1, "A1", TITLE_QUARTER)
    assert not EmploymentRecord.objects.exists()


def test_a_quarter_imported_again_is_the_records_next_revision(home: Any, firms: Any) -> None:
    import_records(_good(home), home.county, 2026, 3, None, file_name="a.csv")
    again = _sheet(
        f"1,{home.enterprise.credit_code},home firm,130,100,20,4200",
        "2,,乙公司,50,40,5,3800.5",
    )
    done = import_records(again, home.county, 2026, 3, None, file_name="b.csv")
    assert (done.created, done.updated, done.unchanged) == (0, 1, 1)
    changed = EmploymentRecord.objects.get(enterprise=home.enterprise, quarter=3)
    assert (changed.headcount, changed.revision) == (130, 2)
    kept = EmploymentRecord.objects.get(enterprise=firms["second"], quarter=3)
    assert kept.revision == 1
    assert EmploymentRecord.objects.count() == 2


def test_a_firm_in_two_parks_needs_the_park_column(home: Any, firms: Any) -> None:
    east = Park.objects.create(code="home-P2", name="东园", region=home.township)
    Lease.objects.create(
        enterprise=home.enterprise,
        park=east,
        site=home.site,
        land_area_m2=500,
        start_date=dt.date(2022, 1, 1),
    )
    line = f"1,{home.enterprise.credit_code},home firm,120,100,20,4200"
    with pytest.raises(ImportValidationError) as caught:
        import_records(_sheet(line), home.county, 2026, 3, None, file_name="q.csv")
    assert [e.reason for e in caught.value.errors] == [SEVERAL_PARKS]
    book = openpyxl.Workbook()
    book.active.append([TITLE])
    book.active.append(["统一社会信用代码", "园区", "用工人数", "本地员工", "脱贫户", "月均工资"])
    book.active.append([home.enterprise.credit_code, "东园", 120, 100, 20, 4200])
    done = import_records(_book_bytes(book), home.county, 2026, 3, None, file_name="q.xlsx")
    assert done.created == 1
    assert EmploymentRecord.objects.get().park == east


def _book_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_official_uploads_the_sheet_as_a_job(client: Any, home: Any, firms: Any) -> None:
    client.force_login(home.users["official"])
    assert 'id="record-import"' in client.get(LIST).content.decode()
    file = SimpleUploadedFile("q3.csv", _good(home))
    response = client.post(IMPORT, {"file": file, "year": 2026, "quarter": 3}, follow=True)
    assert response.status_code == 200  # the job is done: its page sends the user to the list
    assert response.redirect_chain[-1][0].endswith(f"{LIST}?year=2026&quarter=3")
    job = Job.objects.get()
    assert (job.kind, job.result["created"], job.region) == (RECORDS_IMPORT, 2, home.county)
    assert EmploymentRecord.objects.filter(year=2026, quarter=3).count() == 2


def test_a_refused_sheet_fails_the_job_naming_the_row(client: Any, home: Any, firms: Any) -> None:
    client.force_login(home.users["official"])
    data = _sheet(f"1,{home.enterprise.credit_code},home firm,50,60,5,4000")
    file = SimpleUploadedFile("q3.csv", data)
    response = client.post(IMPORT, {"file": file, "year": 2026, "quarter": 3}, follow=True)
    job = response.context["job"]
    assert job.status == "failed"
    assert [p["row"] for p in job.result["problems"]] == [3]
    assert not EmploymentRecord.objects.exists()


@pytest.mark.parametrize("role", ["investment", "park_manager", "enterprise", "handler"])
def test_only_a_countys_officials_upload(client: Any, home: Any, role: str) -> None:
    client.force_login(home.users[role])
    assert client.get(IMPORT).status_code == 403
    assert 'id="record-import"' not in client.get(LIST).content.decode()


def test_an_upload_goes_into_the_officials_own_county(
    client: Any, home: Any, other: Any, firms: Any
) -> None:
    client.force_login(other.users["official"])
    file = SimpleUploadedFile("q3.csv", _good(home))  # the home county's firms
    response = client.post(IMPORT, {"file": file, "year": 2026, "quarter": 3}, follow=True)
    assert response.context["job"].status == "failed"
    assert not EmploymentRecord.objects.exists()


runner = CliRunner()


def _cli(path: Path, *extra: str) -> Any:
    command = ["labour", "import-records", str(path), "--county", "450101", "--year", "2026"]
    return runner.invoke(app, [*command, *extra])


def test_the_command_files_the_sheet_and_names_bad_rows(
    tmp_path: Path, home: Any, firms: Any
) -> None:
    path = tmp_path / "用工季报.csv"
    path.write_bytes(_good(home))
    result = _cli(path, "--quarter", "3")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("county", "year", "quarter", "created")} == {
        "county": "450101",
        "year": 2026,
        "quarter": 3,
        "created": 2,
    }
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_sheet(f"1,{home.enterprise.credit_code},home firm,50,60,5,4000"))
    result = _cli(bad, "--quarter", "3", "--lang", "en")
    assert result.exit_code == 1
    assert "bad.csv: row 3, field '本县籍员工': Local workers cannot exceed" in result.stderr
    assert "Traceback" not in result.stderr
    assert EmploymentRecord.objects.get(enterprise=home.enterprise).headcount == 120


def test_the_command_refuses_a_wrong_quarter_with_exit_2(tmp_path: Path, home: Any) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(_good(home))
    assert _cli(path, "--quarter", "5").exit_code == 2
    assert _cli(path).exit_code == 2  # --quarter is required


def test_a_register_titled_with_another_year_is_refused_naming_the_title_cell(
    tmp_path: Path, home: Any
) -> None:
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(register_bytes(title="2025"))
    command = ["labour", "import-pool", str(path), "--county", "450101", "--year", "2026"]
    result = runner.invoke(app, [*command, "--lang", "en"])
    assert result.exit_code == 1
    assert (
        "登记表.xlsx: row 1, field 'A1': the title names the year 2025, not 2026" in result.stderr
    )
    assert not PoolVersion.objects.exists()
