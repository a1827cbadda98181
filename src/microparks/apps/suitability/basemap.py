"""The base under every site map: township outlines and the county's own context layers.

Offline deployments have no tiles, and sites on a blank background cannot be placed by eye.
The base is drawn from what the county has loaded: its townships' outlines (``Region``
geometry) and, of its context layers, those that help a reader find a place (roads, rivers
and water bodies) or that forbid one (the red lines: ecological red line, permanent basic
farmland, drinking-water source zones). ``common/map.js`` fetches it after the page and draws
it beneath the sites, with a legend of the layers it holds.

Who may see a county's sites may see its base: the counties are those of the regions the user
may view (for a park manager, the regions of their parks), each walked up to its county.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy
from shapely.geometry import shape

from microparks.apps.common.permissions import PARK_ROLES, role_required
from microparks.apps.regions.models import Region
from microparks.apps.sites.geojson import cached_response, etag_of
from microparks.apps.suitability.models import ContextLayer


@dataclass(frozen=True)
class BaseLayer:
    """How a context layer is drawn: ``kind`` is ``line`` (roads, rivers) or ``area``."""

    label: Any
    colour: str
    kind: str


TOWNSHIPS = "townships"
BASE_LAYERS = {  # drawn in this order, bottom first; names as the default scheme reads them
    "basic_farmland": BaseLayer(gettext_lazy("Permanent basic farmland"), "#9fcf6a", "area"),
    "ecological_red_line": BaseLayer(
        gettext_lazy("Ecological protection red line"), "#d62728", "area"
    ),
    "water_source": BaseLayer(
        gettext_lazy("Drinking-water source protection zone"), "#1f77b4", "area"
    ),
    "water_bodies": BaseLayer(gettext_lazy("Water bodies"), "#6baed6", "area"),
    "rivers": BaseLayer(gettext_lazy("Rivers"), "#4a90c2", "line"),
    "roads": BaseLayer(gettext_lazy("Roads"), "#8c8c8c", "line"),
}
# What the shipped scheme's other layers hold, for reading (a county's own names stay as named).
OTHER_LAYERS = {
    "highway_exits": gettext_lazy("Expressway exits"),
    "substations": gettext_lazy("Substations"),
    "water_mains": gettext_lazy("Water mains"),
    "villages": gettext_lazy("Villages (working-age population)"),
    "large_parks": gettext_lazy("Larger industrial parks"),
    "residential": gettext_lazy("Residential areas"),
}


def layer_label(name: str) -> str:
    """A layer's name for reading: what it holds where the platform knows, else its name."""
    if name in BASE_LAYERS:
        return str(BASE_LAYERS[name].label)
    return str(OTHER_LAYERS.get(name, name))


TOWNSHIP_STYLE = BaseLayer(gettext_lazy("Township boundaries"), "#52606d", "outline")


def visible_counties(user: Any) -> list[Region]:
    """The counties whose base ``user`` may see (those of the regions the user may view)."""
    counties: dict[int, Region] = {}
    for region in Region.objects.restrict(user).select_related("parent"):
        node: Region | None = region
        while node is not None and node.level != Region.Level.COUNTY:
            node = node.parent if node.level == Region.Level.TOWNSHIP else None
        if node is not None:
            counties[node.pk] = node
    return sorted(counties.values(), key=lambda c: c.code)


def _layers_of(counties: Iterable[Region]) -> list[ContextLayer]:
    ids = [i for county in counties for i in county.descendant_ids()]
    rows = ContextLayer.objects.filter(region__in=ids, name__in=BASE_LAYERS)
    order = list(BASE_LAYERS)
    return sorted(rows, key=lambda layer: order.index(layer.name))


def _townships(counties: Iterable[Region]) -> list[Region]:
    return list(
        Region.objects.filter(parent__in=list(counties), level=Region.Level.TOWNSHIP)
        .exclude(geometry=None)
        .order_by("code")
    )


def _label_point(geometry: dict[str, Any]) -> list[float] | None:
    """A point inside the outline for the township's name (not the centroid: it may lie out)."""
    try:
        point = shape(geometry).representative_point()
    except (ValueError, TypeError, AttributeError):
        return None
    return [round(point.x, 6), round(point.y, 6)]


def _legend_entry(name: str, style: BaseLayer) -> dict[str, str]:
    return {"name": name, "label": str(style.label), "colour": style.colour, "kind": style.kind}


def basemap_collection(counties: list[Region]) -> dict[str, Any]:
    """The townships and base layers of ``counties`` as one FeatureCollection.

    Each feature's ``layer`` names its layer; the foreign member ``layers`` lists the layers
    that have features, bottom first, with their label, colour and kind, for the legend.
    """
    features: list[dict[str, Any]] = []
    legend: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for layer in _layers_of(counties):
        for feature in (layer.features or {}).get("features", []):
            if feature.get("geometry"):
                features.append(
                    {
                        "type": "Feature",
                        "geometry": feature["geometry"],
                        "properties": {"layer": layer.name},
                    }
                )
                counts[layer.name] = counts.get(layer.name, 0) + 1
    for name, style in BASE_LAYERS.items():
        if counts.get(name):
            legend.append(_legend_entry(name, style))
    townships = _townships(counties)
    for township in townships:
        about = {
            "layer": TOWNSHIPS,
            "name": township.name,
            "label_at": _label_point(township.geometry),
        }
        features.append({"type": "Feature", "geometry": township.geometry, "properties": about})
    if townships:
        legend.append(_legend_entry(TOWNSHIPS, TOWNSHIP_STYLE))
    return {"type": "FeatureCollection", "features": features, "layers": legend}


@role_required(PARK_ROLES)
def basemap(request: HttpRequest) -> HttpResponse:
    """The base of the user's counties (GeoJSON), or 304 while nothing in it changed."""
    counties = visible_counties(request.user)
    ids = [i for county in counties for i in county.descendant_ids()]
    regions = Region.objects.filter(pk__in=ids).aggregate(last=Max("updated_at"))["last"]
    layers = ContextLayer.objects.filter(region__in=ids, name__in=BASE_LAYERS).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    last = max((t for t in (regions, layers["last"]) if t is not None), default=None)
    tag = etag_of(request, ids, regions, layers["n"], layers["last"])
    return cached_response(
        request, tag, last, lambda: json.dumps(basemap_collection(counties), ensure_ascii=False)
    )
