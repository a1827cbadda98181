"""Sites as GeoJSON for the Leaflet maps, coloured by status."""

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
    """A FeatureCollection of the sites' polygons with name, status, colour and page link."""
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
                },
            }
            for site in sites
            if site.geometry
        ],
    }
