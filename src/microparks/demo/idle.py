"""The idle assets outside the parks, some of them inside veto zones.

They make up the rest of the county's inventory; the vetoed ones give site suitability
something to exclude.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np

from microparks.core.units import M2_PER_MU
from microparks.demo import catalogue as cat
from microparks.demo.model import DemoSite, VetoZone
from microparks.demo.parks import LAND_M2, address, cny, half_yuan, site_code
from microparks.demo.places import Territory, township_code
from microparks.demo.placing import SitePlacer

TOWNSHIP_WEIGHTS = (0.22, 0.12, 0.12, 0.11, 0.10, 0.10, 0.11, 0.12)
STATUS = (("idle", 0.5), ("assessing", 0.25), ("planned", 0.1), ("excluded", 0.15))
VETO_NOTES = {
    "ecological_red_line": "位于生态保护红线内（{zone}），不得用于工业开发。",
    "basic_farmland": "位于永久基本农田保护范围内（{zone}），不得占用。",
    "water_source": "位于饮用水水源一级保护区内（{zone}），禁止建设与供水无关的项目。",
}
EXCLUDED_NOTES = (
    "原厂区土壤污染状况调查未完成，暂不纳入利用。",
    "产权存在纠纷，待法院判决。",
    "位于地质灾害隐患点（崩塌）影响范围，需先治理。",
)
IDLE_NOTES = (
    "业主有意出租，租期可议。",
    "需拆除重建。",
    "距离主干道较远，需修建进场道路。",
    "村集体同意入股合作开发。",
    "已纳入全县低效用地再开发计划。",
    "",
)


def build_idle_sites(
    rng: np.random.Generator,
    territory: Territory,
    placer: SitePlacer,
    count: int,
    counters: dict[str, int],
) -> list[DemoSite]:
    """``count`` sites outside the parks, one inside each veto zone and the rest spread out."""
    names = {t.code: t.name for t in territory.townships}
    sites = [_vetoed(rng, territory, placer, zone, names, counters) for zone in territory.zones]
    codes = [t.code for t in territory.townships]
    weights = np.asarray(TOWNSHIP_WEIGHTS) / sum(TOWNSHIP_WEIGHTS)
    picks = sorted(rng.choice(len(codes), size=count - len(sites), p=weights))
    used: dict[str, set[str]] = {}
    for i in picks:
        region = codes[int(i)]
        radius = 3.5 if i == 0 else 3.0
        kind = "vacant_factory" if rng.uniform() < 0.45 else "idle_land"
        area = _area_m2(rng)
        geometry, _ = placer.place(territory.centres_km[region], radius, area)
        sites.append(_site(rng, region, names[region], kind, area, geometry, counters, used, None))
    return sites


def _area_m2(rng: np.random.Generator, mu_median: float = 14.0, high: float = 80.0) -> float:
    mu = float(np.clip(math.exp(rng.normal(math.log(mu_median), 0.75)), 3.2, high))
    return float(np.clip(round(mu * M2_PER_MU), *LAND_M2))


def _vetoed(
    rng: np.random.Generator,
    territory: Territory,
    placer: SitePlacer,
    zone: VetoZone,
    names: dict[str, str],
    counters: dict[str, int],
) -> DemoSite:
    inner, _outer = territory.zone_discs[zone.code]
    area = _area_m2(rng, mu_median=8.0, high=20.0)
    geometry, _ = placer.place((inner.x, inner.y), 0.0, area, inside=inner)
    kind = "vacant_factory" if zone.kind == "water_source" else "idle_land"
    site = _site(
        rng,
        zone.region_code,
        names[zone.region_code],
        kind,
        area,
        geometry,
        counters,
        {},
        zone,
    )
    return site


def _site(
    rng: np.random.Generator,
    region: str,
    township: str,
    kind: str,
    area: float,
    geometry: dict[str, object],
    counters: dict[str, int],
    used: dict[str, set[str]],
    zone: VetoZone | None,
) -> DemoSite:
    spec = next(t for t in cat.TOWNSHIPS if township_code(t.suffix) == region)
    village = str(rng.choice(spec.villages))
    factory = kind == "vacant_factory"
    mu = area / M2_PER_MU
    price: Decimal | None
    if factory:
        taken = used.setdefault(region, set())
        origin = str(rng.choice([o for o in cat.FACTORY_ORIGINS if o not in taken]))
        taken.add(origin)
        name = f"{township}{origin}闲置厂房"
        floor = float(round(area * rng.uniform(0.3, 0.75), -1))
        condition = str(rng.choice(["good", "fair", "poor", "derelict"], p=[0.15, 0.35, 0.3, 0.2]))
        ownership = str(
            rng.choice(["state", "collective", "enterprise", "private"], p=[0.35, 0.3, 0.25, 0.1])
        )
        designation = str(
            rng.choice(["industrial", "warehousing", "commercial"], p=[0.7, 0.2, 0.1])
        )
        year: int | None = int(rng.integers(1975, 2013))
        sizes = [100, 160, 200, 250, 315, 400, 500, 630, 800, 1000]
        power = (
            0.0 if condition == "derelict" else float(sizes[min(len(sizes) - 1, int(floor / 1500))])
        )
        water = 0.0 if condition == "derelict" else float(round(rng.uniform(10, 120), -1))
        rent = None if condition == "derelict" else half_yuan(rng.uniform(4, 10))
        price = (
            cny(mu * rng.uniform(100_000, 250_000) + floor * rng.uniform(300, 800), 10_000)
            if ownership in ("enterprise", "private")
            else None
        )
    else:
        in_estate = zone is None and rng.uniform() >= 0.6  # no industrial estate in a veto zone
        name = (
            f"{township}{village}村闲置建设用地"
            if not in_estate
            else (f"{township}工业集中区{counters.get(region, 0) + 1}号地块")
        )
        floor = 0.0
        condition = "vacant_land"
        ownership = str(rng.choice(["state", "collective", "unknown"], p=[0.4, 0.55, 0.05]))
        designation = str(
            rng.choice(
                ["industrial", "rural_construction", "unplanned", "commercial"],
                p=[0.45, 0.35, 0.12, 0.08],
            )
        )
        year = None
        power = 0.0 if rng.uniform() < 0.6 else float(rng.choice([315, 630]))
        water = 0.0 if rng.uniform() < 0.5 else float(round(rng.uniform(20, 80), -1))
        rent = None
        price = cny(mu * rng.uniform(60_000, 180_000), 1000)
    status = str(rng.choice([s for s, _ in STATUS], p=[p for _, p in STATUS]))
    notes = str(rng.choice(IDLE_NOTES))
    if status == "excluded":
        notes = str(rng.choice(EXCLUDED_NOTES))
    if zone is not None:
        status = str(rng.choice(["idle", "assessing"]))
        notes = VETO_NOTES[zone.kind].format(zone=f"{zone.code} {zone.name}")
        designation = "agricultural" if zone.kind == "basic_farmland" else "unplanned"
        if factory:
            designation = "industrial"
    road = (
        str(rng.choice(["village", "county", "provincial", "expressway"], p=[0.1, 0.4, 0.35, 0.15]))
        if region == township_code("100")
        else str(rng.choice(["none", "village", "county", "provincial"], p=[0.03, 0.45, 0.4, 0.12]))
    )
    return DemoSite(
        code=site_code(region, counters),
        name=name,
        kind=kind,
        region_code=region,
        park_code=None,
        geometry=geometry,
        address=address(township, village),
        land_area_m2=area,
        floor_area_m2=floor,
        ownership=ownership,
        planning_designation=designation,
        condition=condition,
        building_year=year,
        power_capacity_kva=power,
        water_supply_t_per_day=water,
        road_access=road,
        asking_rent_cny_per_m2_month=rent,
        asking_price_cny=price,
        status=status,
        source_file=cat.SOURCE_FILE,
        source_date=dt.date(2023, 6, 30),
        notes=notes,
        veto_zone_code=zone.code if zone else None,
    )
