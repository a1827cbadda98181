"""``microparks impact multipliers | park | cost-benefit``: files in, files/JSON out."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from microparks.cli.main import app
from tests.conftest import SHARED_DATA

MB_CSV = """sector,agri,manuf,total_output,household_consumption
agri,150,500,1000,90
manuf,200,100,2000,50
labour_income,300,500,,
employment,10,30,,
taxes,20,40,,
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mb(tmp_path: Path) -> Path:
    path = tmp_path / "mb.csv"
    path.write_text(MB_CSV)
    return path


def test_multipliers_from_symmetric_table(runner: CliRunner, mb: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    command = ["impact", "multipliers", "--io", str(mb), "--out", str(out)]
    result = runner.invoke(app, [*command, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2 sectors" in result.output
    result = runner.invoke(app, command)  # Chinese by default
    assert "2 个部门" in result.output
    frame = pd.read_csv(out).set_index("sector")
    assert frame.loc["agri", "output_type1"] == pytest.approx(1.518152, abs=1e-6)
    assert frame.loc["manuf", "output_type1"] == pytest.approx(1.452145, abs=1e-6)
    assert (frame["output_type2"] > frame["output_type1"]).all()
    assert frame["employment_type2"].notna().all()
    assert {"backward_linkage", "forward_linkage", "tax_type1"} <= set(frame.columns)


def test_multipliers_refuses_unproductive_and_bad_options(
    runner: CliRunner, tmp_path: Path, mb: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("sector,a,b,total_output\na,6,5,10\nb,5,6,10\n")
    en = ["--lang", "en"]
    result = runner.invoke(app, ["impact", "multipliers", "--io", str(bad), "--out", "x.csv", *en])
    assert result.exit_code == 1  # the table is wrong
    assert "not productive" in result.output
    result = runner.invoke(app, ["impact", "multipliers", "--io", str(bad), "--out", "x.csv"])
    assert "不具备生产性" in result.output
    assert "productive" not in result.output
    result = runner.invoke(app, ["impact", "multipliers", "--out", str(tmp_path / "x.csv"), *en])
    assert result.exit_code == 2
    assert "give --io FILE" in result.output
    result = runner.invoke(
        app,
        ["impact", "multipliers", "--io", str(mb), "--make", str(mb), "--out", "x.csv", *en],
    )
    assert result.exit_code == 2
    assert "not both" in result.output


def test_park_impact_json(runner: CliRunner, mb: Path, tmp_path: Path) -> None:
    tenants = tmp_path / "tenants.csv"
    tenants.write_text(
        "name,industry_code,output,jobs,wages,tax\nmill,1311,100,20,30,5\nweaver,1711,200,40,60,8\n"
    )
    conc = tmp_path / "conc.csv"
    conc.write_text("code,sector\n13,agri\n17,manuf\n")
    out = tmp_path / "impact.csv"
    args = ["impact", "park", "--io", str(mb), "--tenants", str(tenants)]
    args += ["--concordance", str(conc), "--draws", "500", "--seed", "3", "--out", str(out)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    payload = json.loads(first.output)
    jobs = payload["impact"]["jobs"]
    assert jobs["direct"] == 60
    assert jobs["net_total_p05"] < jobs["net_total"] < jobs["net_total_p95"] < jobs["gross_total"]
    assert payload["assumptions"]["deadweight"]["default"] == 0.2
    assert runner.invoke(app, args).output == first.output  # seeded: reproducible
    assert out.exists()
    conc.write_text("code,sector\n13,agri\n")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "1711" in result.output


def test_cost_benefit(runner: CliRunner, tmp_path: Path) -> None:
    prog = tmp_path / "prog.csv"
    prog.write_text(
        "year,cost_land,cost_rent_support,tax,jobs\n"
        "2020,100,0,0,0\n2021,0,20,40,50\n2022,0,20,60,100\n2023,0,0,80,120\n"
    )
    result = runner.invoke(
        app, ["impact", "cost-benefit", "--programme", str(prog), "--discount-rate", "0.1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["payback_year"] == 2023
    assert data["cost_by_category"] == {"land": 100.0, "rent_support": 40.0}
    assert data["npv"] == pytest.approx(-100 + 20 / 1.1 + 40 / 1.1**2 + 80 / 1.1**3)


@pytest.mark.shared_data
def test_multipliers_bea_make_use(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "bea.csv"
    result = runner.invoke(
        app,
        [
            "impact",
            "multipliers",
            "--make",
            str(SHARED_DATA / "bea_summary_make_2017_beforeredef.csv"),
            "--use",
            str(SHARED_DATA / "bea_summary_use_2017_pro_beforeredef.csv"),
            "--consumption-propensity",
            "0.6",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert len(frame) == 71
    assert frame["output_type1"].median() == pytest.approx(1.83, abs=0.01)


CORPUS = Path(__file__).resolve().parents[1] / "data" / "ledgers"


def test_park_impact_from_a_county_tenants_sheet(
    runner: CliRunner, mb: Path, tmp_path: Path
) -> None:
    """工业总产值（万元）, 从业人员平均人数 … below a title row, with a 合计 row: read in 元."""
    conc = tmp_path / "conc.csv"
    conc.write_text("code,sector\n13,agri\n17,manuf\n")
    args = ["impact", "park", "--io", str(mb), "--tenants", str(CORPUS / "tenants_county.xlsx")]
    result = runner.invoke(app, [*args, "--concordance", str(conc), "--draws", "100"])
    assert result.exit_code == 0, result.output
    impact = json.loads(result.output)["impact"]
    assert impact["jobs"]["direct"] == 60
    assert impact["output"]["direct"] == pytest.approx(3_000_000)  # 100 + 200 万元
    assert impact["tax"]["direct"] == pytest.approx(130_000)  # 5 + 8 万元


def test_cost_benefit_from_a_county_gbk_table(runner: CliRunner) -> None:
    prog = CORPUS / "programme_county_gbk.csv"
    result = runner.invoke(app, ["impact", "cost-benefit", "--programme", str(prog)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["payback_year"] == 2023
    assert data["cost_by_category"] == {"land": 1_000_000.0, "rent_support": 400_000.0}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "tenants.csv: 第 4 行，字段“产值（万元）”：不是有限的数字 [1e400]"),
        ("en", "tenants.csv: row 4, field '产值（万元）': not a finite number [1e400]"),
    ],
)
def test_bad_tenant_cell_named_in_the_users_language(
    runner: CliRunner, mb: Path, tmp_path: Path, lang: str, expected: str
) -> None:
    tenants = tmp_path / "tenants.csv"
    text = "入园企业情况\n行业代码,产值（万元）,从业人员\n1311,100,20\n1711,1e400,-4\n"
    tenants.write_bytes(text.encode("gbk"))
    conc = tmp_path / "conc.csv"
    conc.write_text("code,sector\n13,agri\n17,manuf\n")
    args = ["impact", "park", "--io", str(mb), "--tenants", str(tenants)]
    result = runner.invoke(app, [*args, "--concordance", str(conc), "--lang", lang])
    assert result.exit_code == 1
    assert expected in result.output
    assert "从业人员" in result.output  # the negative head count, same row
    assert "Traceback" not in result.output


def test_programme_with_infinite_tax_refused(runner: CliRunner, tmp_path: Path) -> None:
    prog = tmp_path / "prog.csv"
    prog.write_text("year,cost_land,tax\n2020,100,inf\n2021,0,NaN\n")
    result = runner.invoke(app, ["impact", "cost-benefit", "--programme", str(prog)])
    assert result.exit_code == 1
    assert "第 2 行，字段“tax”：不是数字 [inf]" in result.output
    assert "第 3 行，字段“tax”" in result.output
