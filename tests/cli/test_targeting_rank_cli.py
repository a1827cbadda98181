"""``microparks targeting rank`` with endowments, a real input–output table and two censuses."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from microparks.cli.main import app
from tests.cli.test_targeting_cli import write_divisions
from tests.conftest import SHARED_DATA

runner = CliRunner()
BASE = ["targeting", "rank", "--region", "004503"]


def _run(tmp_path: Path, *extra: str) -> pd.DataFrame:
    src, out = tmp_path / "emp.csv", tmp_path / "rank.csv"
    write_divisions(src)
    res = runner.invoke(app, [*BASE, "--employment", str(src), "--out", str(out), *extra])
    assert res.exit_code == 0, res.output
    return pd.read_csv(out, dtype={"industry": str}, keep_default_na=True).set_index("industry")


def test_endowments_raise_the_industries_that_use_them(tmp_path: Path) -> None:
    plain = _run(tmp_path)
    assert plain["endowment_fit"].isna().all()
    (tmp_path / "e.yaml").write_text("endowments: {茶叶: 1, 石材/矿产: 1}\n", "utf-8")
    table = _run(tmp_path, "--endowments", str(tmp_path / "e.yaml"))
    assert table.loc["13", "endowment_fit"] == 0  # food processing does not use tea
    assert table.loc["14", "endowment_fit"] == 0
    # Stone feeds 30 (3032 建筑用石加工) but 30 is a 两高 sector: listed, excluded, with the rule.
    assert table.loc["30", "excluded"]
    assert "两高行业" in table.loc["30", "reason_zh"]
    assert np.isnan(table.loc["30", "rank"])
    csv = tmp_path / "e.csv"
    csv.write_text("region,endowment,abundance\n004503,棉麻蚕桑,1\n004504,茶叶,1\n", "utf-8")
    cotton = _run(tmp_path, "--endowments", str(csv))
    assert cotton.loc["17", "endowment_fit"] == 1.0  # 1711 棉纺纱加工 lies in textiles
    assert "uses the county's cotton, hemp and silk" in cotton.loc["17", "reason_en"]
    assert "利用本县的棉麻蚕桑（棉纺纱加工" in cotton.loc["17", "reason_zh"]
    assert cotton.loc["17", "rank"] < plain.loc["17", "rank"]
    csv.write_text("endowment\ngold\n", "utf-8")
    src, out = tmp_path / "emp.csv", tmp_path / "rank.csv"
    res = runner.invoke(
        app, [*BASE, "--employment", str(src), "--out", str(out), "--endowments", str(csv)]
    )
    assert res.exit_code == 1
    assert "unknown endowment(s): gold" in res.output


def test_chain_inputs_are_checked(tmp_path: Path) -> None:
    src, out = tmp_path / "emp.csv", tmp_path / "rank.csv"
    write_divisions(src)
    args = [*BASE, "--employment", str(src), "--out", str(out)]
    res = runner.invoke(app, [*args, "--io-table", str(src)])
    assert res.exit_code == 2
    assert "need --targets" in res.output
    targets = tmp_path / "t.csv"
    targets.write_text("industry,kind\n36,boss\n", "utf-8")
    res = runner.invoke(app, [*args, "--targets", str(targets)])
    assert res.exit_code == 2
    assert "needs --io-table" in res.output


@pytest.mark.shared_data
def test_chain_fit_on_the_bea_2017_tables(tmp_path: Path) -> None:
    targets = tmp_path / "t.csv"
    targets.write_text(
        "industry,kind,name,where\n36,anchor,汽车制造业,六圩汽车产业园\n13,leading,农副食品加工业,\n",
        "utf-8",
    )
    table = _run(
        tmp_path,
        "--make",
        str(SHARED_DATA / "bea_summary_make_2017_beforeredef.csv"),
        "--use",
        str(SHARED_DATA / "bea_summary_use_2017_pro_beforeredef.csv"),
        "--targets",
        str(targets),
    )
    chain = table["chain_fit"]
    assert chain.notna().all()  # every division maps to a BEA summary industry
    assert chain.between(0, 1).all()
    # 14 食品制造 shares BEA 311FT with the leading 13 (food buys from and sells to food
    # processing): the strongest link, and absent locally, so a missing link at 1.
    assert chain["14"] == pytest.approx(1.0)
    assert not table.loc["14", "present"]
    assert table.loc["14", "reason_en"].count("农副食品加工业, a leading industry") == 2
    assert "本县缺失的产业链环节" in table.loc["14", "reason_zh"]
    # Steel supplies cars strongly (BEA 331 → 3361MV) but stays excluded as a 两高 sector.
    assert chain["31"] > 0.5
    assert table.loc["31", "excluded"]
    # Electronics supplies the car anchor; present locally, so its link counts half.
    assert table.loc["39", "present"]
    assert (
        "supplies 汽车制造业, an anchor industry (六圩汽车产业园)" in table.loc["39", "reason_en"]
    )
    missing = table[~table["present"] & (chain > 0) & ~table["excluded"]]
    assert len(missing) >= 3
    assert missing["reason_zh"].str.contains("本县缺失的产业链环节").all()


@pytest.mark.shared_data
def test_real_census_counties_make_sense(tmp_path: Path) -> None:
    """安溪县 (tea) and 汝州市: sections from the 2020 census, growth from 2010."""
    out = tmp_path / "anxi.csv"
    end = tmp_path / "e.csv"
    end.write_text("endowment\n茶叶\n", "utf-8")
    args = [
        "targeting",
        "rank",
        "--employment",
        str(SHARED_DATA / "census_county_2020_v1.xlsx"),
        "--growth-start",
        str(SHARED_DATA / "census_county_2010_v1.xlsx"),
        "--region",
        "350524",
        "--out",
        str(out),
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    bare = pd.read_csv(out, dtype={"industry": str}).set_index("industry")
    res = runner.invoke(app, [*args, "--endowments", str(end)])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out, dtype={"industry": str}).set_index("industry")
    assert len(table) == 20
    assert table["national_growth"].notna().all()
    assert "2010–2020" in table.loc["A", "reason_en"]
    # No section is wholly 两高: only the non-tradable ones are excluded; manufacturing says
    # which parts are excluded at admission, wholesale and retail that retail is not a target.
    non_tradable = set("EHJKNOPQRST")
    assert set(table.index[table["excluded"]]) == non_tradable
    assert set(table.index[table["non_tradable"]]) == non_tradable
    assert table.loc[sorted(non_tradable), "reason_zh"].str.startswith("非贸易").all()
    assert "part of it is excluded at admission" in table.loc["C", "reason_en"]
    assert "part of it is excluded from the target list" in table.loc["F", "reason_en"]
    assert "就业数据只有门类" in res.stderr  # sections only: the note says so, Chinese first
    # The tea endowment lifts manufacturing (精制茶加工 1530) and says so.
    assert table.loc["C", "endowment_fit"] == 1.0
    assert "利用本县的茶叶（精制茶加工" in table.loc["C", "reason_zh"]
    assert table.loc["C", "score"] > bare.loc["C", "score"]
    assert table.loc["C", "rank"] <= bare.loc["C", "rank"]


@pytest.mark.shared_data
def test_real_census_ranks_no_non_tradable_section_unless_asked(tmp_path: Path) -> None:
    """黎平县 on the 2020 census: real estate and entertainment topped the list before the
    non-tradable exclusion; now they are listed last, and ``--include-non-tradable`` ranks them."""
    out = tmp_path / "rank.csv"
    args = ["targeting", "rank", "--region", "522631", "--out", str(out)]
    args += ["--employment", str(SHARED_DATA / "census_county_2020_v1.xlsx")]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out, dtype={"industry": str})
    ranked = table[table["rank"].notna()]
    assert not set(ranked["industry"]) & set("EHJKNOPQRST")
    assert ranked["industry"].iloc[0] not in ("K", "R")
    assert table["excluded"].tail(11).all()  # excluded sections stay in the table, last
    assert "sections (门类)" in res.stderr
    assert "non-tradable industries (E, 52, H, J, K, N, O, P, Q, R, S, T) are excluded" in (
        res.stderr
    )
    res = runner.invoke(app, [*args, "--include-non-tradable"])
    assert res.exit_code == 0, res.output
    included = pd.read_csv(out, dtype={"industry": str}).set_index("industry")
    assert included["rank"].notna().all()
    assert included.loc["K", "rank"] < included.loc["C", "rank"]  # the old order, on request
    assert included.loc["K", "non_tradable"]
    assert not included.loc["K", "excluded"]
    assert included.loc["K", "reason_en"].startswith("non-tradable (local) industry, ranked")
    assert "ranked on request" in res.stderr
