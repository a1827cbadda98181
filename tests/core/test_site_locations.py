"""A site's location: a ledger's point or an outline, checked and reduced to one lon/lat."""

from __future__ import annotations

import pytest

from microparks.core.geometry import (
    GeometryError,
    calc_location_lonlat,
    check_site_geojson,
    location_kind,
)
from tests.core.test_geometry import square


def test_a_point_and_an_outline_are_both_locations() -> None:
    point = {"type": "Point", "coordinates": [108.3, 24.7]}
    assert check_site_geojson(point).geom_type == "Point"
    assert check_site_geojson(square(108.3, 24.7, 0.01)).geom_type == "Polygon"
    assert location_kind(point) == "point"
    assert location_kind(square(108.3, 24.7, 0.01)) == "outline"
    assert location_kind(None) is None
    assert location_kind({"type": "LineString", "coordinates": []}) is None


def test_the_location_of_a_point_is_itself_and_of_an_outline_its_centroid() -> None:
    assert calc_location_lonlat({"type": "Point", "coordinates": [108.3, 24.7, 150.0]}) == (
        108.3,
        24.7,
    )
    lon, lat = calc_location_lonlat(square(108.0, 24.0, 0.02))
    assert (lon, lat) == pytest.approx((108.01, 24.01))


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "LineString", "coordinates": [[1, 1], [2, 2]]}, "expected Point, Polygon"),
        ({"type": "Point", "coordinates": [500_000, 2_700_000]}, "not longitude/latitude"),
        ({"type": "Point", "coordinates": [float("nan"), 24.0]}, "not longitude/latitude"),
        ({"type": "Point", "coordinates": ["108", None]}, "not numbers"),
        ({"type": "Point", "coordinates": [108.0]}, "two coordinates"),
        ({"type": "Point"}, "two coordinates"),
        ([108, 24], "not a GeoJSON"),
    ],
)
def test_bad_locations_are_refused_with_a_reason(geojson: object, message: str) -> None:
    with pytest.raises(GeometryError, match=message):
        check_site_geojson(geojson)  # type: ignore[arg-type]
