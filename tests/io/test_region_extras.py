from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from microparks.io.region_extras import (
    add_fiscal_capacity,
    add_region_values,
    map_to_panel,
    read_hosted_industries,
)
from microparks.io.regions_data import RegionsError

REGIONS = pd.DataFrame(
    {"population": [100_000.0, 200_000.0, 50_000.0]}, index=pd.Index(["1", "2", "3"], name="region")
)


def test_shipped_hosted_list_maps_to_census_sections() -> None:
    codes, version = read_hosted_industries()
    assert {"13", "18", "21", "24", "39"} <= set(codes)
    assert version
    assert map_to_panel(codes, list("ABCDEFGHIJKLMNOPQRST")) == ["C"]
    assert map_to_panel(["0111", "C", "5320"], list("ACG")) == ["A", "C", "G"]
    with pytest.raises(RegionsError, match="not in GB/T"):
        map_to_panel(["99x"], ["C"])


def test_hosted_from_csv(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text("code,name\n1811,机织服装制造\n2110,木质家具\n")
    assert read_hosted_industries(tmp_path / "h.csv")[0] == ["1811", "2110"]


def test_region_values_not_known_stays_nan(tmp_path: Path) -> None:
    path = tmp_path / "idle.csv"
    path.write_text("region,idle_land_m2,vacant_floor_m2\n1,20000,0\n")
    out = add_region_values(REGIONS, path)
    assert out.loc["1", "idle_land_m2"] == 20000
    assert out.loc["1", "vacant_floor_m2"] == 0  # a known zero
    assert np.isnan(out.loc["2", "idle_land_m2"])  # not in the inventory: not known
    path.write_text("region,idle_land_m2\n1,20000\n2,-3\n")
    with pytest.raises(RegionsError, match="row 3, field 'idle_land_m2'"):
        add_region_values(REGIONS, path)


def test_fiscal_capacity_per_capita(tmp_path: Path) -> None:
    path = tmp_path / "fiscal.csv"
    path.write_text("region,general_budget_revenue_cny\n1,500000000\n3,100000000\n")
    out = add_fiscal_capacity(REGIONS, path)
    assert out.loc["1", "fiscal_revenue_per_capita_cny"] == pytest.approx(5000)
    assert out.loc["3", "fiscal_revenue_per_capita_cny"] == pytest.approx(2000)
    assert np.isnan(out.loc["2", "fiscal_revenue_per_capita_cny"])
    path.write_text("region,revenue\n1,5\n")
    with pytest.raises(RegionsError, match="general_budget_revenue_cny"):
        add_fiscal_capacity(REGIONS, path)


def test_county_inventory_in_mu_with_title_and_total_rows(tmp_path: Path) -> None:
    path = tmp_path / "idle.csv"
    text = "各县闲置土地情况\n序号,地区代码,闲置土地面积（亩）,闲置厂房面积（万平方米）\n"
    text += "1,1,15,\n2,3,1.5,0.2\n,合计,16.5,0.2\n"
    path.write_bytes(text.encode("gbk"))
    with pytest.raises(RegionsError, match="万平方米"):  # not a unit of area: named
        add_region_values(REGIONS, path)
    path.write_bytes(text.replace("万平方米", "公顷").encode("gbk"))
    out = add_region_values(REGIONS, path)
    assert out.loc["1", "idle_land_m2"] == pytest.approx(10_000)  # 15 亩
    assert out.loc["3", "vacant_floor_m2"] == pytest.approx(2_000)  # 0.2 公顷
    assert np.isnan(out.loc["1", "vacant_floor_m2"])  # blank: not known
    assert np.isnan(out.loc["2", "idle_land_m2"])


@pytest.mark.parametrize("bad", ["1e400", "inf", "NaN", "-2", "20亿"])
def test_region_value_not_a_finite_number_named(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "fiscal.csv"
    path.write_text(f"地区代码,一般公共预算收入（万元）\n1,50000\n2,{bad}\n", encoding="utf-8")
    with pytest.raises(RegionsError) as info:
        add_fiscal_capacity(REGIONS, path)
    assert "row 3, field '一般公共预算收入（万元）'" in str(info.value)
    assert f"[{bad}]" in str(info.value)
    path.write_text("地区代码,一般公共预算收入（万元）\n1,50000\n1,3\n", encoding="utf-8")
    with pytest.raises(RegionsError, match="the same region is already on row 2"):
        add_fiscal_capacity(REGIONS, path)
