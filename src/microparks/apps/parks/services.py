"""Headline figures of a county's micro-parks (dashboard, API and ``microparks summary``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, Sum

from microparks.apps.accounts.models import User
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.parks.models import Lease, Park
from microparks.apps.sites.models import M2_PER_MU


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

    def scoped(qs: Any) -> Any:
        return qs if user is None else qs.restrict(user)

    parks = scoped(Park.objects.all())
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
