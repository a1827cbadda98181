"""Polygon checks and geodesic areas."""

from __future__ import annotations

import math

import pytest

from microparks.core.geometry import GeometryError, calc_area_m2, check_polygon_geojson


def square(lon: float, lat: float, d: float) -> dict:
    ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_area_of_a_small_square_matches_spherical_estimate() -> None:
    d = 0.01
    lat = 25.0
    # Local plane estimate: (d·111.32 km·cos φ)·(d·110.57 km) near 25° N; within 0.5 %.
    expected = (d * 111_320 * math.cos(math.radians(lat + d / 2))) * (d * 110_770)
    assert calc_area_m2(square(110.0, lat, d)) == pytest.approx(expected, rel=5e-3)


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "Point", "coordinates": [110, 25]}, "expected Polygon"),
        ({"type": "Polygon", "coordinates": []}, "empty"),
        ({"type": "Polygon", "coordinates": [[[1, 1], [2]]]}, "malformed"),
        (square(500_000, 2_700_000, 100), "not longitude/latitude"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "Self-intersection",
        ),
        ("not json", "not a GeoJSON"),
    ],
)
def test_invalid_geometries_are_rejected_with_a_reason(geojson: object, message: str) -> None:
    with pytest.raises(GeometryError, match=message):
        check_polygon_geojson(geojson)  # type: ignore[arg-type]


def test_multipolygon_accepted() -> None:
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(110, 25, 0.01)["coordinates"], square(111, 25, 0.01)["coordinates"]],
    }
    assert check_polygon_geojson(multi).geom_type == "MultiPolygon"


@pytest.mark.parametrize(
    ("geometry_type", "expected"),
    [
        ("Point", "point"),
        ("Polygon", "outline"),
        ("MultiPolygon", "outline"),
        ("LineString", None),
        (None, None),
    ],
)
def test_location_from_the_type_alone_is_the_location_of_the_geometry(
    geometry_type: str | None, expected: str | None
) -> None:
    from microparks.core.geometry import location_kind, location_of_type

    assert location_of_type(geometry_type) == expected
    assert location_kind({"type": geometry_type}) == expected
