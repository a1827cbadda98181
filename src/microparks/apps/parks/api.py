"""Micro-parks in the JSON API: list, detail (sites, positioning, tenants) and site map."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from microparks.apps.common.api import (
    DetailOut,
    ObjectId,
    Pagination,
    choices_schema,
    get_visible_or_404,
)
from microparks.apps.enterprises.models import Enterprise
from microparks.apps.parks.models import Lease, Park
from microparks.apps.parks.services import active_leases
from microparks.apps.sites.api import GEOJSON_HELP, SiteFeatureCollection, visible_sites
from microparks.apps.sites.geojson import api_collection, geojson_response
from microparks.apps.sites.models import Site

router = Router(tags=["parks"])

ParkStatus = Annotated[Park.Status, choices_schema(Park.Status)]


class ParkOut(Schema):
    """A micro-park as listed; money in CNY as a number."""

    id: int
    code: str
    name: str
    region: str = Field(description="Region code")
    region_name: str
    status: ParkStatus
    management_body: str
    opened_date: date | None
    public_investment_cny: float

    @staticmethod
    def resolve_region(obj: Park) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Park) -> str:
        return obj.region.name


class ParkDetailOut(ParkOut):
    """A park with its sites, its positioning and its current tenants (what the user may see)."""

    description: str
    site_ids: list[int]
    positioning: list[str] = Field(description="GB/T 4754-2017 codes of the target industries")
    tenants: int = Field(description="Enterprises with a lease running today")

    @staticmethod
    def resolve_site_ids(obj: Park, context: dict[str, Any]) -> list[int]:
        sites = visible_sites(context["request"].user).filter(park=obj)
        return list(sites.values_list("pk", flat=True))

    @staticmethod
    def resolve_positioning(obj: Park) -> list[str]:
        return list(obj.positioning.order_by("code").values_list("code", flat=True))

    @staticmethod
    def resolve_tenants(obj: Park, context: dict[str, Any]) -> int:
        user = context["request"].user
        leases = Lease.objects.restrict(user).filter(active_leases(), park=obj)
        return Enterprise.objects.restrict(user).filter(pk__in=leases.values("enterprise")).count()


def visible_parks(user: Any) -> QuerySet[Park]:
    """The parks ``user`` may see, with what the schemas read."""
    return Park.objects.restrict(user).select_related("region").defer("region__geometry")


@router.get("/parks", response=list[ParkOut], summary="List parks")
@paginate(Pagination)
def list_parks(request: HttpRequest) -> QuerySet[Park]:
    return visible_parks(request.user).order_by("code", "pk")


@router.get(
    "/parks/{int:park_id}", response={200: ParkDetailOut, 404: DetailOut}, summary="One park"
)
def get_park(request: HttpRequest, park_id: ObjectId) -> Park:
    return get_visible_or_404(Park, request.user, park_id)


@router.get(
    "/parks/{int:park_id}/sites.geojson",
    response={200: SiteFeatureCollection, 404: DetailOut},
    summary="A park's sites as GeoJSON",
    description=GEOJSON_HELP,
)
def park_sites_geojson(request: HttpRequest, park_id: ObjectId) -> HttpResponse:
    park = get_visible_or_404(Park, request.user, park_id)
    sites = Site.objects.restrict(request.user).filter(park=park)
    return geojson_response(request, sites, api_collection, "application/json")
