"""Workshop runs (帮扶车间): a county's year under its policy version, the page, exports, roles.

Amounts under the shipped sample policy (see tests/core/labour/test_workshop.py for the rules):
1–10 poverty-alleviated workers at 1,000 CNY, from the 11th at 1,500, cap 30,000 a year,
one-off award 50,000 in the first year designated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.models import EmploymentRecord, WorkshopResult, WorkshopRun
from microparks.apps.labour.workshops import run_workshops
from microparks.apps.parks.models import Lease
from microparks.apps.rules import services
from microparks.apps.rules.models import RulesDocument
from microparks.core.codes.credit_code import calc_credit_code_check

pytestmark = pytest.mark.django_db
YEAR = 2025
LIST = reverse("labour:workshop_list")
RUN = reverse("labour:workshop_run")


def _code(n: int) -> str:
    first = f"91450101MA5W{n:05d}"
    return first + calc_credit_code_check(first)


def _firm(county: Any, name: str, n: int, start: dt.date = dt.date(2022, 1, 1)) -> Enterprise:
    firm = Enterprise.objects.create(
        credit_code=_code(n),
        name=name,
        industry=county.enterprise.industry,
        region=county.township,
        size=Enterprise.Size.SMALL,
    )
    Lease.objects.create(
        enterprise=firm, park=county.park, site=county.site, land_area_m2=1000, start_date=start
    )
    return firm


def _year(
    county: Any,
    firm: Enterprise,
    head: int,
    poor: int,
    quarters: tuple[int, ...] = (1, 2, 3, 4),
    year: int = YEAR,
) -> None:
    for q in quarters:
        EmploymentRecord.objects.create(
            enterprise=firm,
            park=county.park,
            year=year,
            quarter=q,
            headcount=head,
            local=head,
            poverty_alleviated=poor,
            wage_cny=Decimal(2500),
        )


@pytest.fixture
def firms(home: Any) -> dict[str, Enterprise]:
    """Four firms of the home county with a year of records each."""
    out = {
        "small": home.enterprise,  # 30 workers, 8 poverty-alleviated: 8,000 + award 50,000
        "big": _firm(home, "big firm", 1),  # 60 / 25: 32,500 → cap 30,000, + 50,000 = 80,000
        "few": _firm(home, "nineteen firm", 2),  # 19 workers: not designated
        "new": _firm(home, "new firm", 3, dt.date(YEAR, 8, 1)),  # 5 months: not designated
    }
    _year(home, out["small"], 30, 8)
    _year(home, out["big"], 60, 25)
    _year(home, out["few"], 19, 10)
    _year(home, out["new"], 30, 8, quarters=(3, 4))
    return out


def _sample() -> RulesDocument:
    return RulesDocument.objects.get(kind="workshop", name="sample", scope_key="*", version=1)


def _amounts(run: WorkshopRun) -> dict[str, tuple[bool, Decimal]]:
    return {r.enterprise.name: (r.designated, r.total_cny) for r in run.results.all()}


def test_a_run_evaluates_every_firm_with_the_policy_version_in_effect(home, firms):
    run = run_workshops(home.users["official"], home.county, YEAR)
    assert run.rules == _sample()
    assert (run.number, run.firms, run.designated, run.total_cny) == (1, 4, 2, Decimal(138000))
    assert _amounts(run) == {
        "home firm": (True, Decimal(58000)),
        "big firm": (True, Decimal(80000)),
        "nineteen firm": (False, Decimal(0)),
        "new firm": (False, Decimal(0)),
    }
    big = run.results.get(enterprise=firms["big"])
    assert big.capped
    assert big.per_worker_cny == Decimal(32500)
    assert big.lines[1] == {
        "first_worker": 11,
        "workers": 15,
        "per_worker_cny": "1500",
        "amount_cny": "22500",
    }
    new = run.results.get(enterprise=firms["new"])
    assert new.months_operating == 5  # lease from 1 August: August–December
    assert [c["key"] for c in new.criteria if c["required"] and not c["met"]] == [
        "months_operating"
    ]


def test_a_county_policy_applies_to_the_next_run_and_the_old_run_keeps_its_version(home, firms):
    official = home.users["official"]
    first = run_workshops(official, home.county, YEAR)
    text = _sample().content.replace("per_worker_cny: 1000}", "per_worker_cny: 2000}")
    own = services.save_draft(
        official,
        services.Draft("workshop", "home", "本县帮扶车间办法", text, region=home.county),
    )
    services.activate(official, own)
    second = run_workshops(official, home.county, YEAR)
    assert (second.number, second.rules) == (2, own)
    # home firm: 8 × 2,000 = 16,000 + 50,000; big: 10 × 2,000 + 15 × 1,500 = 42,500 → 30,000
    assert _amounts(second)["home firm"] == (True, Decimal(66000))
    assert _amounts(second)["big firm"] == (True, Decimal(80000))
    first.refresh_from_db()
    assert first.rules == _sample()
    assert _amounts(first)["home firm"] == (True, Decimal(58000))
    assert own.is_used()  # the version is frozen now
    own.content += "\n# changed"
    with pytest.raises(ValidationError):
        own.save()


def test_the_award_is_paid_in_the_first_year_designated_only(home, firms):
    run_workshops(home.users["official"], home.county, YEAR)
    _year(home, firms["small"], 30, 8, year=YEAR + 1)
    later = run_workshops(home.users["official"], home.county, YEAR + 1)
    assert _amounts(later) == {"home firm": (True, Decimal(8000))}  # 8 × 1,000, no award
    assert later.results.get().inputs["designated_before"] is True


def test_a_run_needs_records_and_the_right_role(home, other):
    with pytest.raises(ValidationError):
        run_workshops(home.users["official"], home.county, YEAR)
    for role in ("investment", "park_manager", "enterprise", "labour_service"):
        with pytest.raises(PermissionDenied):
            run_workshops(home.users[role], home.county, YEAR)
    with pytest.raises(PermissionDenied):
        run_workshops(home.users["official"], other.county, YEAR)


def test_the_page_runs_and_lists_qualifying_firms_with_amounts_and_others_with_reasons(
    client, home, firms
):
    client.force_login(home.users["official"])
    records = client.get(reverse("labour:record_list")).content.decode()
    assert f'href="{LIST}" id="workshops-link"' in records
    form = client.get(LIST).content.decode()
    assert "帮扶车间" in form
    response = client.post(RUN, {"county": home.county.pk, "year": YEAR})
    run = WorkshopRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("labour:workshop_detail", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert '<td class="num" id="total-cny">138,000</td>' in page  # the total, for reading
    assert ">58,000</td>" in page
    assert ">80,000</td>" in page
    assert "138000" not in page
    assert '<td class="num">138,000</td>' in client.get(LIST).content.decode()  # the run list
    assert "稳定在岗人数：19，未达到 20" in page  # the reason, in Chinese
    assert "生产经营月数：5，未达到 6" in page
    assert "与吸纳的劳动者签订劳动合同或劳务协议" in page  # on-site checks of the policy
    assert "就业帮扶车间认定与补贴（样例县办法） · 第 1 版" in page  # the version used
    refused = client.post(RUN, {"county": home.county.pk, "year": 2019})
    assert refused.status_code == 400
    assert "2019" in refused.content.decode()


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_exports_have_chinese_headers_and_the_amounts(client, home, firms):
    run = run_workshops(home.users["official"], home.county, YEAR)
    client.force_login(home.users["official"])
    xlsx = client.get(reverse("labour:workshop_export", args=[run.pk, "xlsx"]))
    assert xlsx.status_code == 200
    rows = _xlsx_rows(xlsx.content)
    header = rows[0]
    titles = ("统一社会信用代码", "企业名称", "园区", "乡镇", "年度", "吸纳脱贫劳动力人数")
    titles += ("补贴金额（元）", "一次性奖补（元）", "未达到的条件", "政策版本")
    assert set(titles) <= set(header), header
    col = {h: i for i, h in enumerate(header)}
    by_name = {r[col["企业名称"]]: r for r in rows[1:]}
    assert by_name["big firm"][col["补贴金额（元）"]] == 80000
    assert by_name["big firm"][col["统一社会信用代码"]] == _code(1)
    assert by_name["big firm"][col["吸纳脱贫劳动力人数"]] == 25
    assert by_name["home firm"][col["补贴金额（元）"]] == 58000
    assert by_name["nineteen firm"][col["补贴金额（元）"]] == 0
    assert "19" in by_name["nineteen firm"][col["未达到的条件"]]
    assert [r[col["企业名称"]] for r in rows[1:3]] == ["big firm", "home firm"]  # designated first
    about = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[1]
    assert _sample().sha256 in [c.value for row in about.iter_rows() for c in row]
    text = client.get(reverse("labour:workshop_export", args=[run.pk, "csv"])).content
    table = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert table[0] == header
    assert {r[col["企业名称"]]: r[col["补贴金额（元）"]] for r in table[1:]}["big firm"] in (
        "80000.00",
        "80000",
    )
    assert client.get(reverse("labour:workshop_export", args=[run.pk, "pdf"])).status_code == 404


def test_who_sees_what(client, home, other, firms):
    run = run_workshops(home.users["official"], home.county, YEAR)
    detail = reverse("labour:workshop_detail", args=[run.pk])
    export = reverse("labour:workshop_export", args=[run.pk, "xlsx"])
    # another county's staff never see it
    for role in ("official", "investment", "park_manager", "labour_service", "enterprise"):
        client.force_login(other.users[role])
        assert client.get(detail).status_code == 404, role
        assert f"run-{run.pk}" not in client.get(LIST).content.decode()
    client.force_login(other.users["official"])
    assert client.get(export).status_code == 404
    # the county's readers see every row and export
    for role in ("official", "investment", "labour_service", "admin"):
        client.force_login(home.users[role])
        page = client.get(detail).content.decode()
        assert "big firm" in page, role
        assert client.get(export).status_code == 200, role
    # the park manager reads the rows of their park (all four firms are in it)
    client.force_login(home.users["park_manager"])
    assert "big firm" in client.get(detail).content.decode()
    # the employment service reaches the page from the vacancies page
    client.force_login(home.users["labour_service"])
    vacancies = client.get(reverse("labour:vacancy_list")).content.decode()
    assert f'href="{LIST}" id="workshops-link"' in vacancies
    # a tenant sees its own firm's row only and does not export
    client.force_login(home.users["enterprise"])
    page = client.get(detail).content.decode()
    assert "home firm" in page
    assert "big firm" not in page
    assert ">58,000</td>" in page
    assert client.get(export).status_code == 403
    # handlers have no access; only officials run
    client.force_login(home.users["handler"])
    assert client.get(LIST).status_code == 403
    assert client.get(detail).status_code == 403
    for role in ("investment", "park_manager", "enterprise", "labour_service"):
        client.force_login(home.users[role])
        assert client.post(RUN, {"county": home.county.pk, "year": YEAR}).status_code == 403
    client.logout()
    assert client.get(detail).status_code == 302  # to the login page


def test_a_park_manager_of_another_park_does_not_see_the_rows(client, home, firms):
    from microparks.apps.parks.models import Park

    run = run_workshops(home.users["official"], home.county, YEAR)
    manager = home.users["park_manager"]
    manager.parks.set([Park.objects.create(code="home-P2", name="second", region=home.township)])
    client.force_login(manager)
    assert client.get(reverse("labour:workshop_detail", args=[run.pk])).status_code == 404
    assert WorkshopResult.objects.restrict(manager).count() == 0


def test_a_county_official_drafts_a_policy_and_a_bad_one_is_refused_in_chinese(home):
    from django.utils import translation

    bad = _sample().content.replace("from_worker: 11", "from_worker: 1")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.save_draft(
            home.users["official"],
            services.Draft("workshop", "home", "本县", bad, region=home.county),
        )
    assert "subsidy.tiers: 每一档的起始人数须大于上一档" in err.value.messages
    with pytest.raises(PermissionDenied):
        services.save_draft(
            home.users["park_manager"],
            services.Draft("workshop", "home", "本县", _sample().content, region=home.county),
        )


def test_the_command_runs_a_county_and_writes_the_list(tmp_path, home, firms):
    from typer.testing import CliRunner

    from microparks.cli.main import app

    out = tmp_path / "帮扶车间.xlsx"
    args = ["labour", "workshops", "--county", "450101", "--year", str(YEAR), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["run"], summary["firms"], summary["designated"]) == (1, 4, 2)
    assert summary["total_cny"] == "138000.00"
    assert summary["policy_sha256"] == _sample().sha256
    rows = _xlsx_rows(out.read_bytes())
    assert rows[0][:2] == ["统一社会信用代码", "企业名称"]  # Chinese by default
    assert WorkshopRun.objects.get().run_by is None
    again = CliRunner().invoke(app, [*args[:6], "--lang", "en"])
    assert json.loads(again.stdout)["run"] == 2
    empty = CliRunner().invoke(app, ["labour", "workshops", "--county", "450101", "--year", "2019"])
    assert empty.exit_code == 1
    assert "2019" in empty.stderr
    bad = CliRunner().invoke(app, [*args[:6], "--out", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2


def test_the_run_page_reads_in_constant_queries(client, home, firms):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(home.users["official"])

    def queries(run: WorkshopRun) -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(reverse("labour:workshop_detail", args=[run.pk])).status_code == 200
        return len(seen.captured_queries)

    first = run_workshops(home.users["official"], home.county, YEAR)
    queries(first)  # warm: the session, the parsed policy
    small = queries(first)
    for n in range(10, 16):
        _year(home, _firm(home, f"more firm {n}", n), 30, 8)
    assert queries(run_workshops(home.users["official"], home.county, YEAR)) == small


def test_two_runs_at_the_same_moment_are_a_form_error(client, home, firms, monkeypatch):
    from django.db import IntegrityError

    from microparks.apps.labour import workshop_views

    def clash(*args: Any) -> None:
        raise IntegrityError("workshop_run_unique_number")

    monkeypatch.setattr(workshop_views, "run_workshops", clash)
    client.force_login(home.users["official"])
    response = client.post(RUN, {"county": home.county.pk, "year": YEAR})
    assert response.status_code == 400
    assert "另一个评定批次刚刚保存" in response.content.decode()
