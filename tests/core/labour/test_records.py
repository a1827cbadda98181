"""Quarterly employment records: hard errors, previous-quarter flags, the impact figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microparks.core.labour.records import (
    QuarterFigures,
    check_quarter,
    direct_jobs,
    flag_changes,
    previous_quarter,
    wage_income_cny,
)


def q(quarter: int, headcount: int, wage: str, *, local: int = 0, poor: int = 0, year: int = 2026
      ) -> QuarterFigures:  # fmt: skip
    return QuarterFigures(year, quarter, headcount, local, poor, Decimal(wage))


def fields(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.field for p in problems]


def test_previous_quarter_wraps_to_q4_of_the_year_before() -> None:
    assert previous_quarter(2026, 1) == (2025, 4)
    assert previous_quarter(2026, 4) == (2026, 3)
    with pytest.raises(ValueError, match="quarter 5"):
        previous_quarter(2026, 5)


def test_a_sound_quarter_has_no_errors() -> None:
    assert check_quarter(q(1, 100, "4000", local=80, poor=10)) == []
    assert check_quarter(q(1, 0, "0")) == []  # no staff, no wage: allowed


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        (q(1, 10, "4000", local=11), ["local"]),
        (q(1, 10, "4000", poor=11), ["poverty_alleviated"]),
        (q(1, 10, "0"), ["wage_cny"]),
        (q(1, 10, "-1"), ["wage_cny"]),
        (q(1, 10, "NaN"), ["wage_cny"]),
        (q(1, 10, "1000001"), ["wage_cny"]),
        (q(1, 100_001, "4000"), ["headcount"]),
        (q(5, 10, "4000"), ["quarter"]),
        (q(1, 10, "4000", local=12, poor=13), ["local", "poverty_alleviated"]),
    ],
)
def test_hard_errors_name_the_field(figures: QuarterFigures, expected: list[str]) -> None:
    assert fields(check_quarter(figures)) == expected


def test_no_previous_quarter_no_flags() -> None:
    assert flag_changes(q(1, 100, "4000"), None) == []


def test_moves_within_the_thresholds_are_not_flagged() -> None:
    # 100 → 130 is +30 % (not more than 30 %); 4000 → 5000 is +25 % (not more than 25 %)
    assert flag_changes(q(2, 130, "5000"), q(1, 100, "4000")) == []
    assert flag_changes(q(2, 70, "3000"), q(1, 100, "4000")) == []


def test_headcount_beyond_30_percent_is_flagged() -> None:
    flags = flag_changes(q(2, 131, "4000"), q(1, 100, "4000"))
    assert fields(flags) == ["headcount"]
    assert flags[0].message == (
        "Headcount 131 against 100 in the previous quarter (+31%, more than ±30%)."
    )
    assert fields(flag_changes(q(2, 69, "4000"), q(1, 100, "4000"))) == ["headcount"]


def test_wage_beyond_25_percent_is_flagged() -> None:
    flags = flag_changes(q(2, 100, "2999"), q(1, 100, "4000"))
    assert fields(flags) == ["wage_cny"]
    assert flags[0].message == (
        "Average wage 2,999 CNY against 4,000 CNY in the previous quarter (-25%, more than ±25%)."
    )
    both = flag_changes(q(2, 200, "6000"), q(1, 100, "4000"))
    assert fields(both) == ["headcount", "wage_cny"]


def test_headcount_from_zero_is_flagged() -> None:
    assert fields(flag_changes(q(2, 5, "3000"), q(1, 0, "0"))) == ["headcount"]
    assert flag_changes(q(2, 0, "0"), q(1, 0, "0")) == []


def test_direct_jobs_are_the_latest_quarters_headcount() -> None:
    assert direct_jobs([q(3, 120, "4000"), q(1, 100, "4000"), q(2, 90, "4000")]) == 120
    assert direct_jobs([]) == 0


def test_wage_income_is_headcount_times_wage_times_three_summed() -> None:
    # 100 × 4000 × 3 = 1,200,000; 120 × 4200.50 × 3 = 1,512,180
    assert wage_income_cny([q(1, 100, "4000"), q(2, 120, "4200.50")]) == Decimal("2712180.00")
    assert wage_income_cny([]) == 0
