"""Idle assets in the JSON API: list, filter, detail, GeoJSON, create and update.

Writes are for the roles in ``Site.scope.edit`` (and the administrator), inside their scope:
the region must be one the user may see (a county official: their county and its townships),
the park one they may change (a park manager: their parks), and the saved row must pass
``restrict(user, "change")`` or nothing is saved.
"""

# No ``from __future__ import annotations`` here: ninja resolves the annotations of the
# paginated view in ninja's own module, where string annotations cannot be resolved.
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from microparks.apps.common.api import (
    DetailOut,
    ErrorsOut,
    ObjectId,
    Pagination,
    Quantity,
    RefId,
    check_may_create,
    choices_schema,
    finite,
    get_changeable,
    get_related_in_scope,
    get_visible_or_404,
    save_in_scope,
)
from microparks.apps.common.revision_api import (
    IF_MATCH_HELP,
    ConflictOut,
    refuse_stale_write,
    with_etag,
)
from microparks.apps.regions.models import Region
from microparks.apps.sites.geojson import api_collection, geojson_response
from microparks.apps.sites.models import Site
from microparks.core.geometry import location_of_type

router = Router(tags=["sites"])

SiteKind = Annotated[Site.Kind, choices_schema(Site.Kind)]
SiteStatus = Annotated[Site.Status, choices_schema(Site.Status)]
SiteOwnership = Annotated[Site.Ownership, choices_schema(Site.Ownership)]
SiteDesignation = Annotated[Site.Designation, choices_schema(Site.Designation)]
SiteCondition = Annotated[Site.Condition, choices_schema(Site.Condition)]
SiteRoadAccess = Annotated[Site.RoadAccess, choices_schema(Site.RoadAccess)]
# empty: not assessed; the model's full_clean() refuses any other value outside the choices
SiteSensitivity = Annotated[
    str, WithJsonSchema({"type": "string", "enum": ["", *Site.Sensitivity.values]})
]

GEOMETRY_HELP = (
    "GeoJSON in EPSG:4326: a Point (a ledger's longitude/latitude, until an outline is added) "
    "or the parcel's Polygon or MultiPolygon"
)
# The model's own digits (max_digits, decimal_places): more is a 422, never a database error.
Rent = Annotated[Decimal, finite(max_digits=8, decimal_places=2)]
Price = Annotated[Decimal, finite(max_digits=14, decimal_places=2)]
Year = Annotated[int, Field(ge=1800, le=2100)]
LOCATION_HELP = "point: located by a ledger's coordinates only; outline: by the parcel polygon"
Location = Literal["point", "outline"]


class SiteOut(Schema):
    """An idle asset as listed; areas in m² (and mu), money in CNY as numbers."""

    id: int
    code: str
    name: str
    kind: SiteKind
    status: SiteStatus
    region: str = Field(description="Region code")
    region_name: str
    park: int | None = Field(description="Park id")
    address: str
    land_area_m2: float
    land_area_mu: float
    floor_area_m2: float
    ownership: SiteOwnership
    planning_designation: SiteDesignation
    eia_sensitivity: SiteSensitivity = Field(
        description="Kind of environmentally sensitive area (2021 EIA list, art. 3); "
        "empty: not assessed"
    )
    condition: SiteCondition
    building_year: int | None
    power_capacity_kva: float
    water_supply_t_per_day: float
    road_access: SiteRoadAccess
    asking_rent_cny_per_m2_month: float | None
    asking_price_cny: float | None
    location: Location | None = Field(description=LOCATION_HELP)

    @staticmethod
    def resolve_location(obj: Site) -> str | None:
        if "geometry" in obj.get_deferred_fields():  # a list row: the type was read instead
            return location_of_type(obj.geometry_type)  # type: ignore[attr-defined]
        return obj.location_kind

    @staticmethod
    def resolve_region(obj: Site) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Site) -> str:
        return obj.region.name

    @staticmethod
    def resolve_park(obj: Site) -> int | None:
        return obj.park_id

    @staticmethod
    def resolve_land_area_mu(obj: Site) -> float:
        return round(obj.land_area_mu, 4)


class SiteDetailOut(SiteOut):
    """An idle asset with its geometry, provenance and notes."""

    geometry: dict[str, Any] = Field(description=GEOMETRY_HELP)
    source_file: str
    source_date: date | None
    notes: str
    created_at: datetime
    updated_at: datetime


class SiteIn(Schema):
    """A new idle asset. ``region`` is a region code, ``park`` a park id."""

    code: str
    name: str
    kind: SiteKind
    region: str = Field(description="Region code (county or township)")
    park: RefId | None = Field(None, description="Park id")
    geometry: dict[str, Any] = Field(description=GEOMETRY_HELP)
    address: str = ""
    land_area_m2: Quantity
    floor_area_m2: Quantity = 0
    ownership: SiteOwnership = Site.Ownership.UNKNOWN
    planning_designation: SiteDesignation = Site.Designation.UNPLANNED
    eia_sensitivity: SiteSensitivity = ""
    condition: SiteCondition
    building_year: Year | None = None
    power_capacity_kva: Quantity = 0
    water_supply_t_per_day: Quantity = 0
    road_access: SiteRoadAccess = Site.RoadAccess.VILLAGE
    asking_rent_cny_per_m2_month: Rent | None = None
    asking_price_cny: Price | None = None
    status: SiteStatus = Site.Status.IDLE
    source_file: str = ""
    source_date: date | None = None
    notes: str = ""


class SitePatch(Schema):
    """Changes to an idle asset: only the fields sent are changed (see :class:`SiteIn`)."""

    code: str | None = None
    name: str | None = None
    kind: SiteKind | None = None
    region: str | None = Field(None, description="Region code (county or township)")
    park: RefId | None = Field(None, description="Park id; null takes the site out of its park")
    geometry: dict[str, Any] | None = Field(None, description=GEOMETRY_HELP)
    address: str | None = None
    land_area_m2: Quantity | None = None
    floor_area_m2: Quantity | None = None
    ownership: SiteOwnership | None = None
    planning_designation: SiteDesignation | None = None
    eia_sensitivity: SiteSensitivity | None = None
    condition: SiteCondition | None = None
    building_year: Year | None = None
    power_capacity_kva: Quantity | None = None
    water_supply_t_per_day: Quantity | None = None
    road_access: SiteRoadAccess | None = None
    asking_rent_cny_per_m2_month: Rent | None = None
    asking_price_cny: Price | None = None
    status: SiteStatus | None = None
    source_file: str | None = None
    source_date: date | None = None
    notes: str | None = None


class SiteFilters(Schema):
    """Filters of the site list and map."""

    kind: SiteKind | None = None
    status: SiteStatus | None = None
    region: str | None = Field(None, description="Region code; includes the regions below it")
    park: RefId | None = Field(None, description="Park id")
    min_land_area_m2: Quantity | None = None
    max_land_area_m2: Quantity | None = None


class SiteProperties(Schema):
    """The properties of a site on the map."""

    id: int
    code: str
    name: str
    kind: SiteKind
    status: SiteStatus
    condition: SiteCondition
    region: str = Field(description="Region code")
    park: int | None = Field(description="Park id")
    land_area_m2: float
    floor_area_m2: float
    location: Location | None = Field(description=LOCATION_HELP)


class SiteFeature(Schema):
    """A site as a GeoJSON Feature."""

    type: Literal["Feature"] = "Feature"
    id: int
    geometry: dict[str, Any]
    properties: SiteProperties


class SiteFeatureCollection(Schema):
    """Sites as a GeoJSON FeatureCollection (EPSG:4326)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[SiteFeature]


def visible_sites(user: Any) -> QuerySet[Site]:
    """The sites ``user`` may see, with what the schemas read (not the region's outline)."""
    return Site.objects.restrict(user).select_related("region").defer("region__geometry")


def listed_sites(user: Any) -> QuerySet[Site]:
    """The visible sites without their geometry, which the list does not show.

    Only the geometry's type is read, for ``location``: decoding each outline took a third of
    a list request.
    """
    return (
        visible_sites(user)
        .defer("geometry")
        .annotate(geometry_type=KeyTextTransform("type", "geometry"))
    )


def filter_sites(qs: QuerySet[Site], f: SiteFilters) -> QuerySet[Site]:
    """Apply the list filters; an unknown region code matches nothing."""
    if f.kind is not None:
        qs = qs.filter(kind=f.kind)
    if f.status is not None:
        qs = qs.filter(status=f.status)
    if f.region is not None:
        region = Region.objects.filter(code=f.region).first()
        qs = qs.filter(region_id__in=region.descendant_ids()) if region else qs.none()
    if f.park is not None:
        qs = qs.filter(park_id=f.park)
    if f.min_land_area_m2 is not None:
        qs = qs.filter(land_area_m2__gte=f.min_land_area_m2)
    if f.max_land_area_m2 is not None:
        qs = qs.filter(land_area_m2__lte=f.max_land_area_m2)
    return qs


def feature_collection(sites: QuerySet[Site]) -> dict[str, Any]:
    """GeoJSON of ``sites`` (the query must select_related the region), object by object.

    The endpoints answer with :func:`microparks.apps.sites.geojson.api_collection`, written from
    the rows; this one stays as the reference its tests and ``benchmarks/bench_geojson.py``
    compare it with.
    """
    features = [
        {
            "type": "Feature",
            "id": s.pk,
            "geometry": s.geometry,
            "properties": {
                "id": s.pk,
                "code": s.code,
                "name": s.name,
                "kind": s.kind,
                "status": s.status,
                "condition": s.condition,
                "region": s.region.code,
                "park": s.park_id,
                "land_area_m2": s.land_area_m2,
                "floor_area_m2": s.floor_area_m2,
                "location": s.location_kind,
            },
        }
        for s in sites
    ]
    return {"type": "FeatureCollection", "features": features}


@router.get("/sites", response=list[SiteOut], summary="List idle assets")
@paginate(Pagination)
def list_sites(request: HttpRequest, filters: Query[SiteFilters]) -> QuerySet[Site]:
    return filter_sites(listed_sites(request.user), filters)


GEOJSON_HELP = (
    "Answered with an ETag: send it back in If-None-Match to get 304 Not Modified while "
    "nothing you may see changed."
)


@router.get(
    "/sites.geojson",
    response=SiteFeatureCollection,
    summary="Idle assets as GeoJSON",
    description=GEOJSON_HELP,
)
def sites_geojson(request: HttpRequest, filters: Query[SiteFilters]) -> HttpResponse:
    # Written from the rows without pydantic (see apps/sites/geojson.py); the schema above
    # still documents it.
    sites = filter_sites(Site.objects.restrict(request.user), filters)
    return geojson_response(request, sites, api_collection, "application/json")


@router.get(
    "/sites/{int:site_id}",
    response={200: SiteDetailOut, 404: DetailOut},
    summary="One idle asset",
)
def get_site(request: HttpRequest, response: HttpResponse, site_id: ObjectId) -> Site:
    site = get_visible_or_404(Site, request.user, site_id)
    with_etag(response, site)
    return site


def _apply(user: Any, site: Site, data: dict[str, Any]) -> dict[str, list[str]]:
    """Set the input fields on ``site``, resolving the region code and park id in scope.

    Return the errors of the references that are unknown or out of the user's scope.
    """
    errors: dict[str, list[str]] = {}
    if "region" in data:
        code = data.pop("region")
        region = Region.objects.restrict(user).filter(code=code).first()
        if region is None:
            errors["region"] = [_("No region with this code in your area.")]
        else:
            site.region = region
    if "park" in data:
        park_id = data.pop("park")
        if park_id is None:
            site.park = None
        else:
            park = get_related_in_scope(Site, "park", user, park_id)
            if park is None:
                errors["park"] = [_("No park with this id in your area.")]
            else:
                site.park_id = park.pk
    for name, value in data.items():
        setattr(site, name, value)
    return errors


@router.post(
    "/sites",
    response={201: SiteDetailOut, 403: DetailOut, 422: ErrorsOut},
    summary="Create an idle asset",
)
def create_site(request: HttpRequest, payload: SiteIn) -> Status[Site]:
    user = request.user
    check_may_create(Site, user)
    site = Site()
    errors = _apply(user, site, payload.model_dump(exclude_unset=True))
    save_in_scope(user, site, errors=errors)
    return Status(201, site)


@router.patch(
    "/sites/{int:site_id}",
    response={
        200: SiteDetailOut,
        403: DetailOut,
        404: DetailOut,
        412: ConflictOut,
        422: ErrorsOut,
        428: DetailOut,
    },
    summary="Change an idle asset",
    description=IF_MATCH_HELP,
)
def update_site(
    request: HttpRequest, response: HttpResponse, site_id: ObjectId, payload: SitePatch
) -> Any:
    user = request.user
    site = get_changeable(Site, user, site_id)
    data = payload.model_dump(exclude_unset=True)
    with transaction.atomic():  # the row stays locked from the If-Match check to the save
        refused = refuse_stale_write(request, site, data)
        if refused is not None:
            return refused
        site.refresh_from_db()
        errors = _apply(user, site, data)
        save_in_scope(user, site, errors=errors)
    with_etag(response, site)
    return site
