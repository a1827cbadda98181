"""The shipped endowment table and concordance; county endowment and chain-target files."""

from __future__ import annotations

from pathlib import Path

import pytest

from microparks.core.targeting.score import ScoreInputError
from microparks.io.tables import read_classification
from microparks.io.targeting_inputs import (
    BEA_CONCORDANCE,
    copy_input_file,
    read_chain_table,
    read_chain_targets,
    read_county_endowments,
    read_employment_table,
    read_endowment_links,
    read_growth_mapping,
    read_targeting_concordance,
    write_employment_csv,
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
    bad_abundance = r"e\.csv: row 2, field 'abundance': not a number \[lots\]"
    with pytest.raises(ScoreInputError, match=bad_abundance):
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
    bad_kind = r"t\.csv: row 2, field 'kind': must be 'leading' or 'anchor'.*\[boss\]"
    with pytest.raises(ScoreInputError, match=bad_kind):
        read_chain_targets(csv)
    csv.write_text("industry\n36\n", "utf-8")
    with pytest.raises(ScoreInputError, match="missing column"):
        read_chain_targets(csv)


def test_employment_table_csv_with_its_hash(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "emp.csv"
    path.write_text("region,industry,value,year\n004501,13,5,2019\n004501,13,7,2020\n", "utf-8")
    table = read_employment_table(path)
    assert table.source.name == "emp.csv"
    assert table.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert table.year == 2020
    assert table.latest()["value"].tolist() == [7.0]
    assert table.data["region"].tolist() == ["004501", "004501"]  # codes keep leading zeros
    path.write_text("region,industry,value\n1,13,abc\n", "utf-8")
    bad_value = r"emp\.csv: row 2, field 'value': not a number \[abc\]"
    with pytest.raises(ScoreInputError, match=bad_value):
        read_employment_table(path)
    with pytest.raises(ScoreInputError, match="cannot read the file"):
        read_employment_table(tmp_path / "absent.csv")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", "utf-8")
    with pytest.raises(ScoreInputError, match=r"fake\.xlsx"):
        read_employment_table(fake)


@pytest.mark.shared_data
def test_employment_table_from_the_census_workbook() -> None:
    table = read_employment_table(SHARED_DATA / "census_county_2020_v1.xlsx", role="growth_end")
    assert table.year == 2020
    assert table.source.role == "growth_end"
    assert set(table.data["industry"]) == set("ABCDEFGHIJKLMNOPQRST")
    assert len(read_growth_mapping(SHARED_DATA / "census_county_2010_v1.xlsx")) == 20


def test_chain_table_reads_the_table_and_checks_its_concordance(tmp_path: Path) -> None:
    from microparks.demo import targeting as demo

    chain = read_chain_table(demo.IO_TABLE, concordance=demo.CONCORDANCE)
    assert chain.A.shape == (20, 20)
    assert [s.name for s in chain.sources] == ["io_demo.csv", "concordance_demo.csv"]
    with pytest.raises(ScoreInputError, match=r"concordance_gbt4754_bea2017\.csv"):
        read_chain_table(demo.IO_TABLE)  # the shipped BEA concordance names other sectors
    with pytest.raises(ScoreInputError, match="no input-output table"):
        read_chain_table()
    bad = tmp_path / "io.csv"
    bad.write_text("x,y\n1,2\n", "utf-8")
    with pytest.raises(ScoreInputError, match=r"io\.csv: the first column must be 'sector'"):
        read_chain_table(bad)


def test_growth_mapping_given_or_none(tmp_path: Path) -> None:
    mapping = tmp_path / "m.csv"
    mapping.write_text("source,target\na,I\n", "utf-8")
    assert read_growth_mapping(tmp_path / "start.csv", mapping)["target"].tolist() == ["I"]
    assert read_growth_mapping(tmp_path / "start.csv") is None


def test_written_files_are_replaced_only_when_they_change(tmp_path: Path) -> None:
    import pandas as pd

    path = tmp_path / "deep" / "emp.csv"
    frame = pd.DataFrame({"region": ["004501"], "industry": ["13"], "value": [1.5], "year": [2025]})
    write_employment_csv(path, frame)
    assert path.read_text("utf-8") == "region,industry,value,year\n004501,13,1.5,2025\n"
    before = path.stat().st_mtime_ns
    write_employment_csv(path, frame)
    assert path.stat().st_mtime_ns == before
    copy = tmp_path / "copy.csv"
    copy_input_file(path, copy)
    assert copy.read_bytes() == path.read_bytes()
    assert read_employment_table(copy).data["region"].tolist() == ["004501"]
