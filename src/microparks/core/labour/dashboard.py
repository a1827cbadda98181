"""The labour dashboard's figures: jobs per quarter, local share, wages against rural income.

The shell sums a county's quarterly employment records per park and quarter in the database
(:class:`ParkQuarter`: headcounts, and the wage bill, headcount × average monthly wage); here
they become the dashboard's series:

* jobs per quarter of each group of parks (a park, or the parks of a township):
  :func:`jobs_by_group` — a group without records in a quarter has 0 there;
* the county's totals per quarter with the local (本县) and poverty-alleviated (脱贫户) shares:
  :func:`quarter_totals`;
* each park's average monthly wage in a quarter (wage bill ÷ headcount, so weighted by the firms'
  headcounts) × 12 against the county's rural per-capita disposable income
  (农村居民人均可支配收入, CNY per person per year): :func:`wage_comparison`. A ratio of 1.5 means
  a year's wages of one worker are 1.5 times what a rural resident has to spend in a year;
* the labour shed's persons at the dashboard's minutes: :func:`shed_at`.

Pure and typed: no Django, no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

__all__ = [
    "MONTHS_PER_YEAR",
    "ParkQuarter",
    "Quarter",
    "QuarterTotals",
    "WageComparison",
    "jobs_by_group",
    "last_quarters",
    "quarter_label",
    "quarter_of_month",
    "quarter_totals",
    "ratio",
    "shed_at",
    "wage_comparison",
]

Quarter = tuple[int, int]
"""(year, quarter 1–4)."""
K = TypeVar("K", bound=Hashable)
MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class ParkQuarter:
    """One park's employment records of one quarter, summed over its firms."""

    park: int
    year: int
    quarter: int
    headcount: int
    local: int
    poverty_alleviated: int
    wage_bill_cny: Decimal
    """Σ headcount × average monthly wage (CNY a month)."""

    @property
    def key(self) -> Quarter:
        """The quarter as ``(year, quarter)``."""
        return (self.year, self.quarter)


@dataclass(frozen=True)
class QuarterTotals:
    """The county's (or the user's parks') figures of one quarter."""

    quarter: Quarter
    headcount: int
    local: int
    poverty_alleviated: int
    local_share: Decimal | None
    """local ÷ headcount (None without workers)."""
    poverty_share: Decimal | None
    hires_from_events: int


@dataclass(frozen=True)
class WageComparison:
    """A park's average monthly wage in a quarter against the county's rural income."""

    park: int
    headcount: int
    wage_cny_month: Decimal | None
    """Average monthly wage, weighted by the firms' headcounts (None without workers)."""
    wage_cny_year: Decimal | None
    """The monthly wage × 12."""
    ratio: Decimal | None
    """``wage_cny_year`` ÷ rural per-capita disposable income (None when either is unknown)."""


def quarter_label(quarter: Quarter) -> str:
    """``2025Q3``.

    >>> quarter_label((2025, 3))
    '2025Q3'
    """
    return f"{quarter[0]}Q{quarter[1]}"


def quarter_of_month(month: int) -> int:
    """The quarter (1–4) of a month (1–12).

    >>> [quarter_of_month(m) for m in (1, 3, 4, 12)]
    [1, 1, 2, 4]
    """
    if not 1 <= month <= MONTHS_PER_YEAR:
        raise ValueError(f"month {month} is not 1-12")
    return (month - 1) // 3 + 1


def last_quarters(quarters: Iterable[Quarter], n: int) -> list[Quarter]:
    """The ``n`` quarters up to the latest of ``quarters``, consecutive, oldest first.

    Quarters without records between the first and the latest are kept (as gaps shown as 0),
    so that a chart's axis is time. Empty when ``quarters`` is.

    >>> last_quarters([(2024, 4), (2025, 2)], 3)
    [(2024, 4), (2025, 1), (2025, 2)]
    >>> last_quarters([(2025, 2)], 3)
    [(2025, 2)]
    """
    known = sorted(set(quarters))
    if not known or n <= 0:
        return []
    first, (year, quarter) = known[0], known[-1]
    out: list[Quarter] = []
    while len(out) < n and (year, quarter) >= first:
        out.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return out[::-1]


def ratio(part: Decimal | int, whole: Decimal | int, places: int = 3) -> Decimal | None:
    """``part ÷ whole`` rounded half up to ``places`` decimals; None when ``whole`` is 0.

    >>> ratio(2, 3), ratio(1, 0)
    (Decimal('0.667'), None)
    """
    if not whole:
        return None
    exact = Decimal(part) / Decimal(whole)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def jobs_by_group(
    rows: Iterable[ParkQuarter], group_of: Mapping[int, K], quarters: Sequence[Quarter]
) -> dict[K, list[int]]:
    """Headcount per group in each of ``quarters`` (0 where a group has no records).

    ``group_of`` maps a park to its group (itself, its township …); a park not in it is left
    out. Groups appear in the order of ``group_of``'s values.
    """
    index = {q: i for i, q in enumerate(quarters)}
    out: dict[K, list[int]] = {}
    for group in group_of.values():
        out.setdefault(group, [0] * len(quarters))
    for row in rows:
        i = index.get(row.key)
        if i is None or row.park not in group_of:
            continue
        out[group_of[row.park]][i] += row.headcount
    return out


def quarter_totals(
    rows: Iterable[ParkQuarter],
    quarters: Sequence[Quarter],
    hires: Mapping[Quarter, int] | None = None,
) -> list[QuarterTotals]:
    """The totals of each of ``quarters`` with local and poverty-alleviated shares.

    ``hires``: workers hired at job fairs and training courses, by the quarter of the event.
    """
    sums: dict[Quarter, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        figures = sums[row.key]
        figures[0] += row.headcount
        figures[1] += row.local
        figures[2] += row.poverty_alleviated
    out = []
    for q in quarters:
        headcount, local, poor = sums.get(q, [0, 0, 0])
        out.append(
            QuarterTotals(
                quarter=q,
                headcount=headcount,
                local=local,
                poverty_alleviated=poor,
                local_share=ratio(local, headcount),
                poverty_share=ratio(poor, headcount),
                hires_from_events=(hires or {}).get(q, 0),
            )
        )
    return out


def wage_comparison(
    rows: Iterable[ParkQuarter], quarter: Quarter, rural_income_cny: int | None
) -> list[WageComparison]:
    """Each park's average monthly wage in ``quarter``, × 12, and its ratio to rural income.

    The average is the park's wage bill ÷ its headcount (a firm of 100 weighs ten times one
    of 10). Parks in the order they first appear in ``rows``.
    """
    bills: dict[int, tuple[int, Decimal]] = {}
    for row in rows:
        if row.key != quarter:
            continue
        headcount, bill = bills.get(row.park, (0, Decimal(0)))
        bills[row.park] = (headcount + row.headcount, bill + row.wage_bill_cny)
    out = []
    for park, (headcount, bill) in bills.items():
        month = ratio(bill, headcount, 2)
        year = month * MONTHS_PER_YEAR if month is not None else None
        share = ratio(year, rural_income_cny, 2) if year is not None and rural_income_cny else None
        out.append(WageComparison(park, headcount, month, year, share))
    return out


def shed_at(
    minutes: Sequence[float], labour: Sequence[float], wanted: Sequence[float]
) -> list[int | None]:
    """The shed's persons (rounded) at each of ``wanted`` minutes; None where not worked out.

    >>> shed_at([15.0, 30.0, 45.0], [120.4, 900.0, 2500.6], [15, 30, 45, 60])
    [120, 900, 2501, None]
    """
    found = dict(zip(minutes, labour, strict=False))
    return [
        int(Decimal(found[m]).quantize(Decimal(1), ROUND_HALF_UP)) if m in found else None
        for m in wanted
    ]
