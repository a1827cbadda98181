"""China's official working calendar: weekends, public holidays and make-up working days.

Each year's days off and make-up working days (调休上班) are set by a notice of the State Council
General Office (国务院办公厅关于…年部分节假日安排的通知). The shipped notices are package data
are a rules document of kind ``calendar`` (one notice per year, each citing its source); a
county adds its own days (a local holiday, an office closure, a declared working day) in a
document of its own. :func:`calendar_from` folds the documents in effect, the platform's first
and the county's after, into a :class:`WorkingCalendar`. A date in a year without data falls
back to Monday–Friday; :meth:`WorkingCalendar.covers` tells whether a date's year has data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "CalendarDataError",
    "CalendarRules",
    "WorkingCalendar",
    "YearNotice",
    "calendar_from",
]

SATURDAY = 5


class CalendarDataError(ValueError):
    """A calendar data file is malformed or contradicts itself."""


@dataclass(frozen=True)
class YearNotice:
    """One year's official holiday arrangement, as published.

    Attributes
    ----------
    year
        The calendar year the notice arranges.
    title, number, issued
        The notice's title, document number (may be empty) and issue date: the citation.
    holidays
        Every date off in the notice's ranges (weekends inside a range included), with the
        holiday's name.
    working_days
        Weekend dates declared working days, with the holiday they make up for.

    """

    year: int
    title: str
    number: str
    issued: dt.date
    holidays: Mapping[dt.date, str]
    working_days: Mapping[dt.date, str]


@dataclass(frozen=True)
class WorkingCalendar:
    """Which dates are working days.

    A date is a working day if it is a declared working day; otherwise if it is not a holiday
    and falls on Monday to Friday. Overrides take precedence over the official notices.

    Attributes
    ----------
    holidays
        Dates off (official ranges and local overrides).
    working_days
        Dates declared working days even on a weekend (make-up days and local overrides).
    years
        Years with official data.
    version
        Provenance recorded with every deadline, e.g. ``cn-official:2023-2026+2``.

    """

    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    working_days: frozenset[dt.date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)
    version: str = "weekends-only"

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day."""
        if day in self.working_days:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < SATURDAY

    def covers(self, day: dt.date) -> bool:
        """Whether the official arrangement for ``day``'s year is known."""
        return day.year in self.years

    def with_overrides(
        self,
        holidays: Iterable[dt.date] = (),
        working_days: Iterable[dt.date] = (),
    ) -> WorkingCalendar:
        """Return a calendar with local days off and local working days applied.

        An override wins over the official notices: a date listed as a local working day is
        removed from the holidays and vice versa. A date in both lists is an error.

        Raises
        ------
        CalendarDataError
            If a date is both a local holiday and a local working day.

        """
        off, on = frozenset(holidays), frozenset(working_days)
        both = off & on
        if both:
            raise CalendarDataError(
                f"dates both off and working in the overrides: {sorted(both)[:3]}"
            )
        if not off and not on:
            return self
        return replace(
            self,
            holidays=(self.holidays - on) | off,
            working_days=(self.working_days - off) | on,
            version=f"{self.version}+{len(off) + len(on)}",
        )

    def date_after_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself when ``days`` is 0).

        >>> national_day = frozenset(dt.date(2024, 10, d) for d in range(1, 8))
        >>> WorkingCalendar(national_day).date_after_working_days(dt.date(2024, 9, 30), 3)
        datetime.date(2024, 10, 10)
        """
        if days < 0:
            raise ValueError(f"days must not be negative, got {days}")
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            left -= self.is_working_day(day)
        return day

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Number of working days in the closed range ``[first, last]`` (0 if empty)."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count


@dataclass(frozen=True)
class CalendarRules:
    """One calendar document: official notices per year and, for a county, its own days."""

    notices: tuple[YearNotice, ...] = ()
    days_off: Mapping[dt.date, str] = field(default_factory=dict)
    working_days: Mapping[dt.date, str] = field(default_factory=dict)


def calendar_from(documents: Sequence[CalendarRules], version: str) -> WorkingCalendar:
    """The working calendar of documents applied in order (platform first, county after).

    A later document's notice for a year replaces an earlier one's; a later document's own
    days override what came before (:meth:`WorkingCalendar.with_overrides`).

    Parameters
    ----------
    documents
        The calendar documents in effect, least specific first.
    version
        Provenance recorded with every deadline (the documents' labels).

    """
    notices: dict[int, YearNotice] = {}
    for doc in documents:
        notices.update({n.year: n for n in doc.notices})
    calendar = WorkingCalendar(
        holidays=frozenset(d for n in notices.values() for d in n.holidays),
        working_days=frozenset(d for n in notices.values() for d in n.working_days),
        years=frozenset(notices),
        version=version,
    )
    for doc in documents:
        calendar = calendar.with_overrides(doc.days_off, doc.working_days)
    return replace(calendar, version=version)
