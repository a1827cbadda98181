"""Polygon checks and areas for GeoJSON stored in EPSG:4326 (longitude, latitude)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyproj import Geod
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

_GEOD = Geod(ellps="WGS84")  # CGCS2000's ellipsoid differs from WGS84's by < 0.1 mm in axis


class GeometryError(ValueError):
    """GeoJSON that is not a valid polygon in longitude/latitude."""


def check_polygon_geojson(geojson: Mapping[str, Any]) -> BaseGeometry:
    """Return the shapely geometry of a valid GeoJSON (Multi)Polygon, or raise GeometryError."""
    if not isinstance(geojson, Mapping) or "type" not in geojson:
        raise GeometryError("not a GeoJSON geometry object")
    if geojson["type"] not in ("Polygon", "MultiPolygon"):
        raise GeometryError(f"expected Polygon or MultiPolygon, got {geojson['type']}")
    try:
        geom = shape(geojson)
    except (ValueError, TypeError, IndexError, AttributeError) as exc:
        raise GeometryError(f"malformed coordinates ({exc})") from None
    if geom.is_empty:
        raise GeometryError("empty geometry")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError("coordinates are not longitude/latitude (EPSG:4326)")
    if not geom.is_valid:
        raise GeometryError(explain_validity(geom))
    return geom


def calc_area_m2(geojson: Mapping[str, Any]) -> float:
    """Geodesic area in m² of a GeoJSON polygon in EPSG:4326 (on the WGS84 ellipsoid)."""
    geom = check_polygon_geojson(geojson)
    area, _perimeter = _GEOD.geometry_area_perimeter(geom)
    return abs(float(area))
