"""Deadlines by the rules for periods: whole working days from the next day, hours from the instant.

The rule: Civil Code of the PRC (2020) arts. 201 and 203 — a period in days does not count the
day it starts and ends at 24:00 of its last day (or when business stops, where there are office
hours); a period in hours runs from the moment given. Working days only (Administrative
Licensing Law art. 82: periods in working days exclude statutory holidays).
"""

from __future__ import annotations

import datetime as dt

import pytest

from microparks.core.calendar import (
    ALL_DAY,
    CHINA_TZ,
    OfficeHours,
    due_after,
    working_time_between,
)
from microparks.io.rules import shipped_calendar
from microparks.io.rules.problems import DocumentError
from microparks.io.rules.servicedesk import parse_deadlines

CAL = shipped_calendar()
OFFICE = OfficeHours(((8 * 60 + 30, 12 * 60), (13 * 60 + 30, 17 * 60 + 30)))  # 7.5 h a day


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA_TZ)


def test_the_day_of_filing_is_not_counted() -> None:
    # Monday 10:00 or Monday 23:59: one working day is the whole of Tuesday either way.
    assert due_after(CAL, at(2024, 11, 11, 10), 1) == at(2024, 11, 13, 0)
    assert due_after(CAL, at(2024, 11, 11, 23, 59), 1) == at(2024, 11, 13, 0)


def test_filed_on_a_friday_or_a_weekend_the_period_starts_on_monday() -> None:
    assert due_after(CAL, at(2024, 11, 8, 15), 1) == at(2024, 11, 12, 0)
    assert due_after(CAL, at(2024, 11, 9, 9), 1) == at(2024, 11, 12, 0)


def test_holidays_and_make_up_days_of_the_official_calendar() -> None:
    # Filed Fri 27 Sep 2024: Sun 29 Sep is a make-up working day, 1-7 Oct are off.
    assert due_after(CAL, at(2024, 9, 27, 10), 1) == at(2024, 9, 30, 0)
    assert due_after(CAL, at(2024, 9, 27, 10), 3) == at(2024, 10, 9, 0)


def test_with_office_hours_the_period_ends_when_the_offices_close() -> None:
    assert due_after(CAL, at(2024, 11, 8, 15), 1, office=OFFICE) == at(2024, 11, 11, 17, 30)
    assert due_after(CAL, at(2024, 11, 8, 15), 2, office=OFFICE) == at(2024, 11, 12, 17, 30)


def test_hours_count_office_time_from_the_filing_instant() -> None:
    # Friday 15:00: 2.5 h left that day, then Monday from 08:30; the lunch break does not count.
    due = due_after(CAL, at(2024, 11, 8, 15), 4, "hours", office=OFFICE)
    assert due == at(2024, 11, 11, 10)
    due = due_after(CAL, at(2024, 11, 8, 15), 7, "hours", office=OFFICE)
    assert due == at(2024, 11, 11, 14, 30)
    # Filed at night: the hours start when the offices open.
    assert due_after(CAL, at(2024, 11, 11, 20), 1, "hours", office=OFFICE) == at(
        2024, 11, 12, 9, 30
    )


def test_a_fraction_of_a_day_counts_from_the_instant() -> None:
    assert due_after(CAL, at(2024, 11, 11, 10), 0.5) == at(2024, 11, 11, 22)
    half = due_after(CAL, at(2024, 11, 11, 10), 0.5, office=OFFICE)
    assert working_time_between(CAL, at(2024, 11, 11, 10), half, office=OFFICE) == OFFICE.length / 2


def test_a_wait_moves_the_deadline_by_the_working_time_it_took() -> None:
    pause = (at(2024, 11, 12, 9), at(2024, 11, 12, 11))  # two office hours on Tuesday
    due = due_after(CAL, at(2024, 11, 11, 10), 1, pauses=[pause], office=OFFICE)
    assert due == at(2024, 11, 13, 10, 30)  # Tuesday closes 2 h short; Wednesday from 08:30


def test_office_hours_are_checked() -> None:
    assert ALL_DAY.length == dt.timedelta(days=1)
    with pytest.raises(ValueError, match="ordered spans"):
        OfficeHours(((600, 500),))
    with pytest.raises(ValueError, match="ordered spans"):
        OfficeHours(((500, 700), (600, 800)))
    with pytest.raises(ValueError, match="unit"):
        due_after(CAL, at(2024, 11, 11, 10), 1, "weeks")


CODES = {"categories": ("electricity",), "priorities": ("urgent",)}


def test_a_deadlines_document_may_give_hours_and_office_hours() -> None:
    rules = parse_deadlines(
        {
            "default": {"ack": 1, "respond": 3, "close": 5},
            "rules": [{"priority": "urgent", "ack": 4, "respond": 8, "close": 16, "unit": "hours"}],
            "office_hours": ["08:30-12:00", "13:30-17:30"],
        },
        **CODES,
    )
    assert rules.office_hours == OFFICE
    assert rules.budget_for("electricity", "urgent").unit == "hours"
    assert rules.budget_for("electricity", "normal").unit == "days"
    assert (
        parse_deadlines({"default": {"ack": 1, "respond": 3, "close": 5}}, **CODES).office_hours
        == ALL_DAY
    )


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"office_hours": ["8-12"]}, "office_hours"),
        ({"office_hours": ["13:00-12:00"]}, "office_hours"),
        ({"default": {"ack": 1, "respond": 3, "close": 5, "unit": "weeks"}}, "default.unit"),
    ],
)
def test_bad_office_hours_or_units_are_refused_with_their_place(extra: dict, where: str) -> None:
    data = {"default": {"ack": 1, "respond": 3, "close": 5}} | extra
    with pytest.raises(DocumentError) as refused:
        parse_deadlines(data, **CODES)
    assert where in str(refused.value)
