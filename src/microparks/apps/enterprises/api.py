"""Enterprises in the JSON API: search, detail with annual records, create.

The credit code is checked by GB 32100 (length, alphabet, check character) in the model's
``full_clean()``; the industry is a GB/T 4754-2017 code and the region a region code, both
resolved here so that an unknown code is reported against its field.
"""

# No ``from __future__ import annotations`` here: ninja resolves the annotations of the
# paginated view in ninja's own module, where string annotations cannot be resolved.
from datetime import date
from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from microparks.apps.common.api import (
    DetailOut,
    ErrorsOut,
    ObjectId,
    Pagination,
    check_may_create,
    choices_schema,
    get_visible_or_404,
    save_in_scope,
)
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.industries.models import Industry
from microparks.apps.regions.models import Region

router = Router(tags=["enterprises"])

EnterpriseSize = Annotated[Enterprise.Size, choices_schema(Enterprise.Size)]
RecordSource = Annotated[AnnualRecord.Source, choices_schema(AnnualRecord.Source)]


class EnterpriseOut(Schema):
    """An enterprise as listed."""

    id: int
    credit_code: str = Field(description="Unified social credit code (GB 32100)")
    name: str
    industry: str = Field(description="GB/T 4754-2017 code")
    industry_name: str
    region: str = Field(description="Region code")
    region_name: str
    size: EnterpriseSize
    is_above_size: bool
    is_chain_leader: bool
    origin_region: str

    @staticmethod
    def resolve_industry(obj: Enterprise) -> str:
        return obj.industry.code

    @staticmethod
    def resolve_industry_name(obj: Enterprise) -> str:
        return obj.industry.name

    @staticmethod
    def resolve_region(obj: Enterprise) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Enterprise) -> str:
        return obj.region.name


class AnnualRecordOut(Schema):
    """One year of an enterprise's figures; money in CNY as numbers, SI units in the names."""

    year: int
    output_cny: float
    value_added_cny: float
    revenue_cny: float
    tax_cny: float
    jobs: int
    local_jobs: int
    rural_jobs: int
    wages_cny: float
    electricity_kwh: float
    energy_tce: float
    water_t: float
    cod_t: float | None
    ammonia_n_t: float | None
    so2_t: float | None
    nox_t: float | None
    vocs_t: float | None
    rd_spend_cny: float
    source: RecordSource
    locked: bool


class EnterpriseDetailOut(EnterpriseOut):
    """An enterprise with its contacts and the annual records the user may see."""

    founded_date: date | None
    address: str
    contact_name: str
    contact_phone: str
    contact_email: str
    annual_records: list[AnnualRecordOut]

    @staticmethod
    def resolve_annual_records(obj: Enterprise, context: dict[str, Any]) -> list[AnnualRecord]:
        records = AnnualRecord.objects.restrict(context["request"].user).filter(enterprise=obj)
        return list(records.order_by("year"))


class EnterpriseIn(Schema):
    """A new enterprise. ``industry`` is a GB/T 4754-2017 code, ``region`` a region code."""

    credit_code: str = Field(description="Unified social credit code (GB 32100)")
    name: str
    industry: str = Field(description="GB/T 4754-2017 code")
    region: str = Field(description="Region code (county or township)")
    size: EnterpriseSize
    is_above_size: bool = False
    is_chain_leader: bool = False
    origin_region: str = ""
    founded_date: date | None = None
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


class EnterpriseFilters(Schema):
    """Search of the enterprise list."""

    q: str | None = Field(None, description="Part of the name or of the credit code")


def visible_enterprises(user: Any) -> QuerySet[Enterprise]:
    """The enterprises ``user`` may see, with what the schemas read."""
    return (
        Enterprise.objects.restrict(user)
        .select_related("industry", "region")
        .defer("region__geometry")
    )


@router.get("/enterprises", response=list[EnterpriseOut], summary="Search enterprises")
@paginate(Pagination)
def list_enterprises(
    request: HttpRequest, filters: Query[EnterpriseFilters]
) -> QuerySet[Enterprise]:
    qs = visible_enterprises(request.user)
    if filters.q:
        term = filters.q.strip()
        qs = qs.filter(Q(name__icontains=term) | Q(credit_code__icontains=term))
    return qs


@router.get(
    "/enterprises/{int:enterprise_id}",
    response={200: EnterpriseDetailOut, 404: DetailOut},
    summary="One enterprise with its annual records",
)
def get_enterprise(request: HttpRequest, enterprise_id: ObjectId) -> Enterprise:
    return get_visible_or_404(Enterprise, request.user, enterprise_id)


@router.post(
    "/enterprises",
    response={201: EnterpriseDetailOut, 403: DetailOut, 422: ErrorsOut},
    summary="Register an enterprise",
)
def create_enterprise(request: HttpRequest, payload: EnterpriseIn) -> Status[Enterprise]:
    user = request.user
    check_may_create(Enterprise, user)
    data = payload.model_dump(exclude_unset=True)
    errors: dict[str, list[str]] = {}
    firm = Enterprise()
    industry = Industry.objects.filter(code=data.pop("industry")).first()
    if industry is None:
        errors["industry"] = [_("No industry with this code.")]
    else:
        firm.industry = industry
    region = Region.objects.restrict(user).filter(code=data.pop("region")).first()
    if region is None:
        errors["region"] = [_("No region with this code in your area.")]
    else:
        firm.region = region
    for name, value in data.items():
        setattr(firm, name, value)
    save_in_scope(user, firm, errors=errors)
    return Status(201, firm)
