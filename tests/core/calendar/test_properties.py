"""Invariants of the working-time clock (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.calendar import (
    CHINA_TZ,
    add_working_time,
    working_time_between,
)
from microparks.io.rules import shipped_calendar

CAL = shipped_calendar()
instants = st.datetimes(min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2026, 10, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=CHINA_TZ)
)
amounts = st.integers(min_value=0, max_value=10 * 24 * 3600).map(lambda s: dt.timedelta(seconds=s))
pause_lists = st.lists(
    st.tuples(instants, st.integers(0, 5 * 24 * 3600)).map(
        lambda p: (p[0], p[0] + dt.timedelta(seconds=p[1]))
    ),
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(start=instants, amount=amounts, pauses=pause_lists)
def test_elapsed_inverts_add(start, amount, pauses) -> None:
    due = add_working_time(CAL, start, amount, pauses)
    assert due >= start
    assert working_time_between(CAL, start, due, pauses) == amount
    # The deadline is the earliest such instant: a second earlier, less has elapsed.
    if amount:
        earlier = due - dt.timedelta(seconds=1)
        assert working_time_between(CAL, start, earlier, pauses) < amount


@settings(max_examples=150, deadline=None)
@given(start=instants, a=amounts, b=amounts, pauses=pause_lists)
def test_add_is_monotone_and_pauses_only_delay(start, a, b, pauses) -> None:
    lo, hi = sorted((a, b))
    assert add_working_time(CAL, start, lo, pauses) <= add_working_time(CAL, start, hi, pauses)
    assert add_working_time(CAL, start, hi) <= add_working_time(CAL, start, hi, pauses)


@settings(max_examples=150, deadline=None)
@given(points=st.lists(instants, min_size=3, max_size=3), pauses=pause_lists)
def test_elapsed_is_additive_and_bounded(points, pauses) -> None:
    a, b, c = sorted(points)
    ab = working_time_between(CAL, a, b, pauses)
    bc = working_time_between(CAL, b, c, pauses)
    assert ab + bc == working_time_between(CAL, a, c, pauses)
    assert ab <= working_time_between(CAL, a, b) <= b - a
