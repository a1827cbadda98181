r"""Working-time clocks on a :class:`WorkingCalendar`: deadlines and elapsed time with pauses.

Working time is the measure of the instants that fall on working days (local dates in the
calendar's time zone, China Standard Time by default), less the instants inside pauses (a
ticket waiting for the enterprise). A whole working day counts as one day of working time,
whatever hour the clock starts, so "one working day" from Friday 15:00 ends on Monday 15:00,
and a request received on Saturday has until the end of Monday. With W the set of working
instants and P the union of pauses, elapsed(s, e) = |[s, e) ∩ W \ P| and
due(s, T) = min{u ≥ s : elapsed(s, u) = T}.

Office hours narrow W to the hours of each working day the offices are open (by default the whole
day); one working day is then the length of an office day. A deadline of whole working days
follows the rule for periods in days (Civil Code arts. 201 and 203): the day of filing is not
counted, the period runs from the next day, and it ends when the offices close on its last working
day (at 24:00 without office hours). A budget in hours, or a fraction of a day, counts from the
filing instant (art. 201: periods in hours run from the moment given). See :func:`due_after`.

Arithmetic is done in UTC, with day boundaries taken in the calendar's zone, so it is exact in
zones with daylight saving too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from microparks.core.calendar.official import WorkingCalendar

__all__ = [
    "ALL_DAY",
    "CHINA_TZ",
    "OfficeHours",
    "Pause",
    "add_working_days",
    "add_working_time",
    "due_after",
    "working_days_between",
    "working_time_between",
]

CHINA_TZ = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC
ZERO = dt.timedelta(0)
DAY = dt.timedelta(days=1)
MAX_DAYS = 100 * 366

Pause = tuple[dt.datetime, dt.datetime | None]
"""A pause from its start to its end; ``None`` as end means it is still running."""


def _utc(moment: dt.datetime, name: str) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class OfficeHours:
    """The hours of a working day that count: ``(start, end)`` minutes after local midnight.

    >>> OfficeHours(((510, 720), (810, 1050))).length  # 08:30-12:00 and 13:30-17:30
    datetime.timedelta(seconds=27000)
    """

    spans: tuple[tuple[int, int], ...] = ((0, 24 * 60),)

    def __post_init__(self) -> None:
        last = 0
        for start, end in self.spans:
            if not last <= start < end <= 24 * 60:
                raise ValueError(f"office hours must be ordered spans within a day: {self.spans}")
            last = end
        if not self.spans:
            raise ValueError("office hours need at least one span")

    @property
    def length(self) -> dt.timedelta:
        """The working time of one working day."""
        return dt.timedelta(minutes=sum(end - start for start, end in self.spans))

    def bounds(self, day: dt.date, tz: dt.tzinfo) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """The open spans of local date ``day`` in UTC, in order."""
        midnight = dt.datetime.combine(day, dt.time(0))
        for start, end in self.spans:
            # Minutes from local midnight, localised each: exact across a daylight-saving change.
            lo = (midnight + dt.timedelta(minutes=start)).replace(tzinfo=tz)
            hi = (midnight + dt.timedelta(minutes=end)).replace(tzinfo=tz)
            yield lo.astimezone(UTC), hi.astimezone(UTC)


ALL_DAY = OfficeHours()


def _merged(pauses: Iterable[Pause], horizon: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """Pauses in UTC, open ends closed at ``horizon``, sorted and merged."""
    spans = []
    for start, end in pauses:
        s = _utc(start, "pause start")
        e = horizon if end is None else _utc(end, "pause end")
        if e > s:
            spans.append((s, e))
    spans.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _minus(
    start: dt.datetime, end: dt.datetime, pauses: Sequence[tuple[dt.datetime, dt.datetime]]
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """The parts of ``[start, end)`` outside the (merged, sorted) pauses, in order."""
    cursor = start
    for s, e in pauses:
        if e <= cursor:
            continue
        if s >= end:
            break
        if s > cursor:
            yield cursor, s
        cursor = max(cursor, e)
        if cursor >= end:
            return
    if cursor < end:
        yield cursor, end


def working_time_between(
    calendar: WorkingCalendar,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Iterable[Pause] = (),
    tz: dt.tzinfo = CHINA_TZ,
    office: OfficeHours = ALL_DAY,
) -> dt.timedelta:
    """Working time elapsed from ``start`` to ``end``, less the pauses.

    Parameters
    ----------
    calendar
        Which dates are working days.
    start, end
        Timezone-aware instants; zero is returned when ``end <= start``.
    pauses
        ``(start, end)`` pairs; an open pause (end ``None``) runs until ``end``. Pauses may
        overlap each other and the range.
    tz
        Zone whose local dates are looked up in the calendar.
    office
        The hours of a working day that count (the whole day by default).

    Returns
    -------
    datetime.timedelta
        Working time in ``[start, end)`` outside the pauses; one working day is ``timedelta(1)``.

    """
    s, e = _utc(start, "start"), _utc(end, "end")
    if e <= s:
        return ZERO
    merged = _merged(pauses, e)
    total = ZERO
    day, last = s.astimezone(tz).date(), e.astimezone(tz).date()
    while day <= last:
        if calendar.is_working_day(day):
            for lo, hi in office.bounds(day, tz):
                for a, b in _minus(max(s, lo), min(e, hi), merged):
                    total += b - a
        day += DAY
    return total


def add_working_time(
    calendar: WorkingCalendar,
    start: dt.datetime,
    amount: dt.timedelta,
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    tz: dt.tzinfo = CHINA_TZ,
    office: OfficeHours = ALL_DAY,
) -> dt.datetime:
    """The earliest instant at which ``amount`` of working time has elapsed since ``start``.

    Parameters
    ----------
    calendar
        Which dates are working days.
    start
        Timezone-aware instant the clock starts.
    amount
        Working time to add (``timedelta(days=3)`` for three working days); not negative.
    pauses
        Closed ``(start, end)`` pauses during which the clock stops.
    tz
        Zone whose local dates are looked up in the calendar.
    office
        The hours of a working day that count (the whole day by default).

    Returns
    -------
    datetime.datetime
        The deadline, in ``start``'s time zone.

    Raises
    ------
    ValueError
        If ``amount`` is negative or an instant is naive.

    """
    if amount < ZERO:
        raise ValueError(f"amount must not be negative, got {amount}")
    s = _utc(start, "start")
    if amount == ZERO:
        return start
    merged = _merged(pauses, s)
    remaining = amount
    day = s.astimezone(tz).date()
    for _ in range(MAX_DAYS + int(amount / DAY)):
        if calendar.is_working_day(day):
            for lo, hi in office.bounds(day, tz):
                for a, b in _minus(max(s, lo), hi, merged):
                    if b - a >= remaining:
                        return (a + remaining).astimezone(start.tzinfo)
                    remaining -= b - a
        day += DAY
    raise ValueError("no working time within a century of the start")  # pragma: no cover


def add_working_days(
    calendar: WorkingCalendar,
    start: dt.datetime,
    days: float,
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    tz: dt.tzinfo = CHINA_TZ,
    office: OfficeHours = ALL_DAY,
) -> dt.datetime:
    """``start`` plus ``days`` working days of ``office`` hours (see :func:`add_working_time`)."""
    return add_working_time(calendar, start, days * office.length, pauses, tz, office)


def due_after(
    calendar: WorkingCalendar,
    filed: dt.datetime,
    amount: float,
    unit: str = "days",
    pauses: Iterable[tuple[dt.datetime, dt.datetime]] = (),
    tz: dt.tzinfo = CHINA_TZ,
    office: OfficeHours = ALL_DAY,
) -> dt.datetime:
    """The deadline of a period of ``amount`` working days (or hours) from ``filed``.

    Whole working days: the day of filing is not counted and the period ends when the offices
    close on its last working day (Civil Code arts. 201, 203), so one working day from a filing
    on Friday 15:00, or on Saturday, ends on Monday at closing time. Hours (``unit="hours"``) and
    fractions of a day count working time from the filing instant (art. 201). Pauses stop the
    clock in both cases.

    >>> from microparks.core.calendar.official import WorkingCalendar
    >>> friday = dt.datetime(2024, 11, 8, 15, tzinfo=CHINA_TZ)
    >>> due_after(WorkingCalendar(), friday, 1).isoformat()
    '2024-11-12T00:00:00+08:00'
    >>> office = OfficeHours(((510, 720), (810, 1050)))
    >>> due_after(WorkingCalendar(), friday, 1, office=office).isoformat()
    '2024-11-11T17:30:00+08:00'
    >>> due_after(WorkingCalendar(), friday, 4, "hours", office=office).isoformat()
    '2024-11-11T10:00:00+08:00'
    """
    if unit not in ("days", "hours"):
        raise ValueError(f"unit must be 'days' or 'hours', got {unit!r}")
    if unit == "hours":
        return add_working_time(calendar, filed, dt.timedelta(hours=amount), pauses, tz, office)
    if amount != int(amount):
        return add_working_days(calendar, filed, amount, pauses, tz, office)
    local = _utc(filed, "filed").astimezone(tz)
    next_day = dt.datetime.combine(local.date() + DAY, dt.time(0)).replace(tzinfo=tz)
    due = add_working_days(calendar, next_day, amount, pauses, tz, office)
    return due.astimezone(filed.tzinfo)


def working_days_between(
    calendar: WorkingCalendar,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Iterable[Pause] = (),
    tz: dt.tzinfo = CHINA_TZ,
) -> float:
    """Working time from ``start`` to ``end`` in working days (see :func:`working_time_between`)."""
    return working_time_between(calendar, start, end, pauses, tz) / DAY
