"""Travel speeds of road classes: the documented defaults when a road layer has no ``speed_kmh``.

The speeds are typical *operating* speeds of a car or a motorcycle on a rural commute, below
the design speeds of the standards (JTG B01-2014 《公路工程技术标准》 for highways, CJJ 37-2012
《城市道路工程设计规范》 for urban streets), because junctions, villages, mixed traffic and
slopes keep a commuter below them. The reasoning per class is in ``docs/methods/labour.md``.

A class is matched after trimming and case folding; a class not listed is refused by the
reader (naming its row and field), never given a guessed speed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["DEFAULT_ACCESS_SPEED_KMH", "ROAD_CLASS_SPEEDS_KMH", "speed_of_class"]

DEFAULT_ACCESS_SPEED_KMH = 15.0
"""Speed (km/h) on the straight line between a point and its nearest network node."""

_SPEEDS: dict[str, float] = {
    # administrative classes (GB/T 917-2017 行政等级) and expressways
    "高速公路": 90.0,
    "高速": 90.0,
    "国道": 60.0,
    "省道": 50.0,
    "县道": 40.0,
    "乡道": 30.0,
    "村道": 20.0,
    "专用公路": 30.0,
    # technical grades (JTG B01-2014 design speeds 60–100, 40–80, 30–40, 20–30 km/h)
    "一级公路": 70.0,
    "二级公路": 55.0,
    "三级公路": 35.0,
    "四级公路": 25.0,
    "等外公路": 15.0,
    # urban streets (CJJ 37-2012 design speeds 60–100, 40–60, 30–50, 20–40 km/h, signals)
    "城市道路": 30.0,
    "快速路": 60.0,
    "主干路": 40.0,
    "次干路": 30.0,
    "支路": 20.0,
    # English equivalents
    "expressway": 90.0,
    "national": 60.0,
    "national road": 60.0,
    "provincial": 50.0,
    "provincial road": 50.0,
    "county": 40.0,
    "county road": 40.0,
    "township": 30.0,
    "township road": 30.0,
    "village": 20.0,
    "village road": 20.0,
    "urban": 30.0,
    "urban road": 30.0,
    # OpenStreetMap highway=* values (the fclass of Geofabrik extracts)
    "motorway": 90.0,
    "motorway_link": 50.0,
    "trunk": 60.0,
    "trunk_link": 40.0,
    "primary": 50.0,
    "primary_link": 40.0,
    "secondary": 40.0,
    "secondary_link": 30.0,
    "tertiary": 30.0,
    "tertiary_link": 25.0,
    "unclassified": 25.0,
    "residential": 20.0,
    "living_street": 10.0,
    "service": 15.0,
    "track": 10.0,
}

ROAD_CLASS_SPEEDS_KMH: Mapping[str, float] = MappingProxyType(_SPEEDS)
"""Default speed (km/h) of each road class, Chinese and English names (see the module)."""


def speed_of_class(road_class: str) -> float | None:
    """The default speed of ``road_class`` in km/h, or ``None`` for a class not listed.

    >>> speed_of_class(" 县道 ")
    40.0
    >>> speed_of_class("Motorway")
    90.0
    >>> speed_of_class("马路") is None
    True
    """
    return ROAD_CLASS_SPEEDS_KMH.get(road_class.strip().casefold())
