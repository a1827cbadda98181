"""County census reader: layout handling on a small workbook, then the real 2010/2020 files."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from microparks.core.targeting import (
    TargetingWarning,
    calc_complexity_panel,
    calc_shift_share_panel,
)
from microparks.io.census import (
    SECTIONS,
    CensusCounties,
    CensusFormatError,
    read_census_counties,
    read_section_mapping,
)
from tests.conftest import SHARED_DATA

SECTION_NAMES_2020 = [
    "农林牧渔业", "采矿业", "制造业", "电力热力燃气及水生产和供应业", "建筑业", "批发和零售业",
    "交通运输仓储和邮政业", "住宿和餐饮业", "信息传输软件和信息技术服务业", "金融业", "房地产业",
    "租赁和商务服务业", "科学研究和技术服务业", "水利环境和公共设施管理业",
    "居民服务修理和其服务业", "教育", "卫生和社会工作", "文化体育和娱乐业",
    "公共管理社会保障和社会组织", "国际组织",
]  # fmt: skip


def small_workbook(path: Path) -> Path:
    rows = [
        # code, province, prefecture, county, population, urban
        (None, "全国", "全国", "全国", 1000, 600),
        (110000, "北京市", "北京市", "北京市", 300, 250),
        (110100, "北京市", "北京市", "市辖区", 300, 250),
        (110101, "北京市", "北京市", "东城区", 100, 100),
        (110102, "北京市", "北京市", "西城区", 200, 150),
        (441900, "广东省", "东莞市", "东莞市", 500, 400),
        (None, "山西省", "太原市", "山西转型综合改革示范区", 50, 20),
    ]
    records = []
    for k, (code, prov, pref, name, pop, urban) in enumerate(rows):
        jobs = [float(k + j) for j in range(20)]
        rec = {
            "区划代码": code, "省": prov, "市": pref, "区县": name, "人口数_合计": pop,
            "城镇人口": urban, "乡村人口": pop - urban, "人口比重_15-64岁": 70.0,
            "平均受教育年限_合计": 9.5, "各种行业人口总计": sum(jobs),
        }  # fmt: skip
        rec.update(dict(zip(SECTION_NAMES_2020, jobs, strict=True)))
        records.append(rec)
    records[3]["制造业"] = "5    5"  # a garbled cell, as in the real 2010 workbook
    out = path / "census_county_2020_small.xlsx"
    pd.DataFrame(records).to_excel(out, index=False)
    return out


def test_small_workbook_drops_totals_and_keeps_undivided_prefectures(tmp_path: Path) -> None:
    c = read_census_counties(small_workbook(tmp_path))
    assert c.year == 2020
    assert c.classification == "GB/T 4754-2017"
    assert c.attributes["region"].tolist() == ["110101", "110102", "441900"]
    assert c.dropped_rows == 4
    assert c.invalid_cells == 1
    assert sorted(c.employment["industry"].unique()) == list(SECTIONS)
    e = c.employment.set_index(["region", "industry"])["employment"]
    assert e[("110102", "A")] == 4.0
    assert e[("110101", "C")] == 0.0  # the invalid cell
    assert c.attributes.set_index("region").loc["110102", "urban_share"] == pytest.approx(0.75)


def test_rejects_other_layouts(tmp_path: Path) -> None:
    p = tmp_path / "other.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(p, index=False)
    with pytest.raises(CensusFormatError, match="not a known"):
        read_census_counties(p)


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04broken zip", b""])
def test_a_file_that_is_no_workbook_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "census.xlsx"
    p.write_bytes(content)
    with pytest.raises(CensusFormatError, match=r"census\.xlsx: not an Excel workbook"):
        read_census_counties(p)


def test_section_mapping_is_a_permutation() -> None:
    m = read_section_mapping()
    assert sorted(m["source"]) == list(SECTIONS)
    assert sorted(m["target"]) == list(SECTIONS)
    assert m.set_index("source").loc["H", "target"] == "F"  # 2002 trade -> 2017 F


@pytest.fixture(scope="module")
def census() -> dict[int, CensusCounties]:
    return {
        y: read_census_counties(SHARED_DATA / f"census_county_{y}_v1.xlsx") for y in (2010, 2020)
    }


@pytest.mark.shared_data
def test_real_2020_counties(census: dict[int, CensusCounties]) -> None:
    c = census[2020]
    assert 2900 <= len(c.attributes) <= 2960
    codes = c.attributes["region"]
    assert not codes.str.endswith("0000").any()
    assert codes.is_unique
    by_county = c.employment.groupby("region")["employment"].sum()
    total = c.attributes.set_index("region")["employed_total"]
    ok = total.notna()
    np.testing.assert_allclose(by_county[ok[ok].index], total[ok])


@pytest.mark.shared_data
def test_real_2020_eci_tracks_schooling_and_urbanisation(census: dict[int, CensusCounties]) -> None:
    c = census[2020]
    data = c.employment.rename(columns={"employment": "value"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        res = calc_complexity_panel(data).years[0]
    attrs = c.attributes.set_index("region").loc[list(res.regions)]
    live = np.isfinite(res.eci)
    assert live.sum() > 2900
    for col in ("schooling_years", "urban_share"):
        v = attrs[col].to_numpy(dtype=float)
        m = live & np.isfinite(v)
        r = np.corrcoef(res.eci[m], v[m])[0, 1]
        assert r > 0.4, (col, r)
    pci = dict(zip(res.industries, res.pci, strict=True))
    assert pci["A"] < pci["C"] < pci["I"]  # farming < manufacturing < software


@pytest.mark.shared_data
def test_real_shift_share_2010_2020(census: dict[int, CensusCounties]) -> None:
    start = census[2010].employment.rename(columns={"employment": "value"})
    end = census[2020].employment.rename(columns={"employment": "value"})
    r = calc_shift_share_panel(start, end, "330782", mapping=read_section_mapping())  # 义乌市
    assert r.industries == SECTIONS
    tot = r.totals()
    assert tot["national_share"] + tot["industry_mix"] + tot["competitive"] == pytest.approx(
        tot["change"]
    )
    assert tot["change"] != 0


@pytest.mark.shared_data
def test_real_targeting_list_for_named_counties(census: dict[int, CensusCounties]) -> None:
    from microparks.core.targeting import score_industries
    from microparks.core.targeting.score import exclusions_from_rule_set
    from microparks.io.admission import read_rule_set
    from microparks.io.rules.weights import parse_targeting
    from microparks.io.tables import read_classification

    data = census[2020].employment.rename(columns={"employment": "value"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        res = calc_complexity_panel(data).years[0]
    weights = parse_targeting({"weights": {"density": 0.5, "cog": 0.5}})
    gbt = read_classification()
    parents = {c: (p or None) for c, p in zip(gbt["code"], gbt["parent"], strict=True)}
    for county in ("330782", "522301", "130608"):  # 义乌市, 兴义市, 清苑区
        table = score_industries(
            res,
            county,
            weights=weights,
            labour_intensity={},
            exclusions=exclusions_from_rule_set(read_rule_set()),
            parents=parents,
        ).set_index("industry")
        # Sections are never wholly 两高, so none is excluded; manufacturing says which part is.
        assert not table["excluded"].any()
        assert "两高" in table.loc["C", "reason_zh"]
        # The top of the list is an industry the county does not yet specialise in.
        assert not table[table["rank"] == 1]["present"].iloc[0]
        assert table["rank"].dropna().tolist() == list(range(1, 21))
