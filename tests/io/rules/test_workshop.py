"""Workshop policy documents: the shipped sample parses; a bad one is refused naming the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microparks.io.rules import DocumentError, load_yaml, read_document, shipped_document
from microparks.io.rules.workshop import parse_workshop
from tests.io.rules.helpers import problem_texts

MINIMAL = """
minimum_wage_cny: 1800
criteria: {workers: 10}
subsidy:
  tiers: [{from_worker: 1, per_worker_cny: 2000}]
"""


def refused(text: str) -> list[str]:
    with pytest.raises(DocumentError) as err:
        parse_workshop(load_yaml(text))
    return problem_texts(err.value)


def test_a_minimal_policy_takes_the_defaults() -> None:
    policy = parse_workshop(load_yaml(MINIMAL))
    assert policy.min_workers == 10
    assert policy.min_poverty_workers == 0
    assert policy.min_poverty_share is None
    assert policy.months_employed == 6
    assert policy.cap_cny is None
    assert policy.award_cny == 0
    assert policy.tiers[0].per_worker_cny == Decimal(2000)


def test_the_sample_is_a_workshop_document_and_no_other_kind() -> None:
    text = shipped_document("workshop", "sample").text()
    assert "样例" in text  # says it is a sample
    assert read_document("workshop", text).value.min_poverty_share == Decimal("0.2")  # 20 %
    with pytest.raises(DocumentError) as err:
        read_document("matching", text)
    assert problem_texts(err.value) == [
        "(document): the document is of kind workshop, not matching"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("minimum_wage_cny: 1800", "minimum_wage_cny: 0",
         "minimum_wage_cny: must be greater than 0, got 0"),
        ("{workers: 10}", "{workers: 10, poverty_share_pct: 120}",
         "criteria.poverty_share_pct: must be at most 100, got 120"),
        ("{workers: 10}", "{workers: 10, poverty_rule: any}",
         "criteria.poverty_rule: 'any' is not one of: both, either"),
        ("{workers: 10}", "{workers: 10, staff: 3}",
         "criteria: unknown keys staff (known: months_operating,"),
        ("{workers: 10}", "{workers: 10.5}",
         "criteria.workers: expected a whole number of at least 0, got 10.5"),
        ("subsidy:", "counting: {months_employed: 13}\nsubsidy:",
         "counting.months_employed: must be at most 12, got 13"),
        ("from_worker: 1", "from_worker: 2",
         "subsidy.tiers[0].from_worker: the first tier must start at worker 1"),
        ("2000}]", "2000}, {from_worker: 1, per_worker_cny: 100}]",
         "subsidy.tiers: each tier must start at a later worker than the one before"),
        ("per_worker_cny: 2000", "per_worker_cny: -5",
         "subsidy.tiers[0].per_worker_cny: must be at least 0, got -5"),
        ("subsidy:", "subsidy:\n  tier_mode: all",
         "subsidy.tier_mode: 'all' is not one of: marginal, whole"),
        ("subsidy:", "subsidy:\n  cap_per_year_cny: 3万",
         "subsidy.cap_per_year_cny: expected a number, got '3万'"),
    ],
)  # fmt: skip
def test_a_bad_policy_is_refused_naming_the_field(old: str, new: str, message: str) -> None:
    assert old in MINIMAL
    problems = refused(MINIMAL.replace(old, new, 1))
    assert any(p.startswith(message) for p in problems), problems


def test_missing_parts_are_all_listed() -> None:
    assert refused("version: '1'") == [
        "minimum_wage_cny: missing",
        "criteria: missing",
        "subsidy: missing",
    ]
