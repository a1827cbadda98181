"""The five micro-parks, their sites and factory units, and the slot each tenant takes.

Sites are renovated vacant factories (cut into units) and serviced idle land (let in plots).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from microparks.core.units import M2_PER_MU
from microparks.demo import catalogue as cat
from microparks.demo.model import DemoPark, DemoSite, DemoUnit
from microparks.demo.places import Territory, township_code
from microparks.demo.placing import SitePlacer
from microparks.demo.plans import TenantPlan

TRANSFORMERS_KVA = (100, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500)
LAND_M2 = (2100.0, 52000.0)  # 3.2 to 78 mu: the demo's idle parcels


@dataclass(frozen=True)
class Slot:
    """Where a tenant goes: a unit of a factory site, or a plot of land on a site."""

    park_code: str
    site_code: str
    unit_code: str | None
    land_area_m2: float
    floor_area_m2: float
    rent_cny_per_year: Decimal


@dataclass
class ParkLayout:
    """What :func:`build_parks` lays out."""

    parks: list[DemoPark]
    sites: list[DemoSite]
    units: list[DemoUnit]
    slots: dict[int, Slot]  # tenant plan index -> slot


def cny(value: float, step: int = 1) -> Decimal:
    """A money amount rounded to ``step`` yuan, with two decimals as the models store it."""
    return Decimal(round(value / step) * step).quantize(Decimal("0.01"))


def half_yuan(value: float) -> Decimal:
    """A rent rounded to half a yuan."""
    return (Decimal(round(value * 2)) / 2).quantize(Decimal("0.01"))


def transformer(kva: float) -> float:
    """The smallest standard transformer rating that covers ``kva``."""
    return float(next((t for t in TRANSFORMERS_KVA if t >= kva), TRANSFORMERS_KVA[-1]))


def site_code(township: str, counters: dict[str, int]) -> str:
    """The next asset code in a township (e.g. ``452999101-S04``)."""
    counters[township] = counters.get(township, 0) + 1
    return f"{township}-S{counters[township]:02d}"


def address(township_name: str, village: str) -> str:
    """A postal address in the demo county."""
    return f"{cat.PROVINCE_NAME}{cat.COUNTY_NAME}{township_name}{village}村"


def build_parks(
    rng: np.random.Generator,
    territory: Territory,
    placer: SitePlacer,
    plans: list[TenantPlan],
    counters: dict[str, int],
) -> ParkLayout:
    """Lay out every park of the catalogue around an anchor near its township's centre."""
    layout = ParkLayout([], [], [], {})
    anchors: list[tuple[float, float]] = []
    names = {t.code: t.name for t in territory.townships}
    for p, spec in enumerate(cat.PARKS):
        region = township_code(spec.township)
        anchor = _anchor(rng, territory.centres_km[region], anchors)
        anchors.append(anchor)
        code = f"{cat.COUNTY_CODE}-P{p + 1:02d}"
        opened = dt.date(*spec.opened)
        tenants = [t for t in plans if t.park_index == p]
        base_rent = float(rng.uniform(6.0, 10.0))
        site_codes: list[str] = []
        investment = 0.0
        letters = iter("ABCDEFGH")
        origins = [str(o) for o in rng.permutation(cat.PARK_FACTORY_ORIGINS)]
        in_units = [t for t in tenants if not t.plot]
        on_plots = [t for t in tenants if t.plot]
        for group in _groups(rng, in_units, 2, 4):
            site = _factory_site(
                rng,
                layout,
                placer,
                anchor,
                code,
                region,
                names[region],
                opened,
                group,
                next(letters),
                origins.pop(),
                base_rent,
                counters,
                spec,
            )
            site_codes.append(site.code)
            investment += site.floor_area_m2 * rng.uniform(300, 600)
        for group in _groups(rng, on_plots, 1, 3):
            site = _land_site(
                rng,
                layout,
                placer,
                anchor,
                code,
                region,
                names[region],
                opened,
                group,
                counters,
                spec,
            )
            site_codes.append(site.code)
            investment += site.land_area_m2 / M2_PER_MU * rng.uniform(80_000, 150_000)
        layout.parks.append(
            DemoPark(
                code=code,
                name=spec.name,
                region_code=region,
                status="operating",
                positioning=spec.positioning,
                management_body=spec.management_body,
                opened_date=opened,
                public_investment_cny=cny(investment, 10_000),
                description=spec.description,
                site_codes=tuple(site_codes),
            )
        )
    return layout


def _anchor(
    rng: np.random.Generator, centre: tuple[float, float], taken: list[tuple[float, float]]
) -> tuple[float, float]:
    while True:
        r, t = rng.uniform(0.6, 1.8), rng.uniform(0, 2 * math.pi)
        point = (centre[0] + r * math.cos(t), centre[1] + r * math.sin(t))
        if all(math.dist(point, other) > 2.2 for other in taken):
            return point


def _groups(
    rng: np.random.Generator, plans: list[TenantPlan], low: int, high: int
) -> list[list[TenantPlan]]:
    groups, rest = [], list(plans)
    while rest:
        k = min(len(rest), int(rng.integers(low, high, endpoint=True)))
        groups.append(rest[:k])
        rest = rest[k:]
    return groups


def _factory_site(
    rng: np.random.Generator,
    layout: ParkLayout,
    placer: SitePlacer,
    anchor: tuple[float, float],
    park: str,
    region: str,
    township: str,
    opened: dt.date,
    group: list[TenantPlan],
    letter: str,
    origin: str,
    base_rent: float,
    counters: dict[str, int],
    spec: cat.ParkSpec,
) -> DemoSite:
    """A renovated vacant factory cut into one unit per tenant plus a few spare units."""
    floors = [t.floor_m2 for t in group]
    floors += [float(round(rng.uniform(600, 2000), -1)) for _ in range(int(rng.integers(0, 3)))]
    floor = sum(floors)
    land = float(round(np.clip(floor / rng.uniform(0.45, 0.8), *LAND_M2)))
    code = site_code(region, counters)
    units_power = 0.0
    rents = []
    for k, unit_floor in enumerate(floors):
        tenant = group[k] if k < len(group) else None
        power = transformer(unit_floor * rng.uniform(0.06, 0.12))
        units_power += power
        rent = half_yuan(base_rent * rng.uniform(0.85, 1.15))
        rents.append(float(rent))
        unit_land = round(land * unit_floor / floor)
        unit = DemoUnit(
            park_code=park,
            site_code=code,
            code=f"{letter}{k + 1}",
            floor_area_m2=unit_floor,
            land_area_m2=float(unit_land),
            ceiling_height_m=round(float(rng.uniform(6, 9)), 1),
            floor_load_kn_m2=float(rng.choice([5.0, 8.0, 10.0])),
            power_capacity_kva=power,
            rent_cny_per_m2_month=rent,
            status="leased" if tenant else str(rng.choice(["available", "reserved", "renovation"])),
        )
        layout.units.append(unit)
        if tenant is not None:
            layout.slots[tenant.index] = Slot(
                park,
                code,
                unit.code,
                unit.land_area_m2,
                unit_floor,
                cny(unit_floor * float(rent) * 12, 100),
            )
    geometry, _ = placer.place(anchor, 0.8, land)
    village = str(rng.choice(next(t.villages for t in cat.TOWNSHIPS if t.name == township)))
    site = DemoSite(
        code=code,
        name=f"{township}{origin}（{spec.name}{letter}区）",
        kind="vacant_factory",
        region_code=region,
        park_code=park,
        geometry=geometry,
        address=address(township, village),
        land_area_m2=land,
        floor_area_m2=floor,
        ownership=str(rng.choice(["state", "collective", "enterprise"], p=[0.6, 0.25, 0.15])),
        planning_designation="industrial",
        condition=str(rng.choice(["good", "fair"])),
        building_year=int(rng.integers(1978, 2009)),
        power_capacity_kva=transformer(units_power * 0.8),
        water_supply_t_per_day=float(round(rng.uniform(40, 200), -1)),
        road_access=_park_road(rng, spec),
        asking_rent_cny_per_m2_month=half_yuan(float(np.mean(rents))),
        asking_price_cny=None,
        status="in_park",
        source_file=cat.SOURCE_FILE,
        source_date=dt.date(2023, 6, 30),
        notes=f"{opened.year}年{opened.month}月改造后纳入{spec.name}，分隔为{len(floors)}个厂房单元。",
    )
    layout.sites.append(site)
    return site


def _land_site(
    rng: np.random.Generator,
    layout: ParkLayout,
    placer: SitePlacer,
    anchor: tuple[float, float],
    park: str,
    region: str,
    township: str,
    opened: dt.date,
    group: list[TenantPlan],
    counters: dict[str, int],
    spec: cat.ParkSpec,
) -> DemoSite:
    """Serviced idle land on which tenants lease plots and build their own plants."""
    plots = [t.floor_m2 / rng.uniform(0.7, 1.0) for t in group]
    land = float(round(np.clip(sum(plots) / rng.uniform(0.75, 0.88), *LAND_M2)))
    code = site_code(region, counters)
    for tenant, plot in zip(group, plots, strict=True):
        rent = plot / M2_PER_MU * rng.uniform(3000, 6000)
        layout.slots[tenant.index] = Slot(
            park, code, None, float(round(plot)), tenant.floor_m2, cny(rent, 100)
        )
    geometry, _ = placer.place(anchor, 0.8, land)
    village = str(rng.choice(next(t.villages for t in cat.TOWNSHIPS if t.name == township)))
    site = DemoSite(
        code=code,
        name=f"{township}{village}村闲置建设用地（{spec.name}）",
        kind="idle_land",
        region_code=region,
        park_code=park,
        geometry=geometry,
        address=address(township, village),
        land_area_m2=land,
        floor_area_m2=0.0,
        ownership=str(rng.choice(["state", "collective"], p=[0.7, 0.3])),
        planning_designation="industrial",
        condition="vacant_land",
        building_year=None,
        power_capacity_kva=transformer(land * 0.04),
        water_supply_t_per_day=float(round(rng.uniform(60, 300), -1)),
        road_access=_park_road(rng, spec),
        asking_rent_cny_per_m2_month=None,
        asking_price_cny=None,
        status="in_park",
        source_file=cat.SOURCE_FILE,
        source_date=dt.date(2023, 6, 30),
        notes=f"{opened.year}年完成场地平整和水电路配套，以出租地块方式供入园企业自建厂房。",
    )
    layout.sites.append(site)
    return site


def _park_road(rng: np.random.Generator, spec: cat.ParkSpec) -> str:
    if "电子" in spec.name:
        return "expressway"
    return str(rng.choice(["county", "provincial"], p=[0.5, 0.5]))
