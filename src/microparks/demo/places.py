"""The county's territory: the county and its townships (which tile it) and the veto zones."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from microparks.demo import catalogue as cat
from microparks.demo.geo import LocalFrame, RadialShape, annular_sector, sector_angles
from microparks.demo.geo import signed_area_km2 as area_km2
from microparks.demo.model import DemoRegion, VetoZone

SECTOR_STEPS = 16
ZONE_VERTICES = 24

# (township suffix, kind, name, radius km): one zone of each kind near the places it protects.
ZONE_SPECS = (
    ("100", "water_source", "青岚水库饮用水水源一级保护区", 1.1),
    ("201", "ecological_red_line", "瑶山水源涵养生态保护红线", 1.8),
    ("103", "ecological_red_line", "石门喀斯特水土保持生态保护红线", 1.6),
    ("101", "basic_farmland", "长洲坝区永久基本农田", 1.4),
    ("102", "basic_farmland", "六圩永久基本农田", 1.3),
    ("203", "basic_farmland", "古河永久基本农田", 1.3),
)


@dataclass(frozen=True)
class Disc:
    """A circle in the local km frame, used to keep shapes apart or inside one another."""

    x: float
    y: float
    r: float

    def overlaps(self, other: Disc, gap: float = 0.0) -> bool:
        """Whether the two circles come closer than ``gap`` km."""
        return math.hypot(self.x - other.x, self.y - other.y) < self.r + other.r + gap


@dataclass(frozen=True)
class Territory:
    """The generated places, with what the later steps need to place sites."""

    frame: LocalFrame
    county: DemoRegion
    townships: tuple[DemoRegion, ...]
    centres_km: dict[str, tuple[float, float]]  # township code -> centre in km
    zones: tuple[VetoZone, ...]
    zone_discs: dict[str, tuple[Disc, Disc]]  # zone code -> (inner disc, outer disc)


def township_code(suffix: str) -> str:
    """The 9-digit code of a township of the demo county."""
    return cat.COUNTY_CODE + suffix


def build_territory(rng: np.random.Generator) -> Territory:
    """Draw the county outline, its seat town and seven surrounding townships, and the zones."""
    frame = LocalFrame(cat.SEAT_LONLAT)
    phases = rng.uniform(0, 2 * math.pi, size=5)
    outline = RadialShape(
        (0.0, 0.0), 32.0, [(2, 0.10, phases[0]), (3, 0.06, phases[1]), (5, 0.04, phases[2])]
    )
    seat_disc = RadialShape((0.0, 0.0), 8.0, [(3, 0.08, phases[3]), (4, 0.04, phases[4])])
    n = len(cat.TOWNSHIPS) - 1
    start = rng.uniform(0, 2 * math.pi)
    bounds = [start + 2 * math.pi * k / n + rng.uniform(-0.08, 0.08) for k in range(n)]
    bounds.append(bounds[0] + 2 * math.pi)

    seat_ring: list[tuple[float, float]] = []
    county_ring: list[tuple[float, float]] = []
    rings: list[list[tuple[float, float]]] = []
    centres: list[tuple[float, float]] = [(0.0, 0.0)]
    for k in range(n):
        t0, t1 = bounds[k], bounds[k + 1]
        angles = sector_angles(t0, t1, SECTOR_STEPS)
        seat_ring.extend(seat_disc.point(t) for t in angles[:-1])
        county_ring.extend(outline.point(t) for t in angles[:-1])
        rings.append(annular_sector(seat_disc, outline, t0, t1, SECTOR_STEPS))
        mid = (t0 + t1) / 2
        r = (seat_disc.radius(mid) + outline.radius(mid)) / 2
        centres.append((r * math.cos(mid), r * math.sin(mid)))
    rings.insert(0, seat_ring)

    townships = []
    centres_km = {}
    for spec, ring, centre in zip(cat.TOWNSHIPS, rings, centres, strict=True):
        code = township_code(spec.suffix)
        population = int(round(spec.population * rng.uniform(0.95, 1.05), -1))
        rural_share = min(1.0, spec.rural_share * rng.uniform(0.97, 1.03))
        townships.append(
            DemoRegion(
                code=code,
                name=spec.name,
                level="township",
                parent_code=cat.COUNTY_CODE,
                population=population,
                rural_population=round(population * rural_share),
                working_age_population=round(population * rng.uniform(0.58, 0.64)),
                area_km2=round(abs(area_km2(ring)), 2),
                geometry=frame.polygon(ring),
                centre=frame.centre(*centre),
            )
        )
        centres_km[code] = centre
    county = DemoRegion(
        code=cat.COUNTY_CODE,
        name=cat.COUNTY_NAME,
        level="county",
        parent_code=None,
        population=sum(t.population for t in townships),
        rural_population=sum(t.rural_population for t in townships),
        working_age_population=sum(t.working_age_population for t in townships),
        area_km2=round(abs(area_km2(county_ring)), 2),
        geometry=frame.polygon(county_ring),
        centre=frame.centre(0.0, 0.0),
    )
    zones, discs = _zones(rng, frame, centres_km)
    return Territory(frame, county, tuple(townships), centres_km, zones, discs)


def _zones(
    rng: np.random.Generator, frame: LocalFrame, centres_km: dict[str, tuple[float, float]]
) -> tuple[tuple[VetoZone, ...], dict[str, tuple[Disc, Disc]]]:
    zones = []
    discs = {}
    for i, (suffix, kind, name, radius) in enumerate(ZONE_SPECS, start=1):
        code = f"{cat.COUNTY_CODE}-V{i:02d}"
        region = township_code(suffix)
        cx, cy = centres_km[region]
        offset = 4.6 if suffix == "100" else 3.6
        angle = rng.uniform(0, 2 * math.pi)
        x, y = cx + offset * math.cos(angle), cy + offset * math.sin(angle)
        shape = RadialShape(
            (x, y),
            radius,
            [
                (2, 0.07, rng.uniform(0, 6.3)),
                (3, 0.05, rng.uniform(0, 6.3)),
                (5, 0.03, rng.uniform(0, 6.3)),
            ],
        )
        zones.append(VetoZone(code, name, kind, region, frame.polygon(shape.ring(ZONE_VERTICES))))
        discs[code] = (
            Disc(x, y, shape.inner_radius(ZONE_VERTICES)),
            Disc(x, y, shape.outer_radius()),
        )
    return tuple(zones), discs
