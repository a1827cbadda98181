"""The service desk's documents: deadline budgets and working calendars.

A ``deadlines`` document gives the working days to acknowledge, respond and close, by default
and for a category and/or priority (``unit: hours`` for a budget in working hours), and may give
the ``office_hours`` that count (``["08:30-12:00", "13:30-17:30"]``; the whole day without).
A ``calendar`` document gives official notices per year (``years``: holiday ranges and make-up
working days, each year citing its notice) and a county's own days (``days_off``,
``working_days``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from microparks.core.calendar import ALL_DAY, CalendarRules, OfficeHours, YearNotice
from microparks.core.servicedesk import Budget, DeadlineRule, DeadlineRules
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

SATURDAY = 5
UNITS = ("days", "hours")
SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _budget(r: Reader, raw: Any, path: str, keys: tuple[str, ...] = ()) -> Budget:
    item = r.mapping(raw, path, ("ack", "respond", "close", "unit", *keys))
    ack, respond, close = (r.number(item, k, path) for k in ("ack", "respond", "close"))
    if None not in (ack, respond, close) and not (ack <= respond <= close):  # type: ignore[operator]
        r.fail(path, m.DEADLINES_ORDER)
    unit = r.choice(item, "unit", path, UNITS, "days")
    return Budget(ack or 0.0, respond or 0.0, close or 0.0, unit)


def _office_hours(r: Reader, raw: Any, path: str) -> OfficeHours:
    """``["08:30-12:00", "13:30-17:30"]`` as :class:`OfficeHours` (the whole day if absent)."""
    if raw is None:
        return ALL_DAY
    spans = []
    for item in r.items(raw, path, required=True):
        found = SPAN.match(item) if isinstance(item, str) else None
        if found is None:
            r.fail(path, m.OFFICE_HOURS, value=repr(item))
            return ALL_DAY
        h1, m1, h2, m2 = (int(g) for g in found.groups())
        spans.append((h1 * 60 + m1, h2 * 60 + m2))
    try:
        return OfficeHours(tuple(spans))
    except ValueError:
        r.fail(path, m.OFFICE_HOURS, value=", ".join(map(str, raw)))
        return ALL_DAY


def parse_deadlines(
    data: Mapping[str, Any], categories: Sequence[str], priorities: Sequence[str]
) -> DeadlineRules:
    """Check a deadlines document; build :class:`~microparks.core.servicedesk.DeadlineRules`.

    ``categories`` and ``priorities`` are the tickets' (the service desk defines them).

    Raises
    ------
    DocumentError
        Listing every problem with its path (``rules[1].close``, …).

    """
    r = Reader()
    doc = r.mapping(data, "", ("name", "version", "title", "default", "rules", "office_hours"))
    default = _budget(r, doc.get("default"), "default") if "default" in doc else None
    if default is None:
        r.fail("default", m.MISSING)
    rules = []
    for i, raw in enumerate(r.items(doc.get("rules"), "rules")):
        path = f"rules[{i}]"
        item = r.mapping(raw, path) if raw is not None else {}
        budget = _budget(r, item, path, ("category", "priority"))
        category = r.choice(item, "category", path, ("", *categories), "")
        priority = r.choice(item, "priority", path, ("", *priorities), "")
        rules.append(DeadlineRule(category, priority, budget))
    keys = [(x.category, x.priority) for x in rules]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        r.fail("rules", m.DUPLICATE, value=" / ".join(v or "*" for v in key))
    office = _office_hours(r, doc.get("office_hours"), "office_hours")
    r.check()
    return DeadlineRules(default or Budget(0, 0, 0), tuple(rules), office)


def parse_year(r: Reader, year: Any, raw: Any, path: str) -> YearNotice | None:
    """One year's official notice (``source``, ``holidays`` ranges, ``working_days``)."""
    data = r.mapping(raw, path, ("source", "holidays", "working_days"))
    if isinstance(year, bool) or not str(year).isdigit():
        r.fail(path, m.EXPECTED_WHOLE_NUMBER, value=repr(year), minimum=1949)
        return None
    y = int(year)
    source = r.mapping(data.get("source"), f"{path}.source", ("title", "number", "issued"))
    title = r.text(source, "title", f"{path}.source")
    number = r.text(source, "number", f"{path}.source", required=False)
    issued = r.date(source.get("issued"), f"{path}.source.issued")
    holidays: dict[dt.date, str] = {}
    for i, item in enumerate(r.items(data.get("holidays"), f"{path}.holidays", required=True)):
        where = f"{path}.holidays[{i}]"
        entry = r.mapping(item, where, ("name", "start", "end"))
        name = r.text(entry, "name", where)
        start, end = (
            r.date(entry.get("start"), f"{where}.start"),
            r.date(entry.get("end"), f"{where}.end"),
        )
        if start is None or end is None:
            continue
        if end < start or y not in (start.year, end.year):
            r.fail(where, m.HOLIDAY_RANGE, start=str(start), end=str(end), year=y)
            continue
        day = start
        while day <= end:
            holidays[day] = name
            day += dt.timedelta(days=1)
    working: dict[dt.date, str] = {}
    for i, item in enumerate(r.items(data.get("working_days"), f"{path}.working_days")):
        where = f"{path}.working_days[{i}]"
        entry = r.mapping(item, where, ("date", "name"))
        date = r.date(entry.get("date"), f"{where}.date")
        if date is None:
            continue
        day = date
        if day.weekday() < SATURDAY:
            r.fail(where, m.MAKEUP_NOT_WEEKEND, date=str(day))
        elif day in holidays:
            r.fail(where, m.BOTH_OFF_AND_WORKING, date=str(day))
        working[day] = r.text(entry, "name", where, required=False)
    if issued is None:
        return None
    return YearNotice(y, title, number, issued, holidays, working)


def _days(r: Reader, raw: Any, path: str) -> dict[dt.date, str]:
    out: dict[dt.date, str] = {}
    for i, item in enumerate(r.items(raw, path)):
        where = f"{path}[{i}]"
        entry = r.mapping(item, where, ("date", "name"))
        day = r.date(entry.get("date"), f"{where}.date")
        if day is not None:
            if day in out:
                r.fail(f"{where}.date", m.DUPLICATE, value=str(day))
            out[day] = r.text(entry, "name", where, required=False)
    return out


def parse_calendar(data: Mapping[str, Any]) -> CalendarRules:
    """Check a calendar document; build :class:`~microparks.core.calendar.CalendarRules`.

    Raises
    ------
    DocumentError
        Listing every problem with its path (``years.2026.holidays[3].end``, …).

    """
    r = Reader()
    doc = r.mapping(data, "", ("name", "version", "title", "years", "days_off", "working_days"))
    notices = [
        parse_year(r, year, raw, f"years.{year}")
        for year, raw in r.mapping(doc.get("years") or {}, "years").items()
    ]
    off = _days(r, doc.get("days_off"), "days_off")
    working = _days(r, doc.get("working_days"), "working_days")
    for day in sorted(off.keys() & working.keys()):
        r.fail("working_days", m.BOTH_OFF_AND_WORKING, date=str(day))
    r.check()
    return CalendarRules(
        notices=tuple(sorted((n for n in notices if n is not None), key=lambda n: n.year)),
        days_off=off,
        working_days=working,
    )
