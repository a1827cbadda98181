"""The labour dashboard page (``/labour/dashboard/``): jobs, local share, wages, vacancies, shed.

Officials and investment officers see their county; park managers their own parks (of the
county of their parks); administrators choose any county. Other roles get 403, a county the
user may not see 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from microparks.apps.base import ALL_STAFF
from microparks.apps.common.permissions import role_required
from microparks.apps.labour.dashboard import SHED_MINUTES, Dashboard, counties_of, labour_dashboard
from microparks.apps.labour.models import STALE_DAYS
from microparks.core.labour.dashboard import quarter_label


def _percent(share: Decimal | None) -> float | None:
    return None if share is None else float(share * 100)


def chart_data(board: Dashboard) -> dict[str, Any]:
    """The page's charts as JSON: jobs by township, shares per quarter, wage ratio per park."""
    return {
        "quarters": [quarter_label(q) for q in board.quarters],
        "townships": [{"name": n, "jobs": jobs} for n, jobs in board.townships.items()],
        "local_share": [_percent(t.local_share) for t in board.totals],
        "poverty_share": [_percent(t.poverty_share) for t in board.totals],
        "hires": [t.hires_from_events for t in board.totals],
        "parks": [line.park.name for line in board.parks if line.wage and line.wage.ratio],
        "ratios": [float(line.wage.ratio) for line in board.parks if line.wage and line.wage.ratio],
        "labels": {
            "jobs": _("Jobs (persons)"),
            "share": _("Share of workers (%)"),
            "local": _("Local (in-county) workers (%)"),
            "poverty": _("Workers from poverty-alleviated households (%)"),
            "hires": _("Hired at job fairs and courses (persons)"),
            "ratio": _("Annual wage ÷ rural per-capita disposable income"),
        },
    }


@role_required(ALL_STAFF)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The labour dashboard of one county (``?county=`` a code; default the user's own)."""
    counties = counties_of(request.user)
    code = request.GET.get("county")
    own = getattr(request.user, "region_id", None)
    if code:
        county = next((c for c in counties if c.code == code), None)
        if county is None:
            raise Http404
    else:
        county = next((c for c in counties if c.pk == own), counties[0] if counties else None)
    context: dict[str, Any] = {"counties": counties, "county": county}
    if county is not None:
        board = labour_dashboard(request.user, county)
        context |= {
            "board": board,
            "quarter_labels": [quarter_label(q) for q in board.quarters],
            "wage_quarter": quarter_label(board.wage_quarter) if board.wage_quarter else "",
            "chart": chart_data(board),
            "shed_minutes": [int(m) for m in SHED_MINUTES],
            "stale_days": STALE_DAYS,
            "open_posts": sum(line.open_posts for line in board.parks),
            "stale_posts": sum(line.stale_posts for line in board.parks),
        }
    return render(request, "labour/dashboard.html", context)
