"""The labour pool in the JSON API: one version summed by township (``GET /api/labour/pool``).

Read through ``PoolVersion.objects.restrict(user)``: county officials and investment officers
see their county, park managers the county of their parks, administrators every county; other
roles and other counties get 404, never another county's pool.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from microparks.apps.common.api import DetailOut
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
