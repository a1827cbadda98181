"""The targeting pipeline that the CLI and the web page share: steps, errors and provenance."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microparks.core.targeting.components import Component
from microparks.core.targeting.panel import calc_complexity_panel
from microparks.core.targeting.pipeline import (
    EmploymentTable,
    InputSource,
    RegionNotInPanelError,
    TargetingProblem,
    calc_growth_between,
    calc_panel_complexity,
    complexity_columns,
    run_targeting,
)
from microparks.core.targeting.rank import Classification, CountyInputs, rank_county
from microparks.core.targeting.score import ScoreInputError, ScoreWeights
from microparks.io.admission import read_rule_set

WEIGHTS = ScoreWeights(
    weights={"density": 1, "cog": 1, "labour_fit": 1, "endowment_fit": 1, "chain_fit": 1,
             "national_growth": 1},
    version="t1",
)  # fmt: skip
RULES = read_rule_set()
CLASSIFICATION = Classification(parents={}, names={"A1": "阿"}, labour_intensity={"A1": "high"})


def table(year: int | None = 2020, seed: int = 1) -> EmploymentTable:
    rng = np.random.default_rng(seed)
    rows = [
        {"region": f"R{r:02d}", "industry": f"A{i}", "value": float(rng.gamma(0.8) * 100)}
        for r in range(20)
        for i in range(6)
    ]
    data = pd.DataFrame(rows)
    if year is not None:
        old = data.assign(value=data["value"] * 2, year=str(year - 1))
        data = pd.concat([old, data.assign(year=str(year))], ignore_index=True)
    return EmploymentTable(data=data, source=InputSource("employment", "emp.csv", "ab" * 32))


def problem(**kw: object) -> TargetingProblem:
    base: dict[str, object] = {
        "region": "R03",
        "weights": WEIGHTS,
        "rules": RULES,
        "classification": CLASSIFICATION,
    }
    return TargetingProblem(**(base | kw))  # type: ignore[arg-type]


def test_latest_year_and_provenance() -> None:
    emp = table()
    assert emp.year == 2020
    assert len(emp.latest()) == 120
    assert table(year=None).year is None
    panel = calc_panel_complexity(emp)
    assert panel.year == 2020
    assert panel.source.label == "emp.csv (sha256 abababababab)"
    sources = (InputSource("growth_start", "s.csv", "cd" * 32),)
    result = run_targeting(panel, problem(sources=sources, labour_supply=0.5))
    assert result.region == "R03"
    assert result.year == 2020
    assert result.weights_version == "t1"
    assert result.rules_version == f"{RULES.name} {RULES.version}"
    assert [s.name for s in result.sources] == ["emp.csv", "s.csv"]
    assert result.left_out == ("endowment_fit", "chain_fit", "national_growth")


def test_run_targeting_is_rank_county_on_the_latest_year() -> None:
    emp = table()
    panel = calc_panel_complexity(emp)
    growth = Component(
        "national_growth",
        ("A0", "A1"),
        np.array([0.2, 0.9]),
        ("slow", "fast"),
        ("慢", "快"),
    )
    result = run_targeting(panel, problem(growth=growth, labour_supply=0.5))
    assert "national_growth" not in result.left_out
    direct = rank_county(
        calc_complexity_panel(emp.latest()).years[0],
        "R03",
        weights=WEIGHTS,
        classification=CLASSIFICATION,
        inputs=CountyInputs(growth=growth, labour_supply=0.5),
    )
    pd.testing.assert_frame_equal(result.table, direct)
    extra = complexity_columns(panel, "R03")
    assert list(extra.columns) == ["industry", "pci", "employment"]
    own = emp.latest().query("region == 'R03'")["value"].sum()
    assert extra["employment"].sum() == pytest.approx(own)


def test_a_county_missing_from_the_table_is_named() -> None:
    panel = calc_panel_complexity(table())
    with pytest.raises(RegionNotInPanelError, match=r"emp\.csv: region R99 is not in") as info:
        run_targeting(panel, problem(region="R99"))
    assert isinstance(info.value, ScoreInputError)
    assert (info.value.region, info.value.source) == ("R99", "emp.csv")


def test_growth_between_two_tables_is_labelled_by_their_years() -> None:
    start, end = table(year=2010, seed=2), table(year=2020, seed=3)
    growth = calc_growth_between(start, end)
    assert growth.name == "national_growth"
    assert any("2010–2020" in r for r in growth.reasons_en)
