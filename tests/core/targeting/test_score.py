"""Targeting score: components, weights, exclusions with reasons."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from microparks.core.targeting import TargetingWarning, calc_complexity
from microparks.core.targeting.score import (
    Exclusion,
    ScoreInputError,
    ScoreWeights,
    score_industries,
)

INDUSTRIES = [
    "13",
    "18",
    "26",
    "31",
    "39",
    "251",
]  # food, garments, chemicals, steel, ICT, refining
LABOUR = {"13": "medium", "18": "high", "26": "low", "31": "low", "39": "medium"}
TWO_HIGH = (
    Exclusion("TH-chem", ("26",), "a 两高 sector (chemicals)", "两高行业（化工）"),
    Exclusion("TH-steel", ("31",), "a 两高 sector (steel)", "两高行业（钢铁）"),
    Exclusion("TH-petro", ("2511",), "a 两高 sector (refining)", "两高行业（炼油）"),
)
WEIGHTS = ScoreWeights({"density": 0.4, "cog": 0.3, "labour_fit": 0.3}, version="t1")


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    x = rng.gamma(0.8, 1.0, (40, 1)) * rng.gamma(0.8, 1.0, (1, 6)) * rng.gamma(2.0, 1.0, (40, 6))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TargetingWarning)
        return calc_complexity(
            x * 100, regions=[f"c{i:02d}" for i in range(40)], industries=INDUSTRIES
        )


def test_components_ranking_and_exclusions(result) -> None:  # type: ignore[no-untyped-def]
    table = score_industries(
        result, "c03", weights=WEIGHTS, labour_intensity=LABOUR, exclusions=TWO_HIGH
    )
    assert set(table["industry"]) == set(INDUSTRIES)
    excluded = table[table["excluded"]]
    assert set(excluded["industry"]) == {"26", "31"}
    assert excluded["score"].isna().all()
    assert excluded["rank"].isna().all()
    assert excluded["reason_zh"].str.contains("两高行业").all()
    ranked = table[~table["excluded"]]
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    assert ranked["score"].is_monotonic_decreasing
    # Excluded industries come last.
    assert table["excluded"].tolist() == [False] * 4 + [True] * 2
    row = table.set_index("industry").loc["18"]
    assert row["labour_fit"] == pytest.approx(1.0)  # high intensity, abundant labour
    expected = (0.4 * row["density"] + 0.3 * row["cog"] + 0.3 * row["labour_fit"]) / 1.0
    assert row["score"] == pytest.approx(expected)
    # A code only partly covered keeps its score and says so; no labour record is reported.
    refining = table.set_index("industry").loc["251"]
    assert not refining["excluded"]
    assert "part of it is excluded" in refining["reason_en"]
    assert "其中部分行业" in refining["reason_zh"]
    assert "no labour-intensity record" in refining["reason_en"]
    weights_no_labour = (0.4 * refining["density"] + 0.3 * refining["cog"]) / 0.7
    assert refining["score"] == pytest.approx(weights_no_labour)


def test_present_industries_have_no_outlook_gain_and_cog_is_scaled(result) -> None:  # type: ignore[no-untyped-def]
    table = score_industries(result, "c07", weights=WEIGHTS, labour_intensity=LABOUR)
    present = table[table["present"]]
    absent = table[~table["present"]]
    assert (present["cog"] == 0).all()
    assert absent["cog"].max() == pytest.approx(1.0)
    assert absent["cog"].min() == pytest.approx(0.0)


def test_labour_supply_moves_labour_fit(result) -> None:  # type: ignore[no-untyped-def]
    low = score_industries(
        result, "c03", weights=WEIGHTS, labour_intensity=LABOUR, labour_supply=0.0
    ).set_index("industry")
    assert low.loc["18", "labour_fit"] == pytest.approx(0.0)
    assert low.loc["26", "labour_fit"] == pytest.approx(1.0)
    with pytest.raises(ScoreInputError, match="labour supply"):
        score_industries(result, "c03", weights=WEIGHTS, labour_intensity=LABOUR, labour_supply=2)
    with pytest.raises(ScoreInputError, match="not in the data"):
        score_industries(result, "nowhere", weights=WEIGHTS, labour_intensity=LABOUR)
