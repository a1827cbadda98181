"""Employment-assistance workshops: designation and subsidy, worked by hand under the sample.

The sample county policy (``io/rules/shipped/workshop/sample.yaml``): minimum wage 1,810 CNY;
operating ≥ 6 months; stable headcount ≥ 20; stable poverty-alleviated workers ≥ 5 *or* ≥ 20 %
of the stable headcount; every staffed quarter's average wage ≥ 1,810; workers count when
employed ≥ 6 months (2 consecutive quarters: max over runs of the min within a run); 1,000 CNY
each for workers 1–10 and 1,500 CNY from the 11th (marginal); cap 30,000 CNY a year on the
per-worker part; a one-off award of 50,000 CNY in the first year designated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from microparks.core.labour.records import QuarterFigures
from microparks.core.labour.workshop import (
    BOTH,
    WHOLE,
    Tier,
    WorkshopFacts,
    WorkshopPolicy,
    WorkshopResult,
    calc_months_operating,
    calc_stable_count,
    calc_subsidy,
    evaluate_workshop,
)
from microparks.io.rules import load_shipped

YEAR = 2025
SAMPLE: WorkshopPolicy = load_shipped("workshop", "sample")


def year_of(*quarters: tuple[int, int, int, str], first: int = 1) -> tuple[QuarterFigures, ...]:
    """Quarters ``first``, ``first + 1`` … as (headcount, local, poverty-alleviated, wage)."""
    return tuple(
        QuarterFigures(YEAR, first + i, h, loc, p, Decimal(w))
        for i, (h, loc, p, w) in enumerate(quarters)
    )


def flat(head: int, poor: int, wage: str = "2500", local: int | None = None):  # type: ignore[no-untyped-def]
    """The same figures in all four quarters."""
    return year_of(*[(head, head if local is None else local, poor, wage)] * 4)


def run(
    quarters: tuple[QuarterFigures, ...],
    months: int = 12,
    before: bool = False,
    policy: WorkshopPolicy = SAMPLE,
) -> WorkshopResult:
    return evaluate_workshop(policy, WorkshopFacts(YEAR, quarters, months, before))


def unmet(result: WorkshopResult) -> list[str]:
    return [c.key for c in result.unmet]


def test_the_sample_policy_is_what_the_tests_assume() -> None:
    assert SAMPLE.minimum_wage_cny == Decimal(1810)
    assert (SAMPLE.min_workers, SAMPLE.min_poverty_workers, SAMPLE.min_months_operating) == (
        20,
        5,
        6,
    )
    assert SAMPLE.min_poverty_share == Decimal("0.2")
    assert SAMPLE.tiers == (Tier(1, Decimal(1000)), Tier(11, Decimal(1500)))
    assert (SAMPLE.cap_cny, SAMPLE.award_cny, SAMPLE.months_employed) == (
        Decimal(30000),
        Decimal(50000),
        6,
    )


# --- ten firms and more, by hand --------------------------------------------------------------


@pytest.mark.parametrize(
    ("firm", "quarters", "months", "before", "eligible", "total"),
    [
        # 1. 30 workers, 8 poverty-alleviated all year, first designation:
        #    8 × 1,000 = 8,000 (below the 30,000 cap) + award 50,000 = 58,000
        ("first-year", flat(30, 8), 12, False, 8, "58000"),
        # 2. the same firm designated the year before: no award → 8,000
        ("second-year", flat(30, 8), 12, True, 8, "8000"),
        # 3. 40 workers, 14 poverty-alleviated: 10 × 1,000 + 4 × 1,500 = 16,000
        ("second-tier", flat(40, 14), 12, True, 14, "16000"),
        # 4. 60 workers, 25 poverty-alleviated: 10 × 1,000 + 15 × 1,500 = 32,500 → cap 30,000
        ("capped", flat(60, 25), 12, True, 25, "30000"),
        # 5. 60 workers, 25 poverty-alleviated, first year: cap 30,000 + award 50,000 = 80,000
        ("capped-first", flat(60, 25), 12, False, 25, "80000"),
        # 6. poverty-alleviated 8, 10, 12, 9 in Q1–Q4: runs min(8,10)=8, min(10,12)=10,
        #    min(12,9)=9 → 10 stable; 10 × 1,000 = 10,000
        (
            "varying",
            year_of(
                (30, 30, 8, "2400"), (30, 30, 10, "2400"), (30, 30, 12, "2400"), (30, 30, 9, "2400")
            ),
            12,
            True,
            10,
            "10000",
        ),
        # 7. exactly 20 workers with 4 poverty-alleviated: count 4 < 5 but 4/20 = 20 % ≥ 20 %
        #    (either) → designated; 4 × 1,000 = 4,000 + award 50,000 = 54,000
        ("share-at-threshold", flat(20, 4), 12, False, 4, "54000"),
        # 8. started in Q3: only Q3, Q4 filed (25 workers, 6 poverty-alleviated), 6 months
        #    operating: run (Q3, Q4) → 25 and 6; 6 × 1,000 = 6,000 + 50,000 = 56,000
        (
            "half-year",
            year_of((25, 20, 6, "2000"), (25, 20, 6, "2000"), first=3),
            6,
            False,
            6,
            "56000",
        ),
        # 9. 11 poverty-alleviated, the first worker of the second tier:
        #    10 × 1,000 + 1 × 1,500 = 11,500
        ("eleventh", flat(40, 11), 12, True, 11, "11500"),
        # 10. 23 poverty-alleviated: 10 × 1,000 + 13 × 1,500 = 29,500, just below the cap
        ("below-cap", flat(50, 23), 12, True, 23, "29500"),
        # 11. 24 poverty-alleviated: 10 × 1,000 + 14 × 1,500 = 31,000 → cap 30,000
        ("above-cap", flat(50, 24), 12, True, 24, "30000"),
        # 12. 5 poverty-alleviated among 30 (16.7 %): the count 5 ≥ 5 suffices (either);
        #     5 × 1,000 = 5,000
        ("count-at-threshold", flat(30, 5), 12, True, 5, "5000"),
        # 13. wage exactly the minimum 1,810 in every quarter: met; 10 × 1,000 = 10,000
        ("minimum-wage", flat(30, 10, wage="1810"), 12, True, 10, "10000"),
        # 14. 6 months operating exactly (threshold): met; 7 × 1,000 = 7,000
        ("six-months", flat(30, 7), 6, True, 7, "7000"),
    ],
)
def test_designated_firms_are_paid_as_computed_by_hand(
    firm: str,
    quarters: tuple[QuarterFigures, ...],
    months: int,
    before: bool,
    eligible: int,
    total: str,
) -> None:
    result = run(quarters, months, before)
    assert result.designated, (firm, [str(c.reason) for c in result.unmet])
    assert result.eligible_workers == eligible
    assert result.total_cny == Decimal(total)


@pytest.mark.parametrize(
    ("firm", "quarters", "months", "failing"),
    [
        # 15. 20 workers, 3 poverty-alleviated: 3 < 5 and 3/20 = 15 % < 20 % → neither
        ("too-few-poor", flat(20, 3), 12, ["poverty"]),
        # 16. 19 workers (one below 20), 10 poverty-alleviated → headcount fails
        ("nineteen", flat(19, 10), 12, ["workers"]),
        # 17. 5 months operating (one below 6)
        ("five-months", flat(30, 8), 5, ["months_operating"]),
        # 18. one quarter paid 1,809.99 on average (a fen below the minimum wage)
        (
            "wage-below",
            year_of(
                (30, 30, 8, "2000"),
                (30, 30, 8, "1809.99"),
                (30, 30, 8, "2000"),
                (30, 30, 8, "2000"),
            ),
            12,
            ["wage"],
        ),
        # 19. Q1 and Q4 filed only: no two consecutive quarters → stable counts 0
        ("gap", tuple(q for q in flat(30, 8) if q.quarter in (1, 4)), 12, ["workers", "poverty"]),
    ],
)
def test_firms_not_designated_say_which_criterion_failed(
    firm: str, quarters: tuple[QuarterFigures, ...], months: int, failing: list[str]
) -> None:
    result = run(quarters, months)
    assert not result.designated, firm
    assert unmet(result) == failing
    assert result.total_cny == 0
    assert result.lines == ()


def test_each_criterion_has_its_value_and_threshold_in_the_reason() -> None:
    result = run(flat(19, 3, wage="1700"), 5)
    reasons = {c.key: str(c.reason) for c in result.criteria}
    assert reasons["workers"] == "Workers employed (stable count): 19, needs at least 20"
    assert reasons["months_operating"] == "Months operating: 5, needs at least 6"
    assert reasons["poverty_share"] == (
        "Share of poverty-alleviated workers: 15.8%, needs at least 20%"
    )
    assert reasons["wage"] == (
        "Lowest average monthly wage of a quarter (CNY): 1,700, needs at least 1,810"
    )
    assert (
        reasons["poverty"]
        == "Poverty-alleviated workers: the count or the share: neither is reached"
    )
    met = run(flat(30, 8))
    assert str(met.criteria[1].reason) == "Workers employed (stable count): 30, at least 20"


def test_the_breakdown_shows_each_tier_the_cap_and_the_award() -> None:
    result = run(flat(60, 25), 12, before=False)
    lines = [(x.first_worker, x.workers, x.per_worker_cny, x.amount_cny) for x in result.lines]
    assert lines == [(1, 10, 1000, 10000), (11, 15, 1500, 22500)]
    assert result.per_worker_cny == Decimal(32500)
    assert result.capped
    assert result.cap_cny == Decimal(30000)
    assert result.subsidy_after_cap_cny == Decimal(30000)
    assert result.award_cny == Decimal(50000)
    assert result.on_site_checks == SAMPLE.on_site_checks


def test_both_rule_needs_the_count_and_the_share() -> None:
    both = replace(SAMPLE, poverty_rule=BOTH)
    # 5 of 30 = 16.7 %: the count is reached, the share not → refused under "both"
    assert unmet(run(flat(30, 5), policy=both)) == ["poverty_share"]
    # 6 of 30 = 20 %: both reached → 6 × 1,000 = 6,000
    assert run(flat(30, 6), before=True, policy=both).total_cny == Decimal(6000)


def test_whole_tier_mode_pays_every_worker_at_the_tier_reached() -> None:
    whole = replace(SAMPLE, tier_mode=WHOLE)
    # 14 workers reach the second tier: 14 × 1,500 = 21,000
    assert run(flat(40, 14), before=True, policy=whole).total_cny == Decimal(21000)
    # 10 workers stay in the first: 10 × 1,000 = 10,000
    assert run(flat(40, 10), before=True, policy=whole).total_cny == Decimal(10000)


def test_no_cap_and_a_local_share_criterion() -> None:
    policy = replace(SAMPLE, cap_cny=None, min_local_share=Decimal("0.5"))
    # 25 poverty-alleviated uncapped: 10 × 1,000 + 15 × 1,500 = 32,500
    assert run(flat(60, 25, local=30), before=True, policy=policy).total_cny == Decimal(32500)
    # 29 of 60 local (48 %) is below the 50 % asked
    assert unmet(run(flat(60, 25, local=29), policy=policy)) == ["local_share"]


def test_twelve_months_employed_takes_the_smallest_quarter() -> None:
    policy = replace(SAMPLE, months_employed=12)
    quarters = year_of(
        (30, 30, 8, "2400"), (30, 30, 10, "2400"), (30, 30, 12, "2400"), (30, 30, 9, "2400")
    )
    # all four quarters must hold: min(8, 10, 12, 9) = 8 → 8,000
    assert run(quarters, before=True, policy=policy).total_cny == Decimal(8000)


def test_other_years_quarters_are_ignored() -> None:
    old = tuple(replace(q, year=YEAR - 1) for q in flat(30, 8))
    assert run(old).eligible_workers == 0


def test_months_operating_count_whole_months_to_the_years_end() -> None:
    assert calc_months_operating(dt.date(2025, 7, 1), 2025) == 6  # July–December: at threshold
    assert calc_months_operating(dt.date(2025, 7, 2), 2025) == 5  # July is not whole
    assert calc_months_operating(dt.date(2024, 12, 1), 2025) == 13
    assert calc_months_operating(dt.date(2026, 1, 1), 2025) == 0  # starts after the year


def test_stable_count_and_subsidy_helpers() -> None:
    assert calc_stable_count({}, 6) == 0
    assert calc_stable_count({2: 5}, 3) == 5
    assert calc_subsidy(SAMPLE.tiers, 0) == ()
    with pytest.raises(ValueError, match="months"):
        calc_stable_count({1: 1}, 13)


def test_a_policy_refuses_tiers_that_do_not_start_at_one() -> None:
    with pytest.raises(ValueError, match="worker 1"):
        replace(SAMPLE, tiers=(Tier(2, Decimal(1)),))
    with pytest.raises(ValueError, match="increasing"):
        replace(SAMPLE, tiers=(Tier(1, Decimal(1)), Tier(1, Decimal(2))))
