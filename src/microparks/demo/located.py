"""Where the demo's sites lie environmentally, and where its prospects are now.

Sites: a site inside a veto zone lies in that kind of environmentally sensitive area (2021 EIA
classification list, art. 3: ecological red line and permanent basic farmland are 3(2),
drinking-water source zones 3(1)); a site within :data:`RESIDENTIAL_KM` of a town seat lies in
an area mainly for housing and public services, 3(3); every other site is ``general``.

Prospects: a firm relocating from another region is at its origin city (the current plant);
a local firm or returning entrepreneur has its office near the county seat.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from microparks.demo.model import DemoProspect, DemoRegion, DemoSite, VetoZone

RESIDENTIAL_KM = 1.0
"""A site this close to a town seat is taken to lie in its residential and service area."""
ZONE_SENSITIVITY = {
    "ecological_red_line": "ecological_red_line",
    "basic_farmland": "basic_farmland",
    "water_source": "drinking_water",
}
CITIES = {
    "广州市": (113.2644, 23.1291),
    "深圳市": (114.0579, 22.5431),
    "东莞市": (113.7518, 23.0207),
    "佛山市": (113.1220, 23.0215),
    "惠州市": (114.4158, 23.1115),
    "长沙市": (112.9388, 28.2282),
    "温州市": (120.6994, 27.9943),
    "绍兴市": (120.5821, 29.9971),
    "晋江市": (118.5520, 24.7814),
    "柳州市": (109.4160, 24.3255),
}
"""City centres (longitude, latitude) of the origins the demo draws from."""


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km on a local equirectangular approximation (fine within a county)."""
    lat = math.radians((a[1] + b[1]) / 2)
    dx = (a[0] - b[0]) * math.cos(lat) * 111.32
    dy = (a[1] - b[1]) * 110.57
    return math.hypot(dx, dy)


def _centre(geometry: dict[str, object]) -> tuple[float, float]:
    if geometry["type"] == "Point":  # a ledger's site without an outline
        point = geometry["coordinates"]
        return float(point[0]), float(point[1])  # type: ignore[index]
    ring = geometry["coordinates"][0]  # type: ignore[index]
    if geometry["type"] == "MultiPolygon":
        ring = ring[0]
    xs = [float(p[0]) for p in ring[:-1]]
    ys = [float(p[1]) for p in ring[:-1]]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def site_sensitivity(
    site: DemoSite, zones: dict[str, VetoZone], seats: list[tuple[float, float]]
) -> str:
    """The site's sensitivity class (see the module docstring)."""
    if site.veto_zone_code is not None:
        return ZONE_SENSITIVITY[zones[site.veto_zone_code].kind]
    where = _centre(site.geometry)
    if any(_km(where, seat) < RESIDENTIAL_KM for seat in seats):
        return "residential"
    return "general"


def assess_sites(
    sites: list[DemoSite], zones: tuple[VetoZone, ...], regions: tuple[DemoRegion, ...]
) -> list[DemoSite]:
    """The sites with their ``eia_sensitivity`` set."""
    by_code = {z.code: z for z in zones}
    seats = [r.centre for r in regions]
    return [
        dataclasses.replace(s, eia_sensitivity=site_sensitivity(s, by_code, seats)) for s in sites
    ]


LEDGER_POINTS = 4
"""Idle-land parcels the demo's ledger knows only by a point: no outline surveyed yet."""
LEDGER_POINT_NOTE = "台账仅登记坐标和面积，地块边界待测绘。"


def as_ledger_points(sites: list[DemoSite], count: int = LEDGER_POINTS) -> list[DemoSite]:
    """The sites with ``count`` idle-land parcels located by their centre point only.

    Real ledgers (闲置土地台账) rarely have outlines, so the demo's maps show markers beside
    outlines. The parcels are spread over the list, outside the parks and veto zones (which
    keep their outlines: the suitability demo vetoes parcels inside zones); their area stays
    the ledger's.
    """
    eligible = [
        s.code
        for s in sites
        if s.kind == "idle_land" and s.park_code is None and s.veto_zone_code is None
    ]
    chosen = set(eligible[:: max(1, len(eligible) // count)][:count])
    out = []
    for s in sites:
        if s.code in chosen:
            lon, lat = _centre(s.geometry)
            point = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
            notes = f"{s.notes}{LEDGER_POINT_NOTE}" if s.notes else LEDGER_POINT_NOTE
            s = dataclasses.replace(s, geometry=point, notes=notes)
        out.append(s)
    return out


def choose_sites(
    prospects: tuple[DemoProspect, ...], sites: list[DemoSite]
) -> tuple[DemoProspect, ...]:
    """Prospects under admission review have chosen a site: their target park's first factory.

    The gate then reads that site's sensitivity (a factory near a town seat lies in a
    residential area and raises the EIA category).
    """
    out = []
    for p in prospects:
        factories = [
            s.code
            for s in sites
            if s.park_code == p.target_park_code and s.kind == "vacant_factory"
        ]
        if p.stage == "admission" and factories:
            p = dataclasses.replace(p, target_site_code=min(factories))
        out.append(p)
    return tuple(out)


def locate_prospects(
    rng: np.random.Generator, prospects: tuple[DemoProspect, ...], seat: tuple[float, float]
) -> tuple[DemoProspect, ...]:
    """The prospects with a location: the origin city's centre, else an office near the seat.

    Offsets of a few hundred metres keep two firms from one city apart on the map.
    """
    out = []
    for p in prospects:
        city = next((c for c in CITIES if p.origin_region.endswith(c)), None)
        lon, lat = CITIES[city] if city is not None else seat
        radius_km = 4.0 if city is not None else 2.5
        east, north = rng.uniform(-radius_km, radius_km, 2)
        lon += float(east) / (111.32 * math.cos(math.radians(lat)))
        lat += float(north) / 110.57
        point = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
        out.append(dataclasses.replace(p, location=point))
    return tuple(out)
