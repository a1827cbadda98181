"""China's official working calendar: weekends, public holidays and make-up working days.

Each year's days off and make-up working days (调休上班) are set by a notice of the State Council
General Office (国务院办公厅关于…年部分节假日安排的通知). The shipped notices are package data
(``data/cn-<year>.yaml``, one file per year, each citing its notice); a deployment adds its own
overrides (a local holiday, an office closure, a declared working day) with
:meth:`WorkingCalendar.with_overrides`. A date in a year without data falls back to Monday–Friday;
:meth:`WorkingCalendar.covers` tells whether a date's year has data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "CalendarDataError",
    "WorkingCalendar",
    "YearNotice",
    "load_year",
    "official_calendar",
    "official_years",
    "parse_year",
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

        >>> from microparks.core.calendar import official_calendar
        >>> official_calendar().date_after_working_days(dt.date(2024, 9, 30), 3)
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


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise CalendarDataError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def parse_year(data: Mapping[str, Any]) -> YearNotice:
    """Build and validate one year's notice from parsed YAML.

    Checks that every holiday range is ordered and touches its year, that make-up working days
    fall on weekends and lie outside the holiday ranges.

    Raises
    ------
    CalendarDataError
        If a field is missing or a date is inconsistent.

    """
    try:
        year = int(data["year"])
        source = data["source"]
        title, number = str(source["title"]), str(source.get("number") or "")
        issued = _date(source["issued"], "source.issued")
        ranges, extra = data["holidays"], data.get("working_days") or []
    except (KeyError, TypeError, ValueError) as exc:
        raise CalendarDataError(f"calendar data lacks a field: {exc}") from exc
    holidays: dict[dt.date, str] = {}
    for item in ranges:
        start = _date(item["start"], f"{year} holiday start")
        end = _date(item["end"], f"{year} holiday end")
        if end < start or year not in (start.year, end.year):
            raise CalendarDataError(f"{year}: holiday range {start}–{end} is out of order or year")
        day = start
        while day <= end:
            holidays[day] = str(item["name"])
            day += dt.timedelta(days=1)
    working: dict[dt.date, str] = {}
    for item in extra:
        day = _date(item["date"], f"{year} working day")
        if day.weekday() < SATURDAY:
            raise CalendarDataError(f"{year}: make-up working day {day} is not on a weekend")
        if day in holidays:
            raise CalendarDataError(f"{year}: {day} is both a holiday and a working day")
        working[day] = str(item.get("name", ""))
    return YearNotice(year, title, number, issued, holidays, working)


def official_years() -> tuple[int, ...]:
    """The years whose official notices are shipped."""
    folder = resources.files("microparks.core.calendar") / "data"
    names = (p.name for p in folder.iterdir())
    return tuple(sorted(int(n[3:7]) for n in names if n.startswith("cn-") and n.endswith(".yaml")))


def load_year(year: int) -> YearNotice:
    """Load the shipped notice for ``year``.

    Raises
    ------
    CalendarDataError
        If no notice is shipped for that year or it is invalid.

    """
    if year not in official_years():
        raise CalendarDataError(f"no official calendar shipped for {year}")
    path = resources.files("microparks.core.calendar") / "data" / f"cn-{year}.yaml"
    notice = parse_year(yaml.safe_load(path.read_text(encoding="utf-8")))
    if notice.year != year:
        raise CalendarDataError(f"cn-{year}.yaml declares year {notice.year}")
    return notice


def official_calendar(years: Iterable[int] | None = None) -> WorkingCalendar:
    """China's working calendar from the shipped notices (all years by default).

    Parameters
    ----------
    years
        Which years to include; ``None`` for every shipped year.

    Returns
    -------
    WorkingCalendar
        Holidays and make-up working days of those years; other years are Monday–Friday.

    """
    chosen = sorted(official_years() if years is None else set(years))
    notices = [load_year(y) for y in chosen]
    holidays = frozenset(d for n in notices for d in n.holidays)
    working = frozenset(d for n in notices for d in n.working_days)
    span = f"{chosen[0]}-{chosen[-1]}" if chosen else "none"
    return WorkingCalendar(holidays, working, frozenset(chosen), f"cn-official:{span}")
