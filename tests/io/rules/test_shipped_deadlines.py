"""The shipped service-desk deadlines count only in office hours (08:30-12:00, 14:30-18:00)."""

from __future__ import annotations

import datetime as dt

import pytest

from microparks.core.calendar import CHINA_TZ, OfficeHours, due_after
from microparks.core.servicedesk import DeadlineRules
from microparks.io.rules import SHIPPED, load_yaml, shipped_calendar
from microparks.io.rules.servicedesk import parse_deadlines

pytestmark = pytest.mark.engine_neutral

CAL = shipped_calendar()


def at(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=CHINA_TZ)


def shipped_rules() -> DeadlineRules:
    doc = next(s for s in SHIPPED if s.kind == "deadlines" and s.name == "default")
    return parse_deadlines(
        load_yaml(doc.text()), ["electricity", "water"], ["urgent", "normal", "low"]
    )


def test_the_shipped_document_gives_office_hours() -> None:
    office = shipped_rules().office_hours
    assert office == OfficeHours(((8 * 60 + 30, 12 * 60), (14 * 60 + 30, 18 * 60)))
    assert office.length == dt.timedelta(hours=7)


def test_due_times_under_the_shipped_document_respect_office_hours() -> None:
    rules = shipped_rules()
    office = rules.office_hours
    normal, urgent = rules.default, rules.rules[0].budget
    friday = at(2024, 11, 8, 17)  # Friday 17:00
    # 1 working day (受理): the day of filing is not counted; Monday when the offices close.
    assert due_after(CAL, friday, normal.ack, office=office) == at(2024, 11, 11, 18)
    # 5 working days (办结): Mon 11 to Fri 15 Nov, at 18:00.
    assert due_after(CAL, friday, normal.close, office=office) == at(2024, 11, 15, 18)
    # Half a working day (urgent 受理) is 3.5 office hours from the instant: Friday's last
    # hour, then 08:30-11:00 on Monday.
    assert urgent.ack == 0.5
    assert due_after(CAL, friday, urgent.ack, office=office) == at(2024, 11, 11, 11)
    # Filed in the lunch break: the clock starts at 14:30 and half a day ends at 18:00.
    assert due_after(CAL, at(2024, 11, 11, 13), urgent.ack, office=office) == at(2024, 11, 11, 18)
