"""The shipped official calendar against the State Council notices and an independent oracle.

Notices: 国务院办公厅关于2023/2024/2025/2026年部分节假日安排的通知 (国办发明电〔2022〕16号,
〔2023〕7号, 〔2024〕12号; 2026: dated 2025-11-04). The oracle is the ``chinese-calendar``
package (LKI/chinese-calendar), maintained independently from the same notices.
"""

from __future__ import annotations

import datetime as dt

import pytest

from microparks.core.calendar import (
    CalendarDataError,
    CalendarRules,
    WorkingCalendar,
    calendar_from,
)
from microparks.io.rules import DocumentError, load_shipped, shipped_calendar
from microparks.io.rules.servicedesk import parse_calendar
from tests.io.rules.helpers import problem_texts

D = dt.date
SHIPPED: CalendarRules = load_shipped("calendar")
YEARS = (2023, 2024, 2025, 2026)


def official_calendar(years: tuple[int, ...] = YEARS) -> WorkingCalendar:
    notices = tuple(n for n in SHIPPED.notices if n.year in years)
    return calendar_from([CalendarRules(notices)], "cn")


def test_shipped_years_and_citations() -> None:
    assert tuple(n.year for n in SHIPPED.notices) == YEARS
    for notice in SHIPPED.notices:
        assert notice.title == f"国务院办公厅关于{notice.year}年部分节假日安排的通知"
        assert notice.issued.year == notice.year - 1
    assert SHIPPED.notices[1].number == "国办发明电〔2023〕7号"
    assert shipped_calendar().years == frozenset(YEARS)


def test_national_day_2024() -> None:
    cal = official_calendar()
    assert all(not cal.is_working_day(D(2024, 10, d)) for d in range(1, 8))
    assert cal.is_working_day(D(2024, 9, 29))  # Sunday, make-up working day
    assert cal.is_working_day(D(2024, 10, 12))  # Saturday, make-up working day
    assert not cal.is_working_day(D(2024, 10, 13))  # ordinary Sunday
    assert cal.is_working_day(D(2024, 10, 8))


def test_spring_festival_counts() -> None:
    cal = official_calendar()
    # 2025: 8 days off (Jan 28 – Feb 4); Jan 26 (Sun) and Feb 8 (Sat) worked.
    assert cal.working_days_between(D(2025, 1, 26), D(2025, 2, 8)) == 6
    # 2026: 9 days off (Feb 15 – 23); Feb 14 and Feb 28 (Saturdays) worked.
    assert cal.working_days_between(D(2026, 2, 14), D(2026, 2, 28)) == 6


def test_agrees_with_chinese_calendar_oracle_every_day() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    cal = official_calendar()
    day = D(2023, 1, 1)
    while day <= D(2026, 12, 31):
        assert cal.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_working_days_per_year() -> None:
    # 365 days less weekends less weekday holidays plus weekend make-up days.
    cal = official_calendar()
    counts = {y: cal.working_days_between(D(y, 1, 1), D(y, 12, 31)) for y in YEARS}
    assert counts == {2023: 249, 2024: 251, 2025: 248, 2026: 248}


def test_outside_data_falls_back_to_weekdays() -> None:
    cal = official_calendar()
    assert not cal.covers(D(2030, 10, 1))
    assert cal.is_working_day(D(2030, 10, 1))  # a Tuesday, no data
    assert not cal.is_working_day(D(2030, 10, 5))  # Saturday


def test_overrides_win_and_are_recorded() -> None:
    cal = official_calendar((2024,))
    local = cal.with_overrides(holidays=[D(2024, 10, 8)], working_days=[D(2024, 10, 7)])
    assert not local.is_working_day(D(2024, 10, 8))
    assert local.is_working_day(D(2024, 10, 7))
    assert local.version == "cn+2"
    assert cal.with_overrides() is cal
    with pytest.raises(CalendarDataError, match="both off and working"):
        cal.with_overrides(holidays=[D(2024, 1, 2)], working_days=[D(2024, 1, 2)])


def test_weekends_only_calendar() -> None:
    cal = WorkingCalendar()
    assert cal.is_working_day(D(2024, 10, 1))
    assert not cal.is_working_day(D(2024, 9, 29))


def test_a_county_document_applies_after_the_official_one() -> None:
    county = CalendarRules(days_off={D(2024, 10, 8): "县庆"}, working_days={D(2024, 10, 7): ""})
    cal = calendar_from([SHIPPED, county], "shipped+county")
    assert not cal.is_working_day(D(2024, 10, 8))
    assert cal.is_working_day(D(2024, 10, 7))
    assert cal.version == "shipped+county"
    assert cal.covers(D(2026, 1, 1))


BASE = {
    "source": {"title": "t", "issued": "2023-10-25"},
    "holidays": [{"name": "x", "start": "2024-10-01", "end": "2024-10-07"}],
    "working_days": [{"date": "2024-10-12", "name": "x"}],
}


def test_parse_year_accepts_valid() -> None:
    (notice,) = parse_calendar({"years": {2024: BASE}}).notices
    assert len(notice.holidays) == 7
    assert notice.number == ""


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"holidays": [{"name": "x", "start": "2024-10-07", "end": "2024-10-01"}]},
            "years.2024.holidays[0]: the holiday range 2024-10-07 to 2024-10-01 is out of order",
        ),
        (
            {"holidays": [{"name": "x", "start": "2025-10-01", "end": "2025-10-02"}]},
            "outside 2024",
        ),
        ({"working_days": [{"date": "2024-10-11"}]}, "2024-10-11 is not on a weekend"),
        ({"working_days": [{"date": "2024-10-05"}]}, "is both a day off and a working day"),
        (
            {"working_days": [{"date": "2024-13-05"}]},
            "years.2024.working_days[0].date: expected a date (YYYY-MM-DD), got '2024-13-05'",
        ),
        ({"source": {"title": "t"}}, "years.2024.source.issued: expected a date"),
    ],
)
def test_parse_year_refuses_bad_data(patch: dict, message: str) -> None:
    with pytest.raises(DocumentError) as err:
        parse_calendar({"years": {2024: {**BASE, **patch}}})
    assert any(message in p for p in problem_texts(err.value)), problem_texts(err.value)


def test_county_days_may_not_be_both_off_and_working() -> None:
    day = {"date": "2024-10-08", "name": "x"}
    with pytest.raises(DocumentError, match="working_days: 2024-10-08 is both"):
        parse_calendar({"days_off": [day], "working_days": [day]})
