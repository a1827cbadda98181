"""Rural labour in the JSON API: the pool by township and the vacancies.

``GET /api/labour/pool`` reads through ``PoolVersion.objects.restrict(user)``: county officials
and investment officers see their county, park managers the county of their parks, the county's
employment service officers their county, administrators every county; other roles and other
counties get 404, never another county's pool. ``GET /api/labour/vacancies`` lists the
vacancies the user may see (a firm its own).
"""

# No ``from __future__ import annotations`` here: ninja reads the annotations at run time.
from datetime import date, datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from microparks.apps.common.api import DetailOut, Pagination
from microparks.apps.labour.models import Vacancy
from microparks.apps.labour.services import choose_version, county_totals, township_totals

router = Router(tags=["labour"])


class PoolFiguresOut(Schema):
    """Head-counts in persons; ``null`` where the register gave no figure (unknown, not 0)."""

    labour: int | None = Field(description="劳动力人数")
    migrant: int | None = Field(description="外出务工人数")
    available: int | None = Field(description="在家可就业人数")
    poverty_alleviated: int | None = Field(description="脱贫劳动力")
    monitored: int | None = Field(description="监测对象")
    age_16_30: int | None
    age_31_45: int | None
    age_46_60: int | None
    age_over_60: int | None


class TownshipPoolOut(PoolFiguresOut):
    """A township's figures, summed over its villages."""

    code: str
    name: str
    villages: int = Field(description="Rows of the register (villages, or 1 for the township)")


class PoolOut(Schema):
    """One version of a county's labour pool and where it came from."""

    county: str = Field(description="County code")
    county_name: str
    year: int
    version: int
    version_id: int
    file_name: str
    sha256: str
    imported_at: datetime
    townships: list[TownshipPoolOut]
    total: PoolFiguresOut


@router.get(
    "/labour/pool",
    response={200: PoolOut, 404: DetailOut},
    summary="Labour pool by township",
)
def labour_pool(
    request: HttpRequest,
    county: str | None = None,
    year: int | None = None,
    version: int | None = None,
) -> PoolOut:
    """A version of the pool (default: the user's county, its latest year and version)."""
    choice = choose_version(request.user, county=county, year=year, version=version)
    pool = choice.pool
    if pool is None:
        raise Http404
    region = next(c for c in choice.counties if c.pk == pool.region_id)
    townships = township_totals(pool)
    return PoolOut(
        county=region.code,
        county_name=region.name,
        year=pool.year,
        version=pool.version,
        version_id=pool.pk,
        file_name=pool.file_name,
        sha256=pool.sha256,
        imported_at=pool.created_at,
        townships=[
            TownshipPoolOut(
                code=t.township.code, name=t.township.name, villages=t.villages, **t.counts
            )
            for t in townships
        ],
        total=PoolFiguresOut(**county_totals(townships)),
    )


class VacancyOut(Schema):
    """A vacancy as listed; wages in CNY a month."""

    id: int
    enterprise: str = Field(description="Unified social credit code")
    enterprise_name: str
    park: str = Field(description="Park code")
    post: str
    number: int
    skills: str
    wage_min_cny: int
    wage_max_cny: int
    shifts: str
    housing: bool
    shuttle: bool
    start_date: date
    status: str
    created_at: datetime
    case_id: int | None = Field(description="The service-desk ticket opened after 30 days")

    @staticmethod
    def resolve_enterprise(obj: Vacancy) -> str:
        return obj.enterprise.credit_code

    @staticmethod
    def resolve_enterprise_name(obj: Vacancy) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_park(obj: Vacancy) -> str:
        return obj.park.code


@router.get("/labour/vacancies", response=list[VacancyOut], summary="Vacancies")
@paginate(Pagination)
def list_vacancies(request: HttpRequest, status: str | None = None) -> QuerySet[Vacancy]:
    """The vacancies the user may see, newest first; ``status``: open, filled or withdrawn."""
    rows = Vacancy.objects.restrict(request.user).select_related("enterprise", "park")
    return rows.filter(status=status) if status else rows
