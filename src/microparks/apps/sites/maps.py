"""Sites as GeoJSON for the Leaflet maps, coloured by status.

A site located by a point (a ledger's 经度/纬度 without an outline) is drawn by
``common/map.js`` as a circle marker; ``land_area_m2`` lets the map size it like a round
parcel of that area, never smaller than a clickable marker.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from microparks.apps.sites.models import Site

STATUS_COLOURS = {
    Site.Status.IDLE: "#c0392b",
    Site.Status.ASSESSING: "#e67e22",
    Site.Status.PLANNED: "#8e44ad",
    Site.Status.IN_PARK: "#2471a3",
    Site.Status.LEASED: "#1e8449",
    Site.Status.EXCLUDED: "#7f8c8d",
}


def legend() -> list[tuple[str, str]]:
    """(colour, status label) for each site status, in the order of the choices."""
    return [(STATUS_COLOURS[s], str(s.label)) for s in Site.Status]


def sites_geojson(sites: Iterable[Site]) -> dict[str, Any]:
    """A FeatureCollection of the sites' points or outlines with name, status, colour, link."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": site.geometry,
                "properties": {
                    "code": site.code,
                    "name": site.name,
                    "status": str(site.get_status_display()),
                    "colour": STATUS_COLOURS.get(site.status, "#555555"),  # type: ignore[call-overload]
                    "url": reverse("web:site_detail", args=[site.pk]),
                    "location": site.location_kind,
                    "land_area_m2": site.land_area_m2,
                },
            }
            for site in sites
            if site.geometry
        ],
    }
