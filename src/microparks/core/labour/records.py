r"""Quarterly employment records (用工季报): checks of one quarter and against the previous one.

A record holds a firm's headcount at the end of a quarter, the part of it that is local (本县),
the part from poverty-alleviated households (脱贫户) and the average monthly wage in CNY.

*Hard errors* are refused, each naming its field: a part larger than the headcount, a negative
or out-of-range figure, no wage for a firm that employs people.

*Flags* are warnings kept with the record, never a refusal: compared with the firm's previous
quarter (Q4 of the year before for Q1), a headcount that moved by more than
:data:`HEADCOUNT_JUMP` (30 %) or an average wage that moved by more than :data:`WAGE_JUMP`
(25 %) of the previous figure is flagged, as is a headcount that appears from zero. The
thresholds and their reasons are in ``docs/methods/employment-records.md``.

The figures fed to the impact module (:func:`direct_jobs`, :func:`wage_income_cny`):

* direct jobs of a year: the headcount of the **latest quarter filed** in that year (a stock at
  the latest date known, as the impact page reports the park's current employment);
* wage income of a year: :math:`\sum_q h_q \cdot w_q \cdot 3` over the quarters filed
  (headcount × average monthly wage × 3 months); a missing quarter adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from microparks.core.messages import Message, gettext_noop

__all__ = [
    "HEADCOUNT_JUMP",
    "MAX_HEADCOUNT",
    "MAX_WAGE_CNY",
    "WAGE_JUMP",
    "FieldProblem",
    "QuarterFigures",
    "check_quarter",
    "direct_jobs",
    "flag_changes",
    "previous_quarter",
    "wage_income_cny",
]

HEADCOUNT_JUMP = Decimal("0.30")
"""A headcount moving by more than 30 % of the previous quarter's is flagged."""
WAGE_JUMP = Decimal("0.25")
"""An average monthly wage moving by more than 25 % of the previous quarter's is flagged."""
MAX_HEADCOUNT = 100_000
"""The largest headcount a firm of a micro-park files."""
MAX_WAGE_CNY = Decimal(1_000_000)
"""The largest average monthly wage in CNY (the bound of a vacancy's wage)."""


@dataclass(frozen=True)
class QuarterFigures:
    """One firm's figures for one quarter."""

    year: int
    quarter: int
    headcount: int
    local: int
    poverty_alleviated: int
    wage_cny: Decimal


@dataclass(frozen=True)
class FieldProblem:
    """A refusal or a flag about one field (its name as in the record) with its message."""

    field: str
    message: Message


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    """The quarter before ``(year, quarter)``: Q4 of the year before for Q1.

    >>> previous_quarter(2026, 1), previous_quarter(2026, 3)
    ((2025, 4), (2026, 2))
    """
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter {quarter} is not 1-4")
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def check_quarter(figures: QuarterFigures) -> list[FieldProblem]:
    """The hard errors of one quarter's figures (empty when it may be stored)."""
    problems: list[FieldProblem] = []
    if not 1 <= figures.quarter <= 4:
        problems.append(FieldProblem("quarter", Message(gettext_noop("The quarter is 1 to 4."))))
    counts = (
        ("headcount", figures.headcount),
        ("local", figures.local),
        ("poverty_alleviated", figures.poverty_alleviated),
    )
    for name, value in counts:
        if not 0 <= value <= MAX_HEADCOUNT:
            problems.append(
                FieldProblem(
                    name,
                    Message(gettext_noop("Must be between 0 and %(max)s."), {"max": MAX_HEADCOUNT}),
                )
            )
    if not figures.wage_cny.is_finite() or not 0 <= figures.wage_cny <= MAX_WAGE_CNY:
        problems.append(
            FieldProblem(
                "wage_cny",
                Message(gettext_noop("Must be between 0 and %(max)s."), {"max": MAX_WAGE_CNY}),
            )
        )
    elif figures.headcount > 0 and figures.wage_cny <= 0:
        problems.append(
            FieldProblem(
                "wage_cny",
                Message(gettext_noop("A firm that employs people pays an average wage above 0.")),
            )
        )
    if figures.local > figures.headcount:
        problems.append(
            FieldProblem(
                "local", Message(gettext_noop("Local workers cannot exceed the headcount."))
            )
        )
    if figures.poverty_alleviated > figures.headcount:
        problems.append(
            FieldProblem(
                "poverty_alleviated",
                Message(
                    gettext_noop(
                        "Workers from poverty-alleviated households cannot exceed the headcount."
                    )
                ),
            )
        )
    return problems


def _moved(now: Decimal, before: Decimal, limit: Decimal) -> bool:
    return before > 0 and abs(now - before) > limit * before


def _percent(now: Decimal, before: Decimal) -> str:
    return f"{(now - before) / before * 100:+.0f}%"


def flag_changes(current: QuarterFigures, previous: QuarterFigures | None) -> list[FieldProblem]:
    """Warnings about ``current`` against the firm's ``previous`` quarter (none without one)."""
    if previous is None:
        return []
    flags: list[FieldProblem] = []
    now, before = Decimal(current.headcount), Decimal(previous.headcount)
    if _moved(now, before, HEADCOUNT_JUMP):
        flags.append(
            FieldProblem(
                "headcount",
                Message(
                    gettext_noop(
                        "Headcount %(now)s against %(before)s in the previous quarter "
                        "(%(change)s, more than ±%(limit)s%%)."
                    ),
                    {
                        "now": current.headcount,
                        "before": previous.headcount,
                        "change": _percent(now, before),
                        "limit": int(HEADCOUNT_JUMP * 100),
                    },
                ),
            )
        )
    elif before == 0 and now > 0:
        flags.append(
            FieldProblem(
                "headcount",
                Message(
                    gettext_noop("Headcount %(now)s after none in the previous quarter."),
                    {"now": current.headcount},
                ),
            )
        )
    if _moved(current.wage_cny, previous.wage_cny, WAGE_JUMP):
        flags.append(
            FieldProblem(
                "wage_cny",
                Message(
                    gettext_noop(
                        "Average wage %(now)s CNY against %(before)s CNY in the previous quarter "
                        "(%(change)s, more than ±%(limit)s%%)."
                    ),
                    {
                        "now": f"{current.wage_cny:,.0f}",
                        "before": f"{previous.wage_cny:,.0f}",
                        "change": _percent(current.wage_cny, previous.wage_cny),
                        "limit": int(WAGE_JUMP * 100),
                    },
                ),
            )
        )
    return flags


def direct_jobs(quarters: Sequence[QuarterFigures]) -> int:
    """The headcount of the latest quarter among one firm's ``quarters`` of a year (0 if none)."""
    if not quarters:
        return 0
    return max(quarters, key=lambda q: (q.year, q.quarter)).headcount


def wage_income_cny(quarters: Iterable[QuarterFigures]) -> Decimal:
    """Wages paid over ``quarters``: the sum of headcount × average monthly wage × 3."""
    return sum((q.headcount * q.wage_cny * 3 for q in quarters), Decimal(0))
