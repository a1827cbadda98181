"""A site's location: a point from a ledger (经度/纬度 or X/Y) or an outline from a GIS file.

Idle-land ledgers (闲置土地台账) rarely hold parcel outlines; they give a point and an area.
Both are locations: analyses measure from the point, or from the outline when there is one,
and take the area from the ledger when there is no outline to measure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from microparks.core.geometry.polygons import GeometryError, check_polygon_geojson

LocationKind = Literal["point", "outline"]
SITE_GEOMETRY_TYPES = ("Point", "Polygon", "MultiPolygon")
"""GeoJSON types a site's location may have."""


def check_point_geojson(geojson: Mapping[str, Any]) -> BaseGeometry:
    """Return the shapely point of a GeoJSON Point in longitude/latitude, or raise GeometryError.

    Examples
    --------
    >>> check_point_geojson({"type": "Point", "coordinates": [108.3, 24.7]}).wkt
    'POINT (108.3 24.7)'

    """
    if not isinstance(geojson, Mapping) or geojson.get("type") != "Point":
        raise GeometryError("not a GeoJSON Point")
    coordinates = geojson.get("coordinates")
    if not isinstance(coordinates, (list, tuple)) or len(coordinates) not in (2, 3):
        raise GeometryError("a point has two coordinates: longitude and latitude")
    try:
        lon, lat = float(coordinates[0]), float(coordinates[1])
    except (TypeError, ValueError):
        raise GeometryError("malformed coordinates (not numbers)") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryError("coordinates are not longitude/latitude (EPSG:4326)")
    return shape(geojson)


def check_site_geojson(geojson: Mapping[str, Any]) -> BaseGeometry:
    """Return the shapely geometry of a site's location (Point, Polygon or MultiPolygon).

    Raises
    ------
    GeometryError
        Naming what is wrong: the type, malformed or non-lon/lat coordinates, an invalid ring.

    """
    if not isinstance(geojson, Mapping) or "type" not in geojson:
        raise GeometryError("not a GeoJSON geometry object")
    if geojson["type"] == "Point":
        return check_point_geojson(geojson)
    if geojson["type"] not in SITE_GEOMETRY_TYPES:
        raise GeometryError(f"expected Point, Polygon or MultiPolygon, got {geojson['type']}")
    return check_polygon_geojson(geojson)


def location_kind(geojson: Mapping[str, Any] | None) -> LocationKind | None:
    """``point`` for a GeoJSON Point, ``outline`` for a (Multi)Polygon, else ``None``."""
    if not isinstance(geojson, Mapping):
        return None
    return location_of_type(geojson.get("type"))


def location_of_type(geometry_type: str | None) -> LocationKind | None:
    """:func:`location_kind` from the geometry's type alone (read without decoding the rest)."""
    if geometry_type == "Point":
        return "point"
    if geometry_type in ("Polygon", "MultiPolygon"):
        return "outline"
    return None


def calc_location_lonlat(geojson: Mapping[str, Any]) -> tuple[float, float]:
    """The (longitude, latitude) that stands for a site: its point, or its outline's centroid.

    The centroid is taken in longitude/latitude, which within a parcel (< 1 km) differs from
    the projected centroid by far less than the ledgers' coordinate precision.

    Examples
    --------
    >>> calc_location_lonlat({"type": "Point", "coordinates": [108.3, 24.7]})
    (108.3, 24.7)
    >>> ring = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    >>> calc_location_lonlat({"type": "Polygon", "coordinates": [ring]})
    (1.0, 1.0)

    """
    geom = check_site_geojson(geojson)
    point = geom if geom.geom_type == "Point" else geom.centroid
    return (float(point.x), float(point.y))
