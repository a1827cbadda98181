"""``microparks replicate …`` and ``microparks impact …`` tell the core's messages in Chinese.

Chinese is the commands' default language: each kind of message the core gives them (a scheme
that does not fit, a pilot not in the data, how peers differ, a scenario without a scale, an
incomplete concordance, a model not closed to households, years with a gap) is triggered and
must appear translated, its English nowhere in the output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from microparks.cli.main import app

REGIONS = """region,name,province,rural_share,ageing,lq_c,people
001,A,P1,0.8,0.10,1.0,100
002,B,P1,0.2,0.20,3.0,200
003,C,P2,0.5,0.15,2.0,50
004,D,P2,0.6,,1.0,
"""
SCHEME = """name: t
version: "1"
indicators:
  rural_share: {weight: 2, direction: benefit}
  ageing: {weight: 1, direction: cost}
  lq_c: {weight: 1, direction: benefit}
peers:
  indicators: [rural_share, lq_c]
"""
OPEN_TABLE = """sector,agri,manuf,total_output
agri,150,500,1000
manuf,200,100,2000
labour_income,300,500,
employment,10,30,
"""
TENANTS = (
    "name,industry_code,output,jobs,wages,tax\nmill,1311,100,20,30,5\nweaver,1711,200,40,60,8\n"
)


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.output

    return invoke


@pytest.fixture
def regions(tmp_path: Path) -> tuple[str, str]:
    table, scheme = tmp_path / "regions.csv", tmp_path / "scheme.yaml"
    table.write_text(REGIONS)
    scheme.write_text(SCHEME)
    return str(table), str(scheme)


def test_rank_says_what_it_scored_and_why_a_scheme_does_not_fit(run, regions, tmp_path) -> None:
    table, scheme = regions
    code, out = run("replicate", "rank", "--regions", table, "--scheme", scheme,
                    "--out", str(tmp_path / "r.csv"))  # fmt: skip
    assert code == 0, out
    assert "按评分方案 t 1，4 个地区中 3 个已评分" in out
    assert "regions scored" not in out
    wider = tmp_path / "wider.yaml"
    wider.write_text(SCHEME.replace("peers:", "  schooling: {weight: 1}\npeers:"))
    code, out = run("replicate", "rank", "--regions", table, "--scheme", str(wider),
                    "--out", str(tmp_path / "r.csv"))  # fmt: skip
    assert code == 1
    assert "regions.csv，评分方案 wider.yaml：地区数据中缺少指标列：schooling" in out
    assert "absent from" not in out
    wider.write_text(SCHEME.replace("weight: 2,", "weight: many,"))
    code, out = run("replicate", "rank", "--regions", table, "--scheme", str(wider),
                    "--out", str(tmp_path / "r.csv"))  # fmt: skip
    assert code == 1
    assert "wider.yaml: 指标 'rural_share'：权重必须是数字" in out
    assert "must be a number" not in out


def test_peers_differ_in_standard_deviations_and_an_unknown_pilot_is_named(run, regions) -> None:
    table, scheme = regions
    code, out = run("replicate", "peers", "--regions", table, "--scheme", scheme, "--region", "001")
    assert code == 0, out
    assert "试点地区：" in out
    assert "3 个可比地区中最相似的 3 个：" in out
    assert "个标准差" in out
    assert " sd" not in out
    code, out = run("replicate", "peers", "--regions", table, "--scheme", scheme, "--region", "999")
    assert code == 1
    assert "数据中没有地区 '999'" in out
    assert "not in the data" not in out


def test_a_scenario_without_a_scale_is_refused_in_chinese(run, regions, tmp_path) -> None:
    table, scheme = regions
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text("region,parks,jobs\n001,5,3000\n")
    args = ["replicate", "scenario", "--regions", table, "--outcomes", str(outcomes),
            "--scheme", scheme, "--elasticity", "0"]  # fmt: skip
    code, out = run(*args, "--region", "002", "--scale", "nope")
    assert code == 1
    assert "地区表中没有规模指标列 'nope'" in out
    code, out = run(*args, "--region", "004", "--scale", "people")
    assert code == 1
    assert "这些地区没有大于零的规模指标值：004" in out
    assert "no positive scale" not in out
    code, out = run("replicate", "indicators", "--out", str(tmp_path / "x.csv"))
    assert code == 2
    assert "请只给出 --china-census 或 --us-atlas 中的一个" in out


def test_park_notes_and_concordance_gaps_in_chinese(run, tmp_path: Path) -> None:
    io, tenants, conc = tmp_path / "io.csv", tmp_path / "tenants.csv", tmp_path / "conc.csv"
    io.write_text(OPEN_TABLE)
    tenants.write_text(TENANTS)
    conc.write_text("code,sector\n13,agri\n17,manuf\n")
    args = ["impact", "park", "--io", str(io), "--tenants", str(tenants), "--draws", "50"]
    code, out = run(*args, "--concordance", str(conc))
    assert code == 0, out
    notes = json.loads(out)["notes"]
    assert "jobs：模型未对居民闭合，引致效应记为零" in notes
    assert not [n for n in notes if "not closed" in n]
    conc.write_text("code,sector\n13,agri\n")
    code, out = run(*args, "--concordance", str(conc))
    assert code == 1
    assert "conc.csv：对照表中没有这些行业代码：1711" in out
    assert "no concordance row" not in out


def test_a_programme_with_a_gap_in_its_years_is_refused_in_chinese(run, tmp_path: Path) -> None:
    prog = tmp_path / "prog.csv"
    prog.write_text("year,cost_land,tax,jobs\n2020,100,0,0\n2022,0,40,50\n")
    code, out = run("impact", "cost-benefit", "--programme", str(prog))
    assert code == 1
    assert "年份必须连续" in out
    assert "consecutive" not in out
