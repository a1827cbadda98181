"""Endowment fit, chain fit and national growth: small hand-computed cases."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from microparks.core.impact import check_concordance
from microparks.core.targeting import TargetingWarning, calc_complexity
from microparks.core.targeting.chain import ChainTarget, calc_chain_fit
from microparks.core.targeting.endowment import (
    EndowmentLink,
    calc_endowment_fit,
    check_endowments,
)
from microparks.core.targeting.growth import calc_national_growth, spread_to
from microparks.core.targeting.rank import Classification, CountyInputs, rank_county
from microparks.core.targeting.score import Exclusion, ScoreInputError, ScoreWeights

LINKS = [
    EndowmentLink("tea", "茶叶", "tea", "1530", 1.0),
    EndowmentLink("tea", "茶叶", "tea", "1529", 0.5),
    EndowmentLink("bamboo_wood", "竹木", "bamboo and timber", "20", 1.0),
]


def test_endowment_fit_by_hand() -> None:
    inds = ["1530", "15", "1529", "20", "2041", "13"]
    c = calc_endowment_fit(inds, {"tea": 0.8, "bamboo_wood": 0.5}, LINKS)
    # 1530 main input 0.8·1; division 15 contains 1530; 1529 0.8·0.5; 20 and its class 0.5·1.
    np.testing.assert_allclose(c.scores, [0.8, 0.8, 0.4, 0.5, 0.5, 0.0])
    assert c.reasons_en[0] == "uses the county's tea (1530)"
    assert c.reasons_zh[4] == "利用本县的竹木（20）"
    assert c.reasons_en[5] == ""
    none = calc_endowment_fit(inds, {}, LINKS)
    assert np.isnan(none.scores).all()


def test_check_endowments_aliases_and_errors() -> None:
    assert check_endowments({"茶叶": 1, "bamboo_wood": 0.3}, LINKS) == {
        "tea": 1.0,
        "bamboo_wood": 0.3,
    }
    with pytest.raises(ScoreInputError, match=r"unknown endowment\(s\): 咖啡.*tea \(茶叶\)"):
        check_endowments({"咖啡": 1}, LINKS)
    with pytest.raises(ScoreInputError, match="must lie in"):
        check_endowments({"tea": 1.5}, LINKS)


def _chain(present: list[bool], factor: float = 0.5):  # type: ignore[no-untyped-def]
    # A = [[.2, .3], [.4, .1]] -> L = [[1.5, .5], [2/3, 4/3]], M = L - I (Miller & Blair style).
    A = np.array([[0.2, 0.3], [0.4, 0.1]])
    conc = check_concordance(
        [("13", "s1", 1.0), ("36", "s2", 1.0), ("14", "s1", 0.5), ("14", "s2", 0.5)],
        ("s1", "s2"),
    )
    target = ChainTarget("36", "anchor", name="汽车制造业", where="六圩工业园")
    return calc_chain_fit(
        ["13", "14", "36", "99"], present, A, conc, [target], present_factor=factor
    )


def test_chain_fit_by_hand() -> None:
    c = _chain([False, True, False, False])
    # 13 (s1) vs 36 (s2): supplies M[0,1] = 0.5, buys M[1,0] = 2/3 -> strength 2/3 (the max).
    # 14 (half s1, half s2): supplies .5·.5 + .5·(1/3) = 5/12, buys .5·(2/3) + .5·(1/3) = 1/2;
    # present, so halved: (1/2)/(2/3)·0.5 = 0.375. 36 is the target itself; 99 is unmapped.
    np.testing.assert_allclose(c.scores[:3], [1.0, 0.375, 0.0])
    assert np.isnan(c.scores[3])
    assert c.reasons_en[0].startswith("a missing link of the chain (absent locally)")
    assert (
        "buys from 汽车制造业, an anchor industry (六圩工业园) (0.667 per unit)" in c.reasons_en[0]
    )
    assert "supplies 汽车制造业" in c.reasons_en[0]  # 0.5 >= a quarter of the strength
    assert "missing link" not in c.reasons_en[1]
    assert "本县缺失的产业链环节" in c.reasons_zh[0]
    assert _chain([False, True, False, False], factor=1.0).scores[1] == pytest.approx(0.75)


def test_chain_fit_errors() -> None:
    conc = check_concordance([("13", "s1", 1.0)], ("s1",))
    with pytest.raises(ScoreInputError, match="not in the concordance: 36"):
        calc_chain_fit(["13"], [False], [[0.1]], conc, [ChainTarget("36", "leading")])
    empty = calc_chain_fit(["13"], [False], [[0.1]], conc, [])
    assert np.isnan(empty.scores).all()


def test_national_growth_by_hand() -> None:
    start = pd.DataFrame(
        {"region": ["a", "b", "a"], "industry": ["A", "C", "M"], "value": [100.0, 100.0, 50.0]}
    )
    end = pd.DataFrame(
        {"region": ["a", "b", "b"], "industry": ["A", "C", "M"], "value": [80.0, 140.0, 100.0]}
    )
    c = calc_national_growth(start, end, years=(2010, 2020))
    # G = 320/250 - 1 = 0.28; g = -0.2, 0.4, 1.0; mix = -0.48, 0.12, 0.72 -> 0, 0.5, 1.
    np.testing.assert_allclose(c.scores, [0.0, 0.5, 1.0])
    assert c.reasons_en[0] == "national employment fell 20% in 2010–2020 (all industries: 28%)"
    spread = spread_to(c, ["13", "C", "A", "X"], {"13": "C"})
    np.testing.assert_allclose(spread.scores[:3], [0.5, 0.5, 0.0])
    assert np.isnan(spread.scores[3])
    assert spread.reasons_zh[0] == "2010—2020年全国该行业就业增长40%（全部行业：28%）"
    mapped = calc_national_growth(
        start.assign(industry=["x", "y", "z"]),
        end,
        mapping=pd.DataFrame({"source": ["x", "y", "z"], "target": ["A", "C", "M"]}),
    )
    np.testing.assert_allclose(mapped.scores, c.scores)


@pytest.fixture(scope="module")
def complexity():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    x = rng.gamma(0.8, 1.0, (30, 1)) * rng.gamma(0.8, 1.0, (1, 5)) * rng.gamma(2.0, 1.0, (30, 5))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        return calc_complexity(
            x * 100,
            regions=[f"r{i:02d}" for i in range(30)],
            industries=["13", "15", "18", "20", "31"],
        )


CLASSIFICATION = Classification(
    parents={"13": "C", "15": "C", "18": "C", "20": "C", "31": "C"},
    names={"15": "酒、饮料和精制茶制造业"},
    labour_intensity={"13": "high", "15": "high", "18": "high", "20": "high", "31": "low"},
)


def test_rank_county_uses_every_component(complexity) -> None:  # type: ignore[no-untyped-def]
    only_endowment = ScoreWeights({"endowment_fit": 1.0})
    steel = (Exclusion("TH-steel", ("31",), "a 两高 sector (steel)", "两高行业（钢铁）"),)
    inputs = CountyInputs(endowments={"茶叶": 1.0}, links=LINKS)
    table = rank_county(
        complexity,
        "r04",
        weights=only_endowment,
        classification=CLASSIFICATION,
        exclusions=steel,
        inputs=inputs,
    ).set_index("industry")
    assert table.loc["15", "rank"] == 1  # the only industry that uses tea
    assert table.loc["15", "score"] == pytest.approx(1.0)
    assert table.loc["15", "name"] == "酒、饮料和精制茶制造业"
    assert "uses the county's tea (1530, 1529)" in table.loc["15", "reason_en"]
    assert table.loc["31", "excluded"]
    assert np.isnan(table.loc["31", "score"])
    assert table.loc["31", "reason_zh"] == "两高行业（钢铁）"
    # Without endowments the component drops out: with only its weight, nothing is ranked.
    bare = rank_county(complexity, "r04", weights=only_endowment, classification=CLASSIFICATION)
    assert bare["rank"].isna().all()
    with pytest.raises(ScoreInputError, match="unknown endowment"):
        rank_county(
            complexity,
            "r04",
            weights=only_endowment,
            classification=CLASSIFICATION,
            inputs=CountyInputs(endowments={"gold": 1.0}, links=LINKS),
        )


def test_weighted_mean_over_all_components(complexity) -> None:  # type: ignore[no-untyped-def]
    start = pd.DataFrame({"region": "a", "industry": ["C"], "value": [1.0]})
    growth = calc_national_growth(start, start)
    weights = ScoreWeights({"density": 1.0, "endowment_fit": 1.0, "national_growth": 2.0})
    table = rank_county(
        complexity,
        "r09",
        weights=weights,
        classification=CLASSIFICATION,
        inputs=CountyInputs(endowments={"tea": 1.0}, links=LINKS, growth=growth),
    ).set_index("industry")
    row = table.loc["18"]
    assert row["national_growth"] == 1.0  # one industry: scaled to 1
    assert row["score"] == pytest.approx((row["density"] + 0.0 + 2.0) / 4.0)
