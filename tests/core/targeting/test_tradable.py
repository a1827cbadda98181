"""Non-tradable industries off the target list; sections-only data recognised."""

from __future__ import annotations

import numpy as np
import pandas as pd

from microparks.core.targeting.panel import calc_complexity_panel
from microparks.core.targeting.pipeline import (
    EmploymentTable,
    InputSource,
    TargetingProblem,
    TargetingResult,
    calc_panel_complexity,
    run_targeting,
)
from microparks.core.targeting.rank import Classification
from microparks.core.targeting.score import ScoreWeights, score_industries
from microparks.core.targeting.tradable import (
    is_sections_only,
    non_tradable_exclusion,
    non_tradable_flags,
)
from microparks.io.admission import read_rule_set

PARENTS: dict[str, str | None] = {"C": None, "F": None, "K": None, "13": "C", "51": "F", "52": "F"}
CLASSIFICATION = Classification(parents=PARENTS, names={"K": "房地产业"}, labour_intensity={})
INDUSTRIES = ("C", "F", "K")


def employment(industries: tuple[str, ...] = INDUSTRIES, seed: int = 4) -> EmploymentTable:
    rng = np.random.default_rng(seed)
    rows = [
        {"region": f"R{r:02d}", "industry": i, "value": float(rng.gamma(1.0) * 100)}
        for r in range(15)
        for i in industries
    ]
    return EmploymentTable(pd.DataFrame(rows), InputSource("employment", "emp.csv"))


def weights(non_tradable: tuple[str, ...]) -> ScoreWeights:
    return ScoreWeights({"density": 1.0}, version="v9", non_tradable=non_tradable)


def run(
    non_tradable: tuple[str, ...], include: bool = False, table: EmploymentTable | None = None
) -> TargetingResult:
    panel = calc_panel_complexity(table or employment())
    problem = TargetingProblem(
        region="R01",
        weights=weights(non_tradable),
        rules=read_rule_set(),
        classification=CLASSIFICATION,
        include_non_tradable=include,
    )
    return run_targeting(panel, problem)


def test_listed_industries_are_excluded_last_with_the_reason_and_a_division_partly() -> None:
    result = run(("K", "52"))
    table = result.table.set_index("industry")
    assert table.loc["K", "excluded"]
    assert table.loc["K", "non_tradable"]
    assert pd.isna(table.loc["K", "rank"])
    assert pd.isna(table.loc["K", "score"])
    assert result.table["industry"].iloc[-1] == "K"
    assert table.loc["K", "reason_zh"].startswith("非贸易（本地服务）行业")
    assert "[targeting v9, non_tradable]" in table.loc["K", "reason_en"]
    # Retail (52) is only part of F: F keeps its score and says which part is no target.
    assert not table.loc["F", "excluded"]
    assert not table.loc["F", "non_tradable"]
    assert "part of it is excluded from the target list" in table.loc["F", "reason_en"]
    assert "其中部分行业不列入招商目标" in table.loc["F", "reason_zh"]
    assert result.non_tradable == ("K", "52")
    assert not result.non_tradable_included


def test_included_on_request_they_are_ranked_and_still_marked() -> None:
    excluded = run(("K",)).table.set_index("industry")
    included = run(("K",), include=True).table.set_index("industry")
    assert not included.loc["K", "excluded"]
    assert included.loc["K", "non_tradable"]
    assert included.loc["K", "rank"] >= 1
    assert included.loc["K", "reason_en"].startswith("non-tradable (local) industry, ranked")
    # The others' scores do not depend on whether K is excluded.
    for code in ("C", "F"):
        assert included.loc[code, "score"] == excluded.loc[code, "score"]


def test_an_empty_list_excludes_nothing() -> None:
    result = run(())
    assert not result.table["excluded"].any()
    assert not result.table["non_tradable"].any()


def test_a_division_under_a_listed_section_is_non_tradable() -> None:
    assert non_tradable_flags(["70", "7010", "13", "K"], ["K"], {"70": "K"}) == [
        True,
        True,
        False,
        True,
    ]
    exclusion = non_tradable_exclusion(["K"])
    comp = calc_complexity_panel(employment().data).years[0]
    scored = score_industries(
        comp,
        "R01",
        weights=weights(()),
        labour_intensity={},
        exclusions=(exclusion,),
        parents=PARENTS,
    )
    assert scored.set_index("industry").loc["K", "excluded"]


def test_sections_only_is_told_apart_from_finer_data() -> None:
    assert run(()).sections_only
    divisions = employment(industries=("13", "51", "K"))
    assert not run((), table=divisions).sections_only
    assert is_sections_only(["A", "T"])
    assert not is_sections_only([])
    assert not is_sections_only(["13"])
