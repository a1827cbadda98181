"""The demo county as plain, frozen data: what :func:`generate_demo` returns and ``load`` stores.

Objects refer to one another by their natural keys (region and park codes, site codes, credit
codes, usernames, department names), never by database ids, so the same structure can be loaded
into any database, written to JSON, or handed to the pure ``core`` functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

GeoJSON = dict[str, Any]

VETO_KINDS = ("ecological_red_line", "basic_farmland", "water_source")
"""Kinds of veto zone: 生态保护红线, 永久基本农田, 饮用水水源保护区."""


@dataclass(frozen=True)
class DemoRegion:
    """The county or one of its townships."""

    code: str
    name: str
    level: str
    parent_code: str | None
    population: int
    rural_population: int
    working_age_population: int
    area_km2: float
    geometry: GeoJSON
    centre: tuple[float, float]  # (longitude, latitude) of the seat of government


@dataclass(frozen=True)
class VetoZone:
    """An area where no park may be built (a hard veto of site suitability)."""

    code: str
    name: str
    kind: str  # one of VETO_KINDS
    region_code: str
    geometry: GeoJSON


@dataclass(frozen=True)
class DemoSite:
    """An idle land parcel or a vacant factory (fields as in ``sites.Site``)."""

    code: str
    name: str
    kind: str
    region_code: str
    park_code: str | None
    geometry: GeoJSON
    address: str
    land_area_m2: float
    floor_area_m2: float
    ownership: str
    planning_designation: str
    condition: str
    building_year: int | None
    power_capacity_kva: float
    water_supply_t_per_day: float
    road_access: str
    asking_rent_cny_per_m2_month: Decimal | None
    asking_price_cny: Decimal | None
    status: str
    source_file: str
    source_date: date
    notes: str
    veto_zone_code: str | None = None
    eia_sensitivity: str = "general"  # 2021 EIA list, art. 3 (see ``located``)


@dataclass(frozen=True)
class DemoPark:
    """A micro-park, positioned on GB/T 4754 divisions, made of some of the sites."""

    code: str
    name: str
    region_code: str
    status: str
    positioning: tuple[str, ...]
    management_body: str
    opened_date: date
    public_investment_cny: Decimal
    description: str
    site_codes: tuple[str, ...]


@dataclass(frozen=True)
class DemoUnit:
    """A rentable factory unit of a park on one of its vacant-factory sites."""

    park_code: str
    site_code: str
    code: str
    floor_area_m2: float
    land_area_m2: float
    ceiling_height_m: float
    floor_load_kn_m2: float
    power_capacity_kva: float
    rent_cny_per_m2_month: Decimal
    status: str


@dataclass(frozen=True)
class DemoEnterprise:
    """A tenant (or a county leading firm), keyed by its unified social credit code."""

    credit_code: str
    name: str
    industry_code: str
    region_code: str
    size: str
    is_above_size: bool
    is_chain_leader: bool
    origin_region: str
    founded_date: date
    address: str
    contact_name: str
    contact_phone: str
    contact_email: str


@dataclass(frozen=True)
class DemoLease:
    """A tenant's lease of a unit, or of a plot of land on a site."""

    credit_code: str
    park_code: str
    site_code: str
    unit_code: str | None
    land_area_m2: float
    floor_area_m2: float
    start_date: date
    end_date: date
    rent_cny_per_year: Decimal


@dataclass(frozen=True)
class DemoRecord:
    """A tenant's annual figures (fields as in ``enterprises.AnnualRecord``)."""

    credit_code: str
    year: int
    output_cny: Decimal
    value_added_cny: Decimal
    revenue_cny: Decimal
    tax_cny: Decimal
    jobs: int
    local_jobs: int
    rural_jobs: int
    wages_cny: Decimal
    electricity_kwh: float
    energy_tce: float
    water_t: float
    cod_t: float | None
    ammonia_n_t: float | None
    so2_t: float | None
    nox_t: float | None
    vocs_t: float | None
    rd_spend_cny: Decimal


@dataclass(frozen=True)
class DemoDepartment:
    """A county body that handles tenants' requests."""

    name: str
    region_code: str
    categories: str


@dataclass(frozen=True)
class DemoUser:
    """A demo account; the password is public and fixed."""

    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    email: str
    region_code: str | None = None
    park_codes: tuple[str, ...] = ()
    department_name: str | None = None
    credit_code: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class DemoActivity:
    """A follow-up on a prospect (fields as in ``attraction.Activity``)."""

    kind: str
    date: dt.date
    summary: str
    next_follow_up: dt.date | None = None


@dataclass(frozen=True)
class DemoDeclaration:
    """What a prospect declared for the admission gate (fields as in ``admission.Declaration``)."""

    annual_electricity_kwh: float
    output_cny: float
    water_m3: float
    cod_t: float
    nh3_n_t: float
    so2_t: float
    nox_t: float
    vocs_t: float
    processes: tuple[str, ...]
    materials: tuple[str, ...]
    hazardous_chemicals_t: float
    site_sensitivity: str = "general"


@dataclass(frozen=True)
class DemoProspect:
    """A firm in the attraction pipeline (fields as in ``attraction.Prospect``)."""

    name: str
    company_name: str
    credit_code: str | None
    industry_code: str
    region_code: str
    target_park_code: str | None
    stage: str
    source: str
    origin_region: str
    owner_username: str | None
    land_area_min_m2: float
    land_area_max_m2: float | None
    floor_area_min_m2: float
    power_kva: float
    water_t_per_day: float
    max_rent_cny_per_m2_month: Decimal | None
    jobs_needed: int
    annual_energy_tce: float | None
    investment_cny: Decimal
    committed_jobs: int
    committed_tax_cny_per_year: Decimal
    next_follow_up: date | None
    notes: str
    declaration: DemoDeclaration | None = None
    activities: tuple[DemoActivity, ...] = ()
    location: GeoJSON | None = None  # GeoJSON Point of the current plant or office
    target_site_code: str | None = None  # the site chosen in the target park
    override_by: str | None = None  # who let a rejected project past the gate …
    override_reason: str = ""  # … and why (admission.GateOverride)


@dataclass(frozen=True)
class DemoTicket:
    """A tenant's request (fields as in ``servicedesk.Ticket``); times are China Standard Time."""

    credit_code: str
    park_code: str
    category: str
    channel: str
    priority: str
    title: str
    description: str
    status: str
    department_name: str | None
    assignee_username: str | None
    received_at: datetime
    due_at: datetime
    responded_at: datetime | None
    closed_at: datetime | None
    response: str
    satisfaction: int | None
    satisfaction_comment: str


@dataclass(frozen=True)
class DemoCounty:
    """Everything the demo holds, generated from one seed."""

    seed: int
    reference_date: date
    years: tuple[int, ...]
    county: DemoRegion
    townships: tuple[DemoRegion, ...]
    veto_zones: tuple[VetoZone, ...]
    sites: tuple[DemoSite, ...]
    parks: tuple[DemoPark, ...]
    units: tuple[DemoUnit, ...]
    enterprises: tuple[DemoEnterprise, ...]
    leases: tuple[DemoLease, ...]
    records: tuple[DemoRecord, ...]
    departments: tuple[DemoDepartment, ...]
    users: tuple[DemoUser, ...]
    prospects: tuple[DemoProspect, ...]
    tickets: tuple[DemoTicket, ...]

    @property
    def regions(self) -> tuple[DemoRegion, ...]:
        """The county followed by its townships."""
        return (self.county, *self.townships)

    @property
    def tenant_codes(self) -> frozenset[str]:
        """Credit codes of the enterprises that hold a lease."""
        return frozenset(lease.credit_code for lease in self.leases)

    def as_dict(self) -> dict[str, Any]:
        """Plain nested data (dates, times and decimals left as Python objects)."""
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, UTF-8 text): equal seeds give byte-identical text."""
        return json.dumps(
            self.as_dict(), sort_keys=True, ensure_ascii=False, indent=1, default=_json_default
        )

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`to_json`, recorded as the provenance of a load."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")
