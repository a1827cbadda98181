"""The shipped endowment table and concordance; county endowment and chain-target files."""

from __future__ import annotations

from pathlib import Path

import pytest

from microparks.core.targeting.score import ScoreInputError
from microparks.io.tables import read_classification
from microparks.io.targeting_inputs import (
    BEA_CONCORDANCE,
    read_chain_targets,
    read_county_endowments,
    read_endowment_links,
    read_targeting_concordance,
)
from tests.conftest import SHARED_DATA

ASKED = {"茶叶", "竹木", "水果", "蔬菜", "中药材", "畜禽", "水产", "粮油", "棉麻蚕桑", "石材/矿产",
         "民族手工艺", "劳务"}  # fmt: skip


def test_shipped_endowment_table_covers_the_issue_and_real_codes() -> None:
    links = read_endowment_links()
    assert {lk.name_zh for lk in links} == ASKED
    codes = set(read_classification()["code"])
    assert {lk.industry for lk in links} <= codes
    assert all(0 < lk.strength <= 1 for lk in links)
    assert any(lk.industry == "1530" and lk.endowment == "tea" for lk in links)
    classes = [lk for lk in links if len(lk.industry) == 4]
    assert len(classes) / len(links) > 0.7  # class level where possible


def test_shipped_concordance_covers_every_division() -> None:
    table = read_classification()
    sectors = tuple(
        line.split(",")[1].strip()
        for line in BEA_CONCORDANCE.read_text("utf-8").splitlines()[1:]
        if line and not line.startswith(("#", "code,"))
    )
    conc = read_targeting_concordance(tuple(sorted(set(sectors))))
    divisions = table.loc[table["level"] == "division", "code"].tolist()
    assert len(divisions) == 97
    _, unmapped = conc.matrix(divisions)
    assert unmapped == []


@pytest.mark.shared_data
def test_concordance_matches_the_bea_industries() -> None:
    lines = (SHARED_DATA / "bea_summary_industry_names_2017.csv").read_text("utf-8").splitlines()
    bea = tuple(line.split(",")[0] for line in lines[1:])
    conc = read_targeting_concordance(bea)
    assert conc.lookup("3670")[0][0] == bea.index("3361MV")  # type: ignore[index]


def test_county_endowments_csv_and_yaml(tmp_path: Path) -> None:
    csv = tmp_path / "e.csv"
    csv.write_text("region,endowment,abundance\n1,茶叶,0.5\n1,竹木,\n2,水果,1\n", "utf-8")
    assert read_county_endowments(csv, "1") == {"茶叶": 0.5, "竹木": 1.0}
    assert read_county_endowments(csv) == {"茶叶": 0.5, "竹木": 1.0, "水果": 1.0}
    csv.write_text("endowment,abundance\ntea,lots\n", "utf-8")
    with pytest.raises(ScoreInputError, match="row 1: abundance 'lots' is not a number"):
        read_county_endowments(csv)
    yml = tmp_path / "e.yaml"
    yml.write_text("endowments: [茶叶, 水产]\n", "utf-8")
    assert read_county_endowments(yml) == {"茶叶": 1.0, "水产": 1.0}
    yml.write_text("endowments: {茶叶: high}\n", "utf-8")
    with pytest.raises(ScoreInputError, match="not a number"):
        read_county_endowments(yml)
    yml.write_text("tea: 1\n", "utf-8")
    with pytest.raises(ScoreInputError, match="expected 'endowments'"):
        read_county_endowments(yml)


def test_chain_targets(tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text(
        "industry,kind,name,where,region\n36,anchor,汽车,某园,1\n13,leading,,,2\n", "utf-8"
    )
    [t] = read_chain_targets(csv, "1")
    assert (t.industry, t.kind, t.name, t.where) == ("36", "anchor", "汽车", "某园")
    csv.write_text("industry,kind\n36,boss\n", "utf-8")
    with pytest.raises(ScoreInputError, match="row 1: kind 'boss'"):
        read_chain_targets(csv)
    csv.write_text("industry\n36\n", "utf-8")
    with pytest.raises(ScoreInputError, match="missing column"):
        read_chain_targets(csv)
