"""Park rubric and star documents: the shipped ones parse; a bad one is refused naming the field."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from microparks.io.rules import DocumentError, load_yaml, read_document, shipped_document
from microparks.io.rules.parkeval import parse_park_rubric, parse_park_stars
from tests.io.rules.helpers import problem_texts

RUBRIC = """
basic_conditions:
  - {key: firms, label: 企业不少于 10 家, measure: firms, min: 10}
  - {key: body, label: 有运营管理机构}
concentration: {threshold_pct: 50, step_pct: 10, step_points: 10}
cultivation:
  label: 企业培育
  items: [{key: above_size, label: 规上企业, points: 1}]
service:
  label: 服务能力
  items: [{key: station, label: 服务站, max: 5}]
safety:
  label: 安全生产
  items: [{key: incident, label: 事故, points: -2}]
  direct_d: [{key: major_accident, label: 重大事故}]
benefit:
  bands: [{from: 1.5, points: 2}, {from: 2, points: 4}]
"""

STARS = """
levels:
  - {stars: 1, level: county, min_score: 30}
  - {stars: 2, level: city, grades: [A, B], minimums: {firms: 20}}
"""


def refused(parse: Callable[[Any], object], text: str) -> list[str]:
    with pytest.raises(DocumentError) as err:
        parse(load_yaml(text))
    return problem_texts(err.value)


def test_a_minimal_rubric_takes_the_defaults() -> None:
    rubric = parse_park_rubric(load_yaml(RUBRIC))
    assert rubric.concentration.threshold == Decimal("0.5")
    assert rubric.concentration.base_points == 0
    assert [s.key for s in rubric.sections] == ["cultivation", "service", "safety"]
    assert rubric.sections[1].scored
    assert not rubric.sections[0].scored
    assert rubric.sections[2].items[0].points == -2
    assert rubric.grading.a_max == Decimal("0.2")
    assert rubric.grading.not_evaluated_years == 3
    assert rubric.conditions[1].measure is None  # confirmed by a reviewer


def test_the_shipped_documents_parse_and_say_what_they_are() -> None:
    hangzhou = shipped_document("park_rubric", "hangzhou").text()
    assert "浙中小企业办〔2018〕18号" in hangzhou  # cites its source
    rubric = read_document("park_rubric", hangzhou).value
    assert [b.points for b in rubric.bands] == [2, 4, 6, 8, 10]
    assert {f.key for f in rubric.flags} == {"major_accident", "falsified_data"}
    sample = shipped_document("park_stars", "sample").text()
    assert "样例" in sample  # says it is a sample
    levels = read_document("park_stars", sample).value.levels
    assert [(lv.stars, lv.level) for lv in levels] == [
        (1, "county"), (2, "county"), (3, "city"), (4, "province"), (5, "province"),
    ]  # fmt: skip
    with pytest.raises(DocumentError) as err:
        read_document("park_stars", hangzhou)
    assert problem_texts(err.value) == [
        "(document): the document is of kind park_rubric, not park_stars"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("measure: firms", "measure: tenants",
         "basic_conditions[0].measure: 'tenants' is not one of: land_mu,"),
        ("measure: firms, min: 10", "measure: firms",
         "basic_conditions[0].min: a condition on a figure needs min"),
        ("step_pct: 10", "step_pct: 0", "concentration.step_pct: must be greater than 0"),
        ("threshold_pct: 50", "threshold_pct: 150", "concentration.threshold_pct: must be at most"),
        ("label: 服务站, max: 5", "label: 服务站, points: 5",
         "service.items[0]: unknown keys points (known: key, label, max)"),
        ("label: 服务站, max: 5", "label: 服务站, max: -1",
         "service.items[0].max: must be at least 0, got -1"),
        ("key: station", "key: above_size", "service.items[0].key: above_size appears more"),
        ("key: major_accident", "key: incident",
         "safety.direct_d[0].key: incident appears more than once"),
        ("{from: 2, points: 4}", "{from: 1.5, points: 4}",
         "benefit.bands: each band must start at a higher ratio than the one before"),
        ("bands: [", "multi_storey_points: 五\n  bands: [",
         "benefit.multi_storey_points: expected a number, got '五'"),
        ("label: 企业培育\n", "", "cultivation.label: missing"),
        ("benefit:", "grading: {a_max_pct: 60, b_max_pct: 40}\nbenefit:",
         "grading: the quotas of A, B and D add up to more than 100 %"),
        ("benefit:", "grading: {not_evaluated_years: -1}\nbenefit:",
         "grading.not_evaluated_years: expected a whole number of at least 0, got -1"),
        ("benefit:", "honours: {}\nbenefit:", "(document): unknown keys honours"),
    ],
)  # fmt: skip
def test_a_bad_rubric_is_refused_naming_the_field(old: str, new: str, message: str) -> None:
    assert old in RUBRIC
    problems = refused(parse_park_rubric, RUBRIC.replace(old, new, 1))
    assert any(p.startswith(message) for p in problems), problems


def test_a_rubric_missing_its_parts_lists_them_all() -> None:
    assert refused(parse_park_rubric, "version: '1'") == [
        "concentration: missing",
        "benefit: missing",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("level: city", "level: town", "levels[1].level: 'town' is not one of: county, city,"),
        ("[A, B]", "[A, E]", "levels[1].grades[1]: 'E' is not one of: A, B, C, D"),
        ("{firms: 20}", "{tenants: 20}", "levels[1].minimums: unknown keys tenants"),
        ("{firms: 20}", "{firms: many}", "levels[1].minimums.firms: expected a number"),
        ("stars: 2", "stars: 3",
         "levels: list the levels from 1 star up, one for each number of stars"),
        ("stars: 1,", "stars: 0,", "levels[0].stars: expected a whole number of at least 1"),
    ],
)  # fmt: skip
def test_bad_star_criteria_are_refused_naming_the_field(old: str, new: str, message: str) -> None:
    assert old in STARS
    problems = refused(parse_park_stars, STARS.replace(old, new, 1))
    assert any(p.startswith(message) for p in problems), problems


def test_star_criteria_parse() -> None:
    rules = parse_park_stars(load_yaml(STARS))
    assert rules.levels[0].grades == frozenset("ABCD")  # no grade asked
    assert rules.levels[1].minimums == (("firms", Decimal(20)),)
    assert refused(parse_park_stars, "version: '1'") == ["levels: missing"]
