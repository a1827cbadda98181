"""GeoJSON geometry checks and measures shared by every capability."""

from microparks.core.geometry.locations import (
    SITE_GEOMETRY_TYPES,
    LocationKind,
    calc_location_lonlat,
    check_point_geojson,
    check_site_geojson,
    location_kind,
    location_of_type,
)
from microparks.core.geometry.polygons import (
    GeometryError,
    calc_area_m2,
    check_polygon_geojson,
)

__all__ = [
    "SITE_GEOMETRY_TYPES",
    "GeometryError",
    "LocationKind",
    "calc_area_m2",
    "calc_location_lonlat",
    "check_point_geojson",
    "check_polygon_geojson",
    "check_site_geojson",
    "location_kind",
    "location_of_type",
]
