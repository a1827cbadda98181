r"""Working-time clocks on a :class:`WorkingCalendar`: deadlines and elapsed time with pauses.

Working time is the measure of the instants that fall on working days (local dates in the
calendar's time zone, China Standard Time by default), less the instants inside pauses (a
ticket waiting for the enterprise). A whole working day counts as one day of working time,
whatever hour the clock starts, so "one working day" from Friday 15:00 ends on Monday 15:00,
and a request received on Saturday has until the end of Monday. With W the set of working
instants and P the union of pauses, elapsed(s, e) = |[s, e) ∩ W \ P| and
due(s, T) = min{u ≥ s : elapsed(s, u) = T}.

Arithmetic is done in UTC, with day boundaries taken in the calendar's zone, so it is exact in
zones with daylight saving too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from zoneinfo import ZoneInfo

from microparks.core.calendar.official import WorkingCalendar

__all__ = [
    "CHINA_TZ",
    "Pause",
    "add_working_days",
    "add_working_time",
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


def _day_bounds(day: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz).astimezone(UTC)
    end = dt.datetime.combine(day + DAY, dt.time(0), tzinfo=tz).astimezone(UTC)
    return start, end


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
            lo, hi = _day_bounds(day, tz)
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
            lo, hi = _day_bounds(day, tz)
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
) -> dt.datetime:
    """``start`` plus ``days`` working days (see :func:`add_working_time`)."""
    return add_working_time(calendar, start, dt.timedelta(days=days), pauses, tz)


def working_days_between(
    calendar: WorkingCalendar,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Iterable[Pause] = (),
    tz: dt.tzinfo = CHINA_TZ,
) -> float:
    """Working time from ``start`` to ``end`` in working days (see :func:`working_time_between`)."""
    return working_time_between(calendar, start, end, pauses, tz) / DAY
