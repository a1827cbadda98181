"""Context layers for the demo county (青岚县): infrastructure, villages and its veto zones.

The demo generator makes the county, its townships (with working-age population and seats)
and its veto zones; this module adds, deterministically from a seed, what a planner would load
from the county's GIS: roads from the county seat to every township seat and between
neighbouring seats, an expressway exit, substations, water mains, village points, two larger
industrial parks outside the county seat, residential areas and reservoirs.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from microparks.demo.model import DemoCounty

WGS84 = "EPSG:4326"
KM_LAT = 1 / 111.0  # degrees of latitude per km


def _offset(lon: float, lat: float, east_km: float, north_km: float) -> tuple[float, float]:
    return lon + east_km * KM_LAT / math.cos(math.radians(lat)), lat + north_km * KM_LAT


def demo_context_layers(demo: DemoCounty, seed: int = 3) -> dict[str, gpd.GeoDataFrame]:
    """The demo county's context layers, keyed by the layer names of the default scheme."""
    rng = np.random.default_rng(seed)
    seat = demo.county.centre
    towns = sorted(
        demo.townships, key=lambda t: math.atan2(t.centre[1] - seat[1], t.centre[0] - seat[0])
    )
    centres = [t.centre for t in towns]
    roads = [shapely.LineString([seat, c]) for c in centres]
    roads += [
        shapely.LineString([a, b]) for a, b in zip(centres, centres[1:] + centres[:1], strict=True)
    ]
    villages, population = [], []
    for town in towns:
        for share in rng.dirichlet(np.ones(6)):
            east, north = rng.normal(0, 3.0, 2)
            villages.append(shapely.Point(_offset(*town.centre, east, north)))
            population.append(round(town.working_age_population * float(share)))
    zones: dict[str, list[object]] = {
        "ecological_red_line": [],
        "basic_farmland": [],
        "water_source": [],
    }
    for zone in demo.veto_zones:
        zones[zone.kind].append(shape(zone.geometry))
    layers = {
        "roads": roads,
        "villages": villages,
        "highway_exits": [shapely.Point(_offset(*seat, 4.0, -1.5))],
        "substations": [shapely.Point(_offset(*c, 0.4, 0.3)) for c in [seat, *centres[::2]]],
        "water_mains": roads[: max(1, len(centres) // 2)],
        "large_parks": [
            shapely.Point(_offset(*seat, -18.0, 6.0)),
            shapely.Point(_offset(*seat, 25.0, -10.0)),
        ],
        "residential": [shapely.Point(c).buffer(0.004) for c in [seat, *centres]],
        "water_bodies": [shapely.buffer(g, -0.0005) for g in zones["water_source"]],
        **zones,
    }
    out = {
        name: gpd.GeoDataFrame(geometry=list(geoms), crs=WGS84) for name, geoms in layers.items()
    }
    out["villages"]["working_age_population"] = population
    return out
