"""The base under every site map: township outlines and the county's own context layers.

Offline deployments have no tiles, and sites on a blank background cannot be placed by eye.
The base is drawn from what the county has loaded: its townships' outlines (``Region``
geometry) and, of its context layers, those that help a reader find a place (roads, rivers
and water bodies) or that forbid one (the red lines: ecological red line, permanent basic
farmland, drinking-water source zones). ``common/map.js`` fetches it after the page and draws
it beneath the sites, with a legend of the layers it holds.

Who may see a county's sites may see its base: the counties are those of the regions the user
may view (for a park manager, the regions of their parks), each walked up to its county.

One answer holds one county, not every county a provincial administrator may see: ``county=``
names it (another county is 404), ``bbox=west,south,east,north`` asks for what lies in the map's
view (features that do not reach it, or are under a pixel of a 1,500-pixel-wide view, are left
out; lines and outlines are simplified to about that pixel), and without either the user's own
county is answered.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

from microparks.apps.base import Role
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
    """The counties whose base ``user`` may see.

    Those of the regions the user may view; for the labour service, its own region's.
    """
    counties: dict[int, Region] = {}
    regions = Region.objects.restrict(user)
    if getattr(user, "role", None) == Role.LABOUR_SERVICE:  # its pool's map: its own regions
        regions = Region.objects.filter(pk__in=user.region_ids())
    for region in regions.select_related("parent"):
        node: Region | None = region
        while node is not None and node.level != Region.Level.COUNTY:
            node = node.parent if node.level == Region.Level.TOWNSHIP else None
        if node is not None:
            counties[node.pk] = node
    return sorted(counties.values(), key=lambda c: c.code)


def own_county(user: Any, counties: list[Region]) -> list[Region]:
    """The county answered when none is asked for: the user's own, else the first they see."""
    node: Region | None = getattr(user, "region", None)
    while node is not None and node.level not in (Region.Level.COUNTY, Region.Level.PROVINCE):
        node = node.parent
    mine = [c for c in counties if node is not None and c.pk == node.pk]
    return mine or counties[:1]


BBox = tuple[float, float, float, float]
VIEW_PIXELS = 1500  # a wide map's width: simplified to about one of its pixels


def parse_bbox(text: str) -> BBox:
    """``west,south,east,north`` in degrees; ValueError for anything else."""
    parts = [float(p) for p in text.split(",")]
    if len(parts) != 4 or not all(math.isfinite(p) for p in parts):
        raise ValueError(text)
    west, south, east, north = parts
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(text)
    return west, south, east, north


class _View:
    """Which features reach the map's view, and each one simplified for it (None: all, as is)."""

    def __init__(self, bbox: BBox | None) -> None:
        self.area = box(*bbox) if bbox else None
        self.tolerance = (bbox[2] - bbox[0]) / VIEW_PIXELS if bbox else 0.0

    def fit(self, geometry: dict[str, Any] | None) -> dict[str, Any] | None:
        """The geometry as drawn in the view, or None when it does not reach it."""
        if self.area is None or not geometry:
            return geometry
        try:
            shaped: BaseGeometry = shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError):
            return None
        if shaped.is_empty or not shaped.intersects(self.area):
            return None
        west, south, east, north = shaped.bounds
        if max(east - west, north - south) < self.tolerance:
            return None  # under a pixel of the view: a province's small roads stay unsent
        if shaped.geom_type != "Point" and shaped.geom_type != "MultiPoint":
            shaped = shaped.simplify(self.tolerance, preserve_topology=True)
        drawn: dict[str, Any] = json.loads(json.dumps(mapping(shaped)))  # tuples → lists
        return drawn


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


def basemap_collection(counties: list[Region], bbox: BBox | None = None) -> dict[str, Any]:
    """The townships and base layers of ``counties`` as one FeatureCollection.

    Each feature's ``layer`` names its layer; the foreign member ``layers`` lists the layers
    that have features, bottom first, with their label, colour and kind, for the legend. With
    ``bbox``, only what reaches it, simplified for a view of that width.
    """
    view = _View(bbox)
    features: list[dict[str, Any]] = []
    legend: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for layer in _layers_of(counties):
        for feature in (layer.features or {}).get("features", []):
            geometry = view.fit(feature.get("geometry"))
            if geometry:
                features.append(
                    {"type": "Feature", "geometry": geometry, "properties": {"layer": layer.name}}
                )
                counts[layer.name] = counts.get(layer.name, 0) + 1
    for name, style in BASE_LAYERS.items():
        if counts.get(name):
            legend.append(_legend_entry(name, style))
    townships = 0
    for township in _townships(counties):
        geometry = view.fit(township.geometry)
        if not geometry:
            continue
        about = {
            "layer": TOWNSHIPS,
            "name": township.name,
            "label_at": _label_point(township.geometry),
        }
        features.append({"type": "Feature", "geometry": geometry, "properties": about})
        townships += 1
    if townships:
        legend.append(_legend_entry(TOWNSHIPS, TOWNSHIP_STYLE))
    return {"type": "FeatureCollection", "features": features, "layers": legend}


def _asked_counties(request: HttpRequest, bbox: BBox | None) -> list[Region]:
    """The county named by ``county=`` (404 if not the user's), those a bbox reaches, or own."""
    counties = visible_counties(request.user)
    code = request.GET.get("county")
    if code:
        counties = [c for c in counties if c.code == code]
        if not counties:
            raise Http404
        return counties
    if bbox is None:
        return own_county(request.user, counties)
    area = box(*bbox)
    return [c for c in counties if not c.geometry or _reaches(c.geometry, area)]


def _reaches(geometry: dict[str, Any], area: BaseGeometry) -> bool:
    try:
        return bool(shape(geometry).intersects(area))
    except (ValueError, TypeError, AttributeError, KeyError):
        return True  # an outline that cannot be read: its features are filtered one by one


@role_required(PARK_ROLES | {Role.LABOUR_SERVICE})
def basemap(request: HttpRequest) -> HttpResponse:
    """The base of one county or of the map's view (GeoJSON), or 304 while nothing changed."""
    bbox = None
    if request.GET.get("bbox"):
        try:
            bbox = parse_bbox(request.GET["bbox"])
        except ValueError:
            return HttpResponseBadRequest(
                _("bbox must be west,south,east,north in degrees."), content_type="text/plain"
            )
    counties = _asked_counties(request, bbox)
    ids = [i for county in counties for i in county.descendant_ids()]
    regions_changed = Region.objects.filter(pk__in=ids).aggregate(last=Max("updated_at"))["last"]
    layers = ContextLayer.objects.filter(region__in=ids, name__in=BASE_LAYERS).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    last = max((t for t in (regions_changed, layers["last"]) if t is not None), default=None)
    tag = etag_of(request, ids, regions_changed, layers["n"], layers["last"])
    return cached_response(
        request,
        tag,
        last,
        lambda: json.dumps(basemap_collection(counties, bbox), ensure_ascii=False),
    )
