"""The labour dashboard's pure figures: quarters, groups, shares, wages against rural income."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microparks.core.labour.dashboard import (
    ParkQuarter,
    jobs_by_group,
    last_quarters,
    quarter_of_month,
    quarter_totals,
    ratio,
    shed_at,
    wage_comparison,
)


def row(park: int, year: int, quarter: int, headcount: int, wage: int = 4000, *, local: int = 0,
        poor: int = 0) -> ParkQuarter:  # fmt: skip
    return ParkQuarter(park, year, quarter, headcount, local, poor, Decimal(headcount * wage))


def test_last_quarters_are_consecutive_across_a_year_and_keep_gaps() -> None:
    assert last_quarters([(2024, 3), (2025, 2)], 8) == [(2024, 3), (2024, 4), (2025, 1), (2025, 2)]
    assert last_quarters([(2023, 1), (2025, 4)], 3) == [(2025, 2), (2025, 3), (2025, 4)]
    assert last_quarters([], 8) == []
    assert last_quarters([(2025, 1)], 0) == []


def test_quarter_of_month_refuses_a_thirteenth_month() -> None:
    assert quarter_of_month(6) == 2
    with pytest.raises(ValueError, match="13"):
        quarter_of_month(13)


def test_jobs_by_group_sums_parks_of_a_township_and_fills_empty_quarters_with_zero() -> None:
    quarters = [(2025, 1), (2025, 2)]
    rows = [row(1, 2025, 1, 100), row(2, 2025, 1, 50), row(2, 2025, 2, 60), row(3, 2025, 2, 7)]
    rows.append(row(9, 2025, 2, 1000))  # a park outside the map: left out
    rows.append(row(1, 2024, 4, 1000))  # a quarter not shown: left out
    by_township = jobs_by_group(rows, {1: "东", 2: "东", 3: "西", 4: "南"}, quarters)
    assert by_township == {"东": [150, 60], "西": [0, 7], "南": [0, 0]}
    assert list(by_township) == ["东", "西", "南"]


def test_quarter_totals_give_shares_and_the_hires_of_events() -> None:
    rows = [row(1, 2025, 1, 80, local=60, poor=10), row(2, 2025, 1, 20, local=15, poor=5)]
    first, empty = quarter_totals(rows, [(2025, 1), (2025, 2)], {(2025, 1): 12, (2024, 1): 3})
    assert (first.headcount, first.local, first.poverty_alleviated) == (100, 75, 15)
    assert (first.local_share, first.poverty_share) == (Decimal("0.750"), Decimal("0.150"))
    assert first.hires_from_events == 12
    assert (empty.headcount, empty.local_share, empty.hires_from_events) == (0, None, 0)


def test_the_park_wage_is_weighted_by_headcount_and_compared_per_year() -> None:
    # 90 workers at 3,000 and 10 at 8,000 a month: 3,500 on average, not 5,500
    rows = [row(1, 2025, 4, 90, 3000), row(1, 2025, 4, 10, 8000), row(1, 2025, 3, 500, 9000)]
    (park,) = wage_comparison(rows, (2025, 4), 14_000)
    assert (park.park, park.headcount) == (1, 100)
    assert park.wage_cny_month == Decimal("3500.00")
    assert park.wage_cny_year == Decimal("42000.00")
    assert park.ratio == Decimal("3.00")  # 42,000 a year against 14,000 a year


def test_no_ratio_without_the_county_income_or_without_workers() -> None:
    (park,) = wage_comparison([row(1, 2025, 4, 10)], (2025, 4), None)
    assert (park.wage_cny_month, park.ratio) == (Decimal("4000.00"), None)
    (empty,) = wage_comparison([row(2, 2025, 4, 0, 0)], (2025, 4), 14_000)
    assert (empty.wage_cny_month, empty.wage_cny_year, empty.ratio) == (None, None, None)
    assert wage_comparison([row(1, 2025, 4, 10)], (2025, 1), 14_000) == []


def test_ratio_rounds_half_up() -> None:
    assert ratio(1, 8, 2) == Decimal("0.13")
    assert ratio(0, 5) == Decimal("0.000")


def test_shed_at_reads_the_minutes_it_has() -> None:
    assert shed_at([15.0, 30.0], [10.5, 20.4], [15, 30, 45]) == [11, 20, None]
    assert shed_at([], [], [15]) == [None]
