"""The CLI and the web page run one pipeline: same inputs, same ranked table; the demo county is
ranked from the files ``microparks demo`` writes, like any other county."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse
from typer.testing import CliRunner

from microparks.apps.accounts.models import User
from microparks.apps.enterprises.models import AnnualRecord
from microparks.apps.industries.models import Industry
from microparks.apps.industries.services import load_industries
from microparks.apps.targeting.models import ChainTarget, CountyEndowment
from microparks.cli.main import app
from microparks.io.targeting_inputs import read_targeting_classification
from tests.apps.targeting.helpers import install_io_table, no_deployment_files, write_employment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    yield from no_deployment_files(settings, tmp_path)


def _web_table(client, county) -> tuple[pd.DataFrame, object]:
    client.force_login(county.users["official"])
    response = client.get(reverse("targeting:county"))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.table is not None, [n.text for n in page.notices]
    return page.table, page


def test_cli_and_web_give_the_same_ranked_table(client, home, settings, tmp_path):
    load_industries()
    code = home.county.code
    employment = write_employment(settings, [code])
    start = write_employment(settings, [code], path=tmp_path / "start.csv", year=2010, seed=5)
    io_table, concordance = install_io_table(settings)
    settings.TARGETING_CENSUS_START, settings.TARGETING_CENSUS_END = str(start), str(employment)
    CountyEndowment.objects.create(region=home.county, endowment="茶叶", abundance=0.8)
    ChainTarget.objects.create(
        region=home.county,
        industry=Industry.objects.get(code="36"),
        kind=ChainTarget.Kind.ANCHOR,
        where="柳江汽车产业园",
    )
    web, page = _web_table(client, home)
    assert page.notices == []  # every component has its input

    name = read_targeting_classification().names["36"]
    (tmp_path / "e.yaml").write_text("endowments: {茶叶: 0.8}\n", "utf-8")
    (tmp_path / "t.csv").write_text(f"industry,kind,name,where\n36,anchor,{name},柳江汽车产业园\n")
    out = tmp_path / "rank.csv"
    supply = home.county.rural_population / home.county.population
    args = [
        "targeting", "rank", "--employment", str(employment), "--region", code, "--out", str(out),
        "--endowments", str(tmp_path / "e.yaml"), "--targets", str(tmp_path / "t.csv"),
        "--io-table", str(io_table), "--concordance", str(concordance),
        "--growth-start", str(start), "--labour-supply", repr(supply),
    ]  # fmt: skip
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    cli = pd.read_csv(out, dtype={"industry": str, "weights_version": str})

    assert (cli["weights_version"] == page.result.weights_version).all()
    assert (cli["rules_version"] == page.result.rules_version).all()
    columns = [c for c in cli.columns if c not in ("weights_version", "rules_version")]
    web = web[columns]
    assert list(cli["industry"]) == list(web["industry"])  # same order
    for col in ("name", "present", "excluded", "reason_en", "reason_zh"):
        assert list(cli[col]) == list(web[col]), col
    for col in ("rank", "rca", "density", "cog", "labour_fit", "endowment_fit", "chain_fit",
                "national_growth", "score"):  # fmt: skip
        np.testing.assert_allclose(
            cli[col].to_numpy(float), web[col].to_numpy(float, na_value=np.nan), rtol=1e-5
        )
    for col in ("endowment_fit", "chain_fit", "national_growth"):
        assert web[col].notna().any(), col


def test_demo_county_is_ranked_from_the_files_the_demo_writes(client, settings, tmp_path):
    from microparks.demo.load import load_demo

    report = load_demo()
    folder = tmp_path / "targeting"
    files = {p.name for p in folder.iterdir()}
    assert files == {"employment.csv", "io_table.csv", "concordance.csv"}
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}

    official = next(a for a in report.accounts if a.role == "official")
    client.force_login(User.objects.get(username=official.username))
    response = client.get(reverse("targeting:county"))
    page = response.context["page"]
    county = report.demo.county.code
    assert page.table is not None
    assert page.panel.source.name == "employment.csv"
    assert len(page.panel.result.regions) == 81  # 80 synthetic peers and the demo county
    assert page.table["chain_fit"].notna().all()  # the demo's IO table, read like any county's
    assert page.table["endowment_fit"].notna().any()
    # No census pair; the demo's services (construction, retail, education …) are non-tradable.
    assert [n.component for n in page.notices] == ["national_growth", "non_tradable"]
    non_tradable = set(page.table.loc[page.table["non_tradable"], "industry"])
    assert {"47", "52", "83", "84"} <= non_tradable
    assert page.table.loc[page.table["non_tradable"], "excluded"].all()
    assert not {"13", "39", "51", "54", "72"} & non_tradable  # goods, wholesale, logistics
    assert "利用本县的茶叶" in client.get(reverse("targeting:county")).content.decode()

    # The county's manufacturing jobs are its firms' latest jobs, as recorded in the database.
    jobs: dict[str, float] = {}
    latest: dict[int, int] = {}
    for firm, year in AnnualRecord.objects.values_list("enterprise_id", "year"):
        latest[firm] = max(year, latest.get(firm, year))
    for firm, year, n, ind in AnnualRecord.objects.values_list(
        "enterprise_id", "year", "jobs", "enterprise__industry__code"
    ):
        if year == latest[firm]:
            jobs[ind[:2]] = jobs.get(ind[:2], 0.0) + n
    table = pd.read_csv(folder / "employment.csv", dtype={"region": str, "industry": str})
    own = table[table["region"] == county].set_index("industry")["value"]
    for division, n in jobs.items():
        assert own[division] == pytest.approx(n), division

    load_demo()  # a second load leaves the files (and the cached complexity) alone
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps
