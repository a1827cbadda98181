"""Working-day arithmetic on China's official calendar (public holidays, make-up working days).

Service-desk deadlines (1 working day to acknowledge, 3 to respond, 5 to close) are counted on
this calendar from the day after filing (:func:`due_after`), in office hours where the deadlines
document gives them, with clocks that pause while a ticket waits for the enterprise. The official
arrangements (the State Council General Office's notices, cited) and a county's own days are
rules documents of kind ``calendar``, read by :mod:`microparks.io.rules`.
"""

from microparks.core.calendar.clock import (
    ALL_DAY,
    CHINA_TZ,
    OfficeHours,
    Pause,
    add_working_days,
    add_working_time,
    due_after,
    working_days_between,
    working_time_between,
)
from microparks.core.calendar.official import (
    CalendarDataError,
    CalendarRules,
    WorkingCalendar,
    YearNotice,
    calendar_from,
)

__all__ = [
    "ALL_DAY",
    "CHINA_TZ",
    "CalendarDataError",
    "CalendarRules",
    "OfficeHours",
    "Pause",
    "WorkingCalendar",
    "YearNotice",
    "add_working_days",
    "add_working_time",
    "calendar_from",
    "due_after",
    "working_days_between",
    "working_time_between",
]
