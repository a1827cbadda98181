"""The labour dashboard's data: a county's parks as the user may see them, in a fixed few queries.

Each figure is read as value rows summed by the database (per park and quarter, per park) and
shaped by :mod:`microparks.core.labour.dashboard`; no query runs per firm or per park, so the
page costs the same for 3 firms as for 300. Park managers see their own parks only (their
records, vacancies, hires and shed rows); officials and investment officers their county.

The labour shed is read from the suitability app's stored figures through the app registry:
the suitability app builds on the labour pool, so importing it here would make a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from microparks.apps.base import Role
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.labour.models import EmploymentRecord, Vacancy
from microparks.apps.labour.vacancies import stale_since
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.core.labour.dashboard import (
    ParkQuarter,
    Quarter,
    QuarterTotals,
    WageComparison,
    jobs_by_group,
    last_quarters,
    quarter_of_month,
    quarter_totals,
    shed_at,
    wage_comparison,
)

QUARTERS_SHOWN = 8
"""Quarters on the dashboard: the latest with records and the seven before it."""
SHED_MINUTES = (15.0, 30.0, 45.0)
"""The labour shed's thresholds shown (those the suitability app works out)."""
BILL: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)


@dataclass(frozen=True)
class ParkLine:
    """One park's row of the dashboard's tables."""

    park: Park
    township: str
    jobs: list[int]
    wage: WageComparison | None
    vacancies: int = 0
    open_posts: int = 0
    stale_vacancies: int = 0
    stale_posts: int = 0
    shed: list[int | None] = field(default_factory=list)


@dataclass(frozen=True)
class Dashboard:
    """What the page shows of ``county`` for one user."""

    county: Region
    quarters: list[Quarter]
    parks: list[ParkLine]
    townships: dict[str, list[int]]
    totals: list[QuarterTotals]
    wage_quarter: Quarter | None
    shed: Any | None
    """The county's newest labour shed (``suitability.LabourShed``), or None."""

    @property
    def latest(self) -> QuarterTotals | None:
        """The totals of the latest quarter shown."""
        return self.totals[-1] if self.totals else None


def counties_of(user: Any) -> list[Region]:
    """The counties whose dashboard ``user`` may open: their own, or their parks' counties."""
    parks = Park.objects.restrict(user)
    ids = Q(pk__in=parks.values("region")) | Q(pk__in=parks.values("region__parent"))
    if user.has_role(Role.OFFICIAL, Role.INVESTMENT):
        ids |= Q(pk__in=Region.objects.restrict(user).values("pk"))
    rows = Region.objects.filter(ids, level=Region.Level.COUNTY).defer("geometry")
    return list(rows.order_by("code"))


def parks_of(user: Any, county: Region) -> QuerySet[Park]:
    """The county's parks ``user`` may see (a park sits in a township or the county itself)."""
    return Park.objects.restrict(user).filter(Q(region=county) | Q(region__parent=county))


def park_quarters(user: Any, parks: QuerySet[Park]) -> list[ParkQuarter]:
    """The visible employment records of ``parks`` summed per park and quarter (one query)."""
    rows = (
        EmploymentRecord.objects.restrict(user)
        .filter(park__in=parks.values("pk"))
        .values("park", "year", "quarter")
        .annotate(
            n=Sum("headcount"),
            local_n=Sum("local"),
            poor_n=Sum("poverty_alleviated"),
            bill=Sum(F("headcount") * F("wage_cny"), output_field=BILL),
        )
        .order_by("park", "year", "quarter")
    )
    return [
        ParkQuarter(
            r["park"], r["year"], r["quarter"], r["n"], r["local_n"], r["poor_n"],
            Decimal(r["bill"] or 0),
        )
        for r in rows
    ]  # fmt: skip


def open_vacancies(user: Any, parks: QuerySet[Park]) -> dict[int, dict[str, int]]:
    """Open vacancies and posts per park, and those open 30 days or more (one query)."""
    stale = Q(created_at__lt=stale_since())
    rows = (
        Vacancy.objects.restrict(user)
        .filter(park__in=parks.values("pk"), status=Vacancy.Status.OPEN)
        .values("park")
        .annotate(
            vacancies=Count("pk"),
            open_posts=Sum("number"),
            stale_vacancies=Count("pk", filter=stale),
            stale_posts=Sum("number", filter=stale),
        )
        .order_by()
    )
    return {r.pop("park"): {k: v or 0 for k, v in r.items()} for r in rows}


def event_hires(user: Any, parks: QuerySet[Park]) -> dict[Quarter, int]:
    """Workers hired at job fairs and courses by firms of ``parks``, per quarter of the event."""
    hire = apps.get_model("labour", "EventHire")
    rows = (
        hire.objects.restrict(user)
        # a subquery, not a join: a firm with two leases would count its hires twice
        .filter(enterprise__in=Enterprise.objects.filter(leases__park__in=parks.values("pk")))
        .values(year=ExtractYear("event__start_date"), month=ExtractMonth("event__start_date"))
        .annotate(n=Sum("hired"))
        .order_by()
    )
    out: dict[Quarter, int] = {}
    for r in rows:
        key = (r["year"], quarter_of_month(r["month"]))
        out[key] = out.get(key, 0) + (r["n"] or 0)
    return out


def newest_shed(
    county: Region, parks: QuerySet[Park]
) -> tuple[Any | None, dict[int, list[int | None]]]:
    """The county's newest labour shed and each park's persons at 15 / 30 / 45 min (2 queries)."""
    shed_model = apps.get_model("suitability", "LabourShed")
    figure_model = apps.get_model("suitability", "ShedFigure")
    shed = shed_model.objects.filter(region=county).order_by("-created_at", "-pk").first()
    if shed is None:
        return None, {}
    rows = figure_model.objects.filter(shed=shed, park__in=parks.values("pk"))
    return shed, {
        park: shed_at(shed.minutes, labour, SHED_MINUTES)
        for park, labour in rows.values_list("park", "labour")
    }


def labour_dashboard(user: Any, county: Region) -> Dashboard:
    """The dashboard of ``county``'s parks that ``user`` may see."""
    parks_qs = parks_of(user, county)
    fields = ("pk", "name", "code", "region__name", "region__level")
    parks = list(parks_qs.select_related("region").only(*fields).order_by("name"))
    rows = park_quarters(user, parks_qs)
    quarters = last_quarters((r.key for r in rows), QUARTERS_SHOWN)
    township = {
        p.pk: p.region.name if p.region.level == Region.Level.TOWNSHIP else "—" for p in parks
    }
    by_park = jobs_by_group(rows, {p.pk: p.pk for p in parks}, quarters)
    wage_quarter = quarters[-1] if quarters else None
    wages = (
        {w.park: w for w in wage_comparison(rows, wage_quarter, county.rural_income_cny)}
        if wage_quarter
        else {}
    )
    vacancies = open_vacancies(user, parks_qs)
    shed, shed_rows = newest_shed(county, parks_qs)
    lines = [
        ParkLine(
            park=p,
            township=township[p.pk],
            jobs=by_park[p.pk],
            wage=wages.get(p.pk),
            shed=shed_rows.get(p.pk, [None] * len(SHED_MINUTES)),
            **vacancies.get(p.pk, {}),
        )
        for p in parks
    ]
    return Dashboard(
        county=county,
        quarters=quarters,
        parks=lines,
        townships=jobs_by_group(rows, township, quarters),
        totals=quarter_totals(rows, quarters, event_hires(user, parks_qs)),
        wage_quarter=wage_quarter,
        shed=shed,
    )
