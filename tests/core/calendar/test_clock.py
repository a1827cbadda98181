"""Deadlines and elapsed working time over the real calendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from microparks.core.calendar import (
    CHINA_TZ,
    WorkingCalendar,
    add_working_days,
    add_working_time,
    working_days_between,
    working_time_between,
)
from microparks.io.rules import shipped_calendar

CAL = shipped_calendar()
H = dt.timedelta(hours=1)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA_TZ)


def test_across_national_day_2024() -> None:
    # Friday 27 Sep 10:00 + 1 working day: Sunday 29 Sep is a make-up working day.
    assert add_working_days(CAL, at(2024, 9, 27, 10), 1) == at(2024, 9, 29, 10)
    # Monday 30 Sep 10:00 + 1: Oct 1–7 are off → Tuesday 8 Oct 10:00.
    assert add_working_days(CAL, at(2024, 9, 30, 10), 1) == at(2024, 10, 8, 10)
    # + 5 from 30 Sep: Oct 8, 9, 10, 11 and Saturday 12 Oct (make-up day).
    assert add_working_days(CAL, at(2024, 9, 30, 10), 5) == at(2024, 10, 12, 10)
    assert working_days_between(CAL, at(2024, 9, 30, 10), at(2024, 10, 12, 10)) == 5


def test_received_on_a_holiday_starts_next_working_day() -> None:
    # Received on 3 Oct 2024 (holiday): one working day runs through all of Tuesday 8 Oct.
    assert add_working_days(CAL, at(2024, 10, 3, 15), 1) == at(2024, 10, 9, 0)


def test_across_a_weekend() -> None:
    # Friday 8 Nov 2024 15:00 + 1 working day → Monday 11 Nov 15:00; 3 → Wednesday.
    assert add_working_days(CAL, at(2024, 11, 8, 15), 1) == at(2024, 11, 11, 15)
    assert add_working_days(CAL, at(2024, 11, 8, 15), 3) == at(2024, 11, 13, 15)
    assert working_time_between(CAL, at(2024, 11, 8, 15), at(2024, 11, 11, 9)) == 18 * H


def test_pause_and_resume() -> None:
    start = at(2024, 11, 4, 9)  # Monday
    pause = (at(2024, 11, 5, 9), at(2024, 11, 7, 9))  # waiting for the enterprise Tue–Thu 9:00
    # Without the pause, 3 working days end Thursday 9:00; with it they end Monday 11 Nov 9:00.
    assert add_working_days(CAL, start, 3) == at(2024, 11, 7, 9)
    assert add_working_days(CAL, start, 3, [pause]) == at(2024, 11, 11, 9)
    assert working_days_between(CAL, start, at(2024, 11, 11, 9), [pause]) == 3
    # An open pause stops the clock at its start.
    assert working_time_between(CAL, start, at(2024, 11, 20), [(pause[0], None)]) == 24 * H


def test_pause_over_a_weekend_costs_nothing() -> None:
    start = at(2024, 11, 8, 9)  # Friday
    weekend = (at(2024, 11, 9, 0), at(2024, 11, 11, 0))
    assert add_working_days(CAL, start, 1, [weekend]) == add_working_days(CAL, start, 1)


def test_overlapping_pauses_are_merged() -> None:
    start = at(2024, 11, 4, 0)
    pauses = [(at(2024, 11, 4, 6), at(2024, 11, 4, 12)), (at(2024, 11, 4, 10), at(2024, 11, 4, 18))]
    assert working_time_between(CAL, start, at(2024, 11, 5, 0), pauses) == 12 * H


def test_zero_and_negative() -> None:
    t = at(2024, 10, 3, 12)
    assert add_working_time(CAL, t, dt.timedelta(0)) == t
    assert working_time_between(CAL, t, t - H) == dt.timedelta(0)
    with pytest.raises(ValueError, match="negative"):
        add_working_time(CAL, t, -H)


def test_naive_instants_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(CAL, dt.datetime(2024, 10, 3), 1)


def test_utc_input_uses_china_dates() -> None:
    # 30 Sep 2024 20:00 UTC is 1 Oct 04:00 in Beijing: a holiday, so nothing elapses till 8 Oct.
    utc = dt.datetime(2024, 9, 30, 20, tzinfo=dt.UTC)
    assert working_time_between(CAL, utc, at(2024, 10, 8, 0)) == dt.timedelta(0)
    due = add_working_days(CAL, utc, 1)
    assert due.tzinfo is dt.UTC
    assert due == at(2024, 10, 9, 0)


def test_daylight_saving_zone_is_exact() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    cal = WorkingCalendar()
    # Sunday 27 Oct 2024 lasts 25 hours in Berlin; it is not a working day, so Friday noon + 1
    # working day is Monday noon local time.
    start = dt.datetime(2024, 10, 25, 12, tzinfo=berlin)
    assert add_working_days(cal, start, 1, tz=berlin) == dt.datetime(
        2024, 10, 28, 12, tzinfo=berlin
    )
