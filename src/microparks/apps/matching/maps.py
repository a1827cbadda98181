"""The matching map: the places' sites, each prospect's location, and lines prospect → place.

One GeoJSON FeatureCollection for ``matching/map.js``: site outlines or points (as on the
other maps), ``Point`` features for prospects that have a location, and ``LineString``
features from a prospect to a place's point or outline centre with a popup text naming both
and the pair's cost. Prospects without a location get no line; the pages list them as having
none.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from microparks.apps.attraction.models import Prospect
from microparks.apps.matching.services import MatchRun, Place, centroid
from microparks.apps.sites.maps import sites_geojson


@dataclass(frozen=True)
class Line:
    """A prospect → place pair to draw: ``assigned`` in the plan, else a recommendation."""

    prospect: Prospect
    place: Place
    cost: float
    assigned: bool


def assigned_lines(run: MatchRun, prospects: Iterable[Prospect] | None = None) -> list[Line]:
    """The plan's pairs (of ``prospects``, default all) as lines."""
    out = []
    for prospect in run.prospects if prospects is None else prospects:
        place = run.place_of(prospect)
        if place is not None:
            out.append(Line(prospect, place, run.cost_of(prospect, place), assigned=True))
    return out


def without_location(prospects: Iterable[Prospect]) -> list[Prospect]:
    """The prospects that have no location (no line can be drawn for them)."""
    return [p for p in prospects if p.lon_lat is None]


def match_geojson(places: Iterable[Place], lines: Iterable[Line]) -> dict[str, Any]:
    """The sites of the places and of the lines' places, prospects and lines."""
    lines = list(lines)
    sites = {p.site.pk: p.site for p in places} | {ln.place.site.pk: ln.place.site for ln in lines}
    data = sites_geojson(sites.values())
    for feature in data["features"]:
        feature["properties"]["kind"] = "site"
    seen: set[int] = set()
    for line in lines:
        start = line.prospect.lon_lat
        end = centroid(line.place.site.geometry)
        if start is None or not all(math.isfinite(v) for v in end):
            continue
        name = line.prospect.name
        url = reverse("matching:prospect", args=[line.prospect.pk])
        if line.prospect.pk not in seen:
            seen.add(line.prospect.pk)
            data["features"].append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": list(start)},
                    "properties": {"kind": "prospect", "name": name, "url": url},
                }
            )
        popup = _("%(prospect)s → %(place)s, cost %(cost)s") % {
            "prospect": name,
            "place": line.place.label,
            "cost": f"{line.cost:.3f}",
        }
        data["features"].append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [list(start), list(end)]},
                "properties": {
                    "kind": "line",
                    "assigned": line.assigned,
                    "popup": popup,
                    "prospect": name,
                    "place": line.place.label,
                    "cost": round(line.cost, 6),
                    "url": url,
                },
            }
        )
    return data
