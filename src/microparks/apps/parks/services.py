"""Headline figures of a county's micro-parks (dashboard, API and ``microparks summary``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from microparks.apps.accounts.models import User
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.parks.models import Lease, Park
from microparks.core.units import M2_PER_MU


@dataclass(frozen=True)
class YearFigures:
    """Tenants' totals for one year."""

    year: int
    tenants: int
    jobs: int
    local_jobs: int
    rural_jobs: int
    tax_cny: float
    output_cny: float


@dataclass(frozen=True)
class Summary:
    """The county's headline figures for the latest year with records, and the trend."""

    parks: int
    tenants: int
    year: int | None
    jobs: int
    local_jobs: int
    rural_jobs: int
    tax_cny: float
    output_cny: float
    land_in_use_m2: float
    trend: list[YearFigures] = field(default_factory=list)

    @property
    def land_in_use_mu(self) -> float:
        """Leased land in mu."""
        return self.land_in_use_m2 / M2_PER_MU

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON (the API and ``microparks summary --json``)."""
        data = asdict(self)
        data["land_in_use_mu"] = round(self.land_in_use_mu, 2)
        return data


def active_leases(on: date | None = None) -> Q:
    """Leases running on ``on`` (default today)."""
    on = on or date.today()
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def summarize(user: User | AnonymousUser | None = None, on: date | None = None) -> Summary:
    """Headline figures over what ``user`` may see (everything when ``user`` is None)."""
    parks = Park.objects.all() if user is None else Park.objects.restrict(user)
    return summarize_parks(parks, user, on)


def summarize_parks(
    parks: QuerySet[Park], user: User | AnonymousUser | None = None, on: date | None = None
) -> Summary:
    """Headline figures of the given parks, over what ``user`` may see (e.g. one park's page)."""

    def scoped(qs: Any) -> Any:
        return qs if user is None else qs.restrict(user)

    leases = scoped(Lease.objects.all()).filter(active_leases(on), park__in=parks)
    tenant_ids = leases.values("enterprise")
    tenants = scoped(Enterprise.objects.all()).filter(pk__in=tenant_ids)
    records = scoped(AnnualRecord.objects.all()).filter(enterprise__in=tenants)
    rows = (
        records.values("year")
        .annotate(
            n=Count("enterprise", distinct=True),
            jobs=Sum("jobs"),
            local=Sum("local_jobs"),
            rural=Sum("rural_jobs"),
            tax=Sum("tax_cny"),
            output=Sum("output_cny"),
        )
        .order_by("year")
    )
    trend = [
        YearFigures(
            year=r["year"],
            tenants=r["n"],
            jobs=r["jobs"] or 0,
            local_jobs=r["local"] or 0,
            rural_jobs=r["rural"] or 0,
            tax_cny=float(r["tax"] or Decimal(0)),
            output_cny=float(r["output"] or Decimal(0)),
        )
        for r in rows
    ]
    latest = trend[-1] if trend else None
    land = leases.aggregate(total=Sum("land_area_m2"))["total"] or 0.0
    return Summary(
        parks=parks.count(),
        tenants=tenants.count(),
        year=latest.year if latest else None,
        jobs=latest.jobs if latest else 0,
        local_jobs=latest.local_jobs if latest else 0,
        rural_jobs=latest.rural_jobs if latest else 0,
        tax_cny=latest.tax_cny if latest else 0.0,
        output_cny=latest.output_cny if latest else 0.0,
        land_in_use_m2=float(land),
        trend=trend,
    )


@dataclass(frozen=True)
class ParkFigures:
    """One park's figures for the park list.

    Tenants, their jobs and tax in the park's latest year with records, and the land that its
    running leases take.
    """

    tenants: int
    year: int | None
    jobs: int
    tax_cny: float
    land_in_use_m2: float

    @property
    def land_in_use_mu(self) -> float:
        """Leased land in mu."""
        return self.land_in_use_m2 / M2_PER_MU


def figures_by_park(
    parks: QuerySet[Park], user: User | AnonymousUser | None = None, on: date | None = None
) -> dict[int, ParkFigures]:
    """Figures of each park in ``parks`` (the park list), keyed by park id, in a few queries."""

    def scoped(qs: Any) -> Any:
        return qs if user is None else qs.restrict(user)

    leases = scoped(Lease.objects.all()).filter(active_leases(on), park__in=parks)
    firms_of: dict[int, set[int]] = defaultdict(set)
    for park_id, enterprise_id in leases.values_list("park_id", "enterprise_id"):
        firms_of[park_id].add(enterprise_id)
    land = dict(
        leases.order_by().values("park").annotate(t=Sum("land_area_m2")).values_list("park", "t")
    )
    firm_ids = set().union(*firms_of.values()) if firms_of else set()
    records: dict[int, dict[int, tuple[int, Decimal]]] = defaultdict(dict)
    rows = scoped(AnnualRecord.objects.all()).filter(enterprise__in=firm_ids)
    for firm, year, jobs, tax in rows.values_list("enterprise_id", "year", "jobs", "tax_cny"):
        records[firm][year] = (jobs, tax)
    result = {}
    for park_id in parks.values_list("pk", flat=True):
        firms = firms_of.get(park_id, set())
        year = max((y for f in firms for y in records[f]), default=None)
        latest = [records[f][year] for f in firms if year in records[f]]
        result[park_id] = ParkFigures(
            tenants=len(firms),
            year=year,
            jobs=sum(j for j, _ in latest),
            tax_cny=float(sum((t for _, t in latest), Decimal(0))),
            land_in_use_m2=float(land.get(park_id) or 0.0),
        )
    return result


def with_latest_record(enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Annotate enterprises with the year, jobs and tax of their latest annual record.

    The annotations are ``latest_year``, ``latest_jobs`` and ``latest_tax_cny`` (``None`` where
    the enterprise has no record).
    """
    latest = AnnualRecord.objects.filter(enterprise=OuterRef("pk")).order_by("-year")
    return enterprises.annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_jobs=Subquery(latest.values("jobs")[:1]),
        latest_tax_cny=Subquery(latest.values("tax_cny")[:1]),
    )


def park_tenants(
    park: Park, user: User | AnonymousUser | None = None, on: date | None = None
) -> QuerySet[Enterprise]:
    """Return the tenants of ``park`` that ``user`` may see, with their latest record's figures.

    Tenants are enterprises with a lease in the park running on ``on`` (default today).
    """
    firms = Enterprise.objects.all() if user is None else Enterprise.objects.restrict(user)
    running = Lease.objects.filter(active_leases(on), park=park).values("enterprise")
    return with_latest_record(firms.filter(pk__in=running).select_related("industry"))
