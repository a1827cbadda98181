"""Grading by quota: the quotas hold for any scores, ties share a grade, rank order is kept."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.parkeval import (
    CATEGORIES,
    DIRECT_D,
    QUOTA,
    Concentration,
    Grading,
    ParkScore,
    Rubric,
    grade_parks,
    quotas,
)

RUBRIC = Rubric((), Concentration(Decimal("0.5"), Decimal("0.1"), Decimal(10)), (), ())
ORDER = {"A": 0, "B": 1, "C": 2, "D": 3}


def scored(totals: list[int], category: str = "manufacturing") -> list[ParkScore]:
    return [ParkScore(f"P{i}", category, 0, True, False, Decimal(t)) for i, t in enumerate(totals)]


def grades(totals: list[int]) -> str:
    return "".join(g.grade or "-" for g in grade_parks(scored(totals), RUBRIC))


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ([50], "D"),  # N = 1: A ≤ 0, B ≤ 0, D ≥ 1
        ([50, 40], "CD"),
        ([50, 50, 50], "DDD"),  # one tie group: A and B cannot hold it, the D floor takes all
        ([100, 90, 80, 70, 60, 50, 40, 30, 20, 10], "AABBBCCCCD"),
        ([100, 90, 90, 70, 60, 50, 40, 30, 20, 10], "ABBBCCCCCD"),  # tie over the A ceiling
        ([100, 90, 80, 70, 70, 70, 40, 30, 20, 10], "AABCCCCCCD"),  # tie over the B ceiling
        ([100, 90, 80, 70, 60, 50, 40, 30, 10, 10], "AABBBCCCDD"),  # tie at the D floor
    ],
)
def test_worked_tables(totals: list[int], expected: str) -> None:
    assert grades(totals) == expected


def test_quotas_round_the_ceilings_down_and_the_floor_up() -> None:
    assert quotas(10, Grading()) == (2, 3, 1)
    assert quotas(19, Grading()) == (3, 5, 1)  # 3.8, 5.7, 0.95
    assert quotas(21, Grading()) == (4, 6, 2)  # 4.2, 6.3, 1.05


park = st.tuples(
    st.integers(-5, 12),  # few distinct totals: many ties
    st.integers(0, 5),  # stars
    st.booleans(),  # direct D
    st.booleans(),  # evaluated
    st.sampled_from(CATEGORIES),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(park, max_size=40))
def test_grades_respect_the_quotas_for_any_scores(
    parks: list[tuple[int, int, bool, bool, str]],
) -> None:
    scores = [
        ParkScore(f"P{i}", cat, stars, evaluated, direct and evaluated, Decimal(total))
        for i, (total, stars, direct, evaluated, cat) in enumerate(parks)
    ]
    graded = grade_parks(scores, RUBRIC)
    assert [g.park for g in graded] == [s.park for s in scores]
    for category in CATEGORIES:
        table = [g for g in graded if g.category == category]
        ranked = [g for g in table if g.basis in (QUOTA, DIRECT_D)]
        n = len(ranked)
        most_a, most_b, least_d = quotas(n, RUBRIC.grading)
        count = Counter(g.grade for g in ranked)
        assert count["A"] <= most_a
        assert count["B"] <= most_b
        assert count["D"] >= least_d
        assert all(g.ranked == n for g in ranked)
        by_quota = [g for g in ranked if g.basis == QUOTA]
        for g in by_quota:
            for h in by_quota:
                if g.total == h.total:
                    assert g.grade == h.grade  # ties share a grade
                elif g.total > h.total:
                    assert ORDER[g.grade or "D"] <= ORDER[h.grade or "D"]  # order kept
    for s, g in zip(scores, graded, strict=True):
        if not s.evaluated:
            assert g.grade is None
        elif s.direct_d:
            assert g.grade == "D"
        elif s.stars >= 4:
            assert g.grade == "A"
