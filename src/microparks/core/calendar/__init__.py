"""Working-day arithmetic on China's official calendar (public holidays, make-up working days).

Service-desk deadlines (1 working day to acknowledge, 3 to respond, 5 to close) are counted on
this calendar, with clocks that pause while a ticket waits for the enterprise. The official
arrangements (the State Council General Office's notices, cited) and a county's own days are
rules documents of kind ``calendar``, read by :mod:`microparks.io.rules`.
"""

from microparks.core.calendar.clock import (
    CHINA_TZ,
    Pause,
    add_working_days,
    add_working_time,
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
    "CHINA_TZ",
    "CalendarDataError",
    "CalendarRules",
    "Pause",
    "WorkingCalendar",
    "YearNotice",
    "add_working_days",
    "add_working_time",
    "calendar_from",
    "working_days_between",
    "working_time_between",
]
