"""Each shipped scheme reproduced by hand on a small table.

Sources:
- Huangyan: 黄岩区深化“亩均论英雄”改革工作领导小组办公室, 工业企业综合评价得分计算说明 (annex 2 of
  the 2021 results, 2022-09-20, and of the 2022 results, 2023-09-25). 2022: 规上企业得分 =
  亩均税收÷24.097×30 + 亩均增加值÷136.16×20 + 单位能耗增加值÷2.694×20 + 单位排放增加值÷4929.81×10
  + 全员劳动生产率÷18.14×10 + R&D占比÷0.0302×10; 规下企业得分 = 亩均税收÷11.5932×50 +
  单位用电税收÷0.2352×50; 规上无排放数据的, 单位排放增加值得分按规上企业此项平均得分赋分.
- Jingde: 旌德县科技商务经信局, 《旌德县亩均效益评价实施方案》政策解读 (2022-04-23): 单项指标得分 =
  单项指标权重×〔20+80×(企业本值−最小值)/(最大值−最小值)〕/100.
- Huai'an: 淮安市工信局, 《淮安市工业企业资源集约利用综合评价办法》政策解读 (2024-05-31): 得分 =
  Σ 指标值/基准值 × 权重, weights 45/35/20, 基准值 ≈ 2 × 平均值.
"""

import numpy as np
import pytest

from microparks.core.evaluation import evaluate_firms
from microparks.core.units import M2_PER_MU as MU
from microparks.io.rules import load_shipped


def firms(**columns):
    n = len(next(iter(columns.values())))
    base = {
        "tax_cny": [0.0] * n,
        "value_added_cny": [0.0] * n,
        "revenue_cny": [0.0] * n,
        "land_m2": [30 * MU] * n,
        "jobs": [10.0] * n,
        "energy_tce": [100.0] * n,
        "electricity_kwh": [1e6] * n,
        "emissions_t": [np.nan] * n,
        "rd_cny": [0.0] * n,
    }
    base.update(columns)
    return {k: np.asarray(v, dtype=float) for k, v in base.items()}


def test_huangyan_2022_above_size_by_hand():
    # Firm 0: 30 mu; tax 900 万元 (30 万元/mu); VA 3000 万元 (100 万元/mu, 3 万元/tce on 1000 tce,
    # 5000 万元/t on 0.6 t, 20 万元/person on 150); R&D 120 万元 of revenue 4000 万元 (0.03).
    inputs = firms(
        tax_cny=[9e6],
        value_added_cny=[3e7],
        revenue_cny=[4e7],
        jobs=[150],
        energy_tce=[1000],
        emissions_t=[0.6],
        rd_cny=[1.2e6],
        above_size=[True],
    )
    result = evaluate_firms(load_shipped("evaluation", "huangyan"), inputs, 2022)
    items = result.scores.item_scores
    assert items["tax_per_mu"][0] == pytest.approx(30 / 24.097 * 30)
    assert items["va_per_mu"][0] == pytest.approx(100 / 136.16 * 20)
    assert items["va_per_tce"][0] == pytest.approx(3 / 2.694 * 20)
    assert items["va_per_emission_t"][0] == pytest.approx(5000 / 4929.81 * 10)
    assert items["labour_productivity"][0] == pytest.approx(20 / 18.14 * 10)
    assert items["rd_share"][0] == pytest.approx(0.03 / 0.0302 * 10)
    assert result.scores.total[0] == pytest.approx(105.410876, abs=1e-6)
    assert result.scores.benchmark_source["above_size"] == "table 2022"


def test_huangyan_2021_uses_2021_denominators():
    inputs = firms(
        tax_cny=[9e6],
        value_added_cny=[3e7],
        revenue_cny=[4e7],
        jobs=[150],
        energy_tce=[1000],
        emissions_t=[0.6],
        rd_cny=[1.2e6],
        above_size=[True],
    )
    result = evaluate_firms(load_shipped("evaluation", "huangyan"), inputs, 2021)
    # 30/26.01×30 + 100/132.27×20 + 3/2.54×20 + 5000/4861.08×10 + 20/17.45×10 + 0.03/0.0305×10
    assert result.scores.total[0] == pytest.approx(104.927874, abs=1e-6)


def test_huangyan_2022_below_size_and_missing_emissions_average():
    # Firms 0, 1 above size with emissions 0.6 t and 0.3 t; firm 2 above size with no emissions
    # data gets the mean of the two others' emissions item scores; firm 3 below size.
    inputs = firms(
        tax_cny=[9e6, 9e6, 9e6, 3e5],
        value_added_cny=[3e7, 3e7, 3e7, 1e6],
        revenue_cny=[4e7, 4e7, 4e7, 2e6],
        land_m2=[30 * MU, 30 * MU, 30 * MU, 15 * MU],
        jobs=[150, 150, 150, 10],
        energy_tce=[1000, 1000, 1000, 50],
        electricity_kwh=[2e6, 2e6, 2e6, 1e6],
        emissions_t=[0.6, 0.3, np.nan, np.nan],
        rd_cny=[1.2e6, 1.2e6, 1.2e6, 0],
        above_size=[True, True, True, False],
    )
    result = evaluate_firms(load_shipped("evaluation", "huangyan"), inputs, 2022)
    em = result.scores.item_scores["va_per_emission_t"]
    assert em[0] == pytest.approx(5000 / 4929.81 * 10)
    assert em[1] == pytest.approx(10000 / 4929.81 * 10)
    assert em[2] == pytest.approx((5000 + 10000) / 2 / 4929.81 * 10)
    assert np.isnan(em[3])  # below-size firms are not scored on emissions
    # Below size: 2 万元/mu and 0.3 CNY/kWh.
    assert result.scores.item_scores["tax_per_mu"][3] == pytest.approx(2 / 11.5932 * 50)
    assert result.scores.item_scores["tax_per_kwh"][3] == pytest.approx(0.3 / 0.2352 * 50)
    assert result.scores.total[3] == pytest.approx(72.401256, abs=1e-6)


def test_huangyan_other_year_uses_group_mean_and_override():
    inputs = firms(tax_cny=[3e5, 9e5], land_m2=[15 * MU, 15 * MU], above_size=[False, False])
    scheme = load_shipped("evaluation", "huangyan")
    result = evaluate_firms(scheme, inputs, 2024)
    # Mean tax per mu = (2 + 6) / 2 = 4 万元/mu; tax per kWh mean = (0.3 + 0.9) / 2 = 0.6.
    assert result.scores.benchmarks["below_size"]["tax_per_mu"] == pytest.approx(4.0)
    assert result.scores.item_scores["tax_per_mu"][0] == pytest.approx(2 / 4 * 50)
    assert result.scores.benchmark_source["below_size"] == "1 × mean"
    given = {"below_size": {"tax_per_mu": 8.0, "tax_per_kwh": 0.5}}
    result = evaluate_firms(scheme, inputs, 2024, benchmarks=given)
    assert result.scores.item_scores["tax_per_mu"][1] == pytest.approx(6 / 8 * 50)
    assert result.scores.item_scores["tax_per_kwh"][1] == pytest.approx(0.9 / 0.5 * 50)


def test_jingde_minmax_by_hand():
    # Three below-size firms on 15 mu (≥ 5 mu): tax per mu 2, 5, 8 万元; revenue per tce 1, 1, 3
    # 万元 on 100 tce; emissions 1 t, none, 0.5 t.
    inputs = firms(
        tax_cny=[3e5, 7.5e5, 1.2e6],
        revenue_cny=[1e6, 1e6, 3e6],
        land_m2=[15 * MU] * 3,
        emissions_t=[1.0, np.nan, 0.5],
        above_size=[False] * 3,
    )
    result = evaluate_firms(load_shipped("evaluation", "jingde"), inputs, 2023)
    items = result.scores.item_scores
    assert items["tax_per_mu"] == pytest.approx(
        [60 * 20 / 100, 60 * (20 + 80 * 0.5) / 100, 60 * 100 / 100]
    )
    assert items["revenue_per_tce"] == pytest.approx([20 * 0.2, 20 * 0.2, 20 * 1.0])
    # revenue per tonne: 100 and 600 万元/t → 0.2 × 20 and 20; the firm without data gets the
    # mean item score (4 + 20) / 2.
    assert items["revenue_per_emission_t"] == pytest.approx([4.0, 12.0, 20.0])
    assert result.scores.total == pytest.approx([12 + 4 + 4, 36 + 4 + 12, 60 + 20 + 20])
    assert result.scores.ranges["below_size"]["tax_per_mu"] == pytest.approx((2.0, 8.0))


def test_jingde_small_firm_on_little_land_is_t():
    inputs = firms(tax_cny=[3e5, 3e5], land_m2=[4 * MU, 5 * MU], above_size=[False, False])
    result = evaluate_firms(load_shipped("evaluation", "jingde"), inputs, 2023)
    assert list(result.classes[:1]) == ["T"]
    assert np.isnan(result.scores.total[0])
    assert result.classes[1] != "T"


def test_huaian_twice_the_county_mean_by_hand():
    # Tax per mu 1, 2, 3, 6 万元 (mean 3, benchmark 6); revenue per mu 10, 10, 10, 30 (mean 15,
    # benchmark 30); tax per tce 0.3, 0.6, 0.9, 1.8 万元/tce on 100 tce (mean 0.9, benchmark 1.8).
    tax = np.array([1, 2, 3, 6]) * 30 * 1e4
    inputs = firms(
        tax_cny=tax,
        revenue_cny=np.array([10, 10, 10, 30]) * 30 * 1e4,
        above_size=[True, False, True, False],
    )
    result = evaluate_firms(load_shipped("evaluation", "huaian"), inputs, 2024)
    items = result.scores.item_scores
    assert items["tax_per_mu"] == pytest.approx([45 / 6, 45 * 2 / 6, 45 * 3 / 6, 45])
    assert items["revenue_per_mu"] == pytest.approx([35 / 3, 35 / 3, 35 / 3, 35])
    assert items["tax_per_tce"] == pytest.approx([20 * 0.3 / 1.8, 20 * 0.6 / 1.8, 20 * 0.5, 20])
    assert result.scores.benchmarks["all"]["tax_per_mu"] == pytest.approx(6.0)
    assert result.scores.benchmark_source["all"] == "2 × mean"


def test_policy_terms_follow_class():
    # 20 firms with rising tax: classes A (4), B (8), C (7), D (1).
    n = 20
    inputs = firms(
        tax_cny=np.arange(1, n + 1) * 1e5,
        electricity_kwh=[1e6] * n,
        water_t=[1000.0] * n,
        rent_cny=[2e5] * n,
        above_size=[True] * n,
    )
    result = evaluate_firms(load_shipped("evaluation", "huaian"), inputs, 2024)
    assert "".join(result.classes) == "D" + "C" * 7 + "B" * 8 + "A" * 4
    frame = result.to_frame()
    d, a = frame.iloc[0], frame.iloc[-1]
    assert d["electricity_surcharge_cny"] == pytest.approx(0.30 * 1e6)
    assert d["water_surcharge_cny"] == pytest.approx(1.00 * 1000)
    assert a["rent_support_cny"] == pytest.approx(0.30 * 2e5)
    assert bool(a["land_priority"])
    assert not bool(d["land_priority"])
    assert frame.iloc[1]["electricity_surcharge_cny"] == pytest.approx(0.10 * 1e6)


def test_inputs_hash_changes_with_inputs():
    scheme = load_shipped("evaluation", "huaian")
    a = evaluate_firms(scheme, firms(tax_cny=[1e5, 2e5]), 2024)
    b = evaluate_firms(scheme, firms(tax_cny=[1e5, 2e5]), 2024)
    c = evaluate_firms(scheme, firms(tax_cny=[1e5, 3e5]), 2024)
    assert a.inputs_hash == b.inputs_hash != c.inputs_hash
    assert a.scheme == "huaian@2024.1"
