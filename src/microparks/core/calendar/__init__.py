"""Working-day arithmetic on China's official calendar (public holidays, make-up working days).

Service-desk deadlines (1 working day to acknowledge, 3 to respond, 5 to close) are counted on
this calendar, with clocks that pause while a ticket waits for the enterprise. The official
arrangements are shipped per year as data citing the State Council General Office's notices;
a deployment adds local overrides.
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
    WorkingCalendar,
    YearNotice,
    load_year,
    official_calendar,
    official_years,
    parse_year,
)

__all__ = [
    "CHINA_TZ",
    "CalendarDataError",
    "Pause",
    "WorkingCalendar",
    "YearNotice",
    "add_working_days",
    "add_working_time",
    "load_year",
    "official_calendar",
    "official_years",
    "parse_year",
    "working_days_between",
    "working_time_between",
]
