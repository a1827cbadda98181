"""The platform's clock: the time business rules count from (deadlines, objection windows).

Production reads the real time. A demo or training server, and tests, may set the clock
(``MICROPARKS_CLOCK`` in settings, e.g. ``2026-05-20T09:00+08:00``) so that a 10-working-day
window can be seen to close without waiting ten days. Record timestamps (when a row was saved,
a job's start) keep the real time; only rules that count days ask this clock.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    """The current moment for the rules: the set clock if there is one, else the real time."""
    fixed: dt.datetime | None = getattr(settings, "CLOCK", None)
    return fixed if fixed is not None else timezone.now()


def today() -> dt.date:
    """The current date in the site's time zone (Asia/Shanghai) for the rules."""
    return timezone.localdate(now())
