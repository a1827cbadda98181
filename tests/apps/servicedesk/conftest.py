"""Service-desk fixtures: routing of the home county's electricity tickets, a fixed clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from microparks.core.calendar import CHINA_TZ


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA_TZ)


# Monday 23 Sep 2024, 10:00 in Beijing: deadlines run across the 29 Sep make-up working day.
FILED = at(2024, 9, 23, 10)


@pytest.fixture
def desk(home: Any, other: Any, settings: Any, tmp_path: Any) -> Any:
    """Home county with a routing rule (electricity → power office) and uploads in tmp."""
    from microparks.apps.servicedesk.models import RoutingRule

    settings.MEDIA_ROOT = tmp_path / "media"
    RoutingRule.objects.create(
        region=home.county, category="electricity", department=home.department
    )
    RoutingRule.objects.create(
        region=other.county, category="electricity", department=other.department
    )
    return home


def file_ticket(county: Any, now: dt.datetime = FILED, files: Any = (), **kw: Any) -> Any:
    from microparks.apps.servicedesk.services import NewTicket, do_file_ticket

    new = NewTicket(
        enterprise=county.enterprise,
        park=county.park,
        category=kw.pop("category", "electricity"),
        title=kw.pop("title", "Power cut every afternoon"),
        description=kw.pop("description", "The line trips at 14:00."),
        **kw,
    )
    return do_file_ticket(county.users["enterprise"], new, files, now=now)
