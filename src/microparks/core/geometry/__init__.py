"""GeoJSON geometry checks and measures shared by every capability."""

from microparks.core.geometry.polygons import (
    GeometryError,
    calc_area_m2,
    check_polygon_geojson,
)

__all__ = ["GeometryError", "calc_area_m2", "check_polygon_geojson"]
