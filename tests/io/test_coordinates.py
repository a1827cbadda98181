"""Recognising bare coordinates: Gauss–Krüger zones, swapped axes, the county's polygon."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import CRS, Transformer

from microparks.io.coordinates import (
    Boundary,
    guess_projected,
    looks_swapped,
    outside,
    unzoned_epsg,
    zoned_epsg,
)
from microparks.io.gis_layers import detect_encoding

# a county near the demo county's seat (107.86E 24.37N), about 50 km across
COUNTY = Boundary("青岚县", shapely.Point(107.86, 24.37).buffer(0.25))


@pytest.mark.parametrize(
    ("easting", "epsg"),
    [
        (39_500_000, 4527),  # the brief's example: zone 39 (117E)
        (36_512_345.6, 4524),
        (25_400_000, 4513),  # 3-degree zone 25, 75E
        (45_600_000, 4533),  # 3-degree zone 45, 135E
        (13_500_000, 4491),  # 6-degree zone 13, 75E
        (19_300_000, 4497),  # 6-degree zone 19, 111E
        (23_500_000, 4501),
        (24_500_000, None),  # neither family has zone 24
        (46_500_000, None),
        (500_000, None),  # no zone number
        (39_050_000, None),  # 50 km: no easting of a zone starts so low
    ],
)
def test_the_zone_number_names_the_crs(easting, epsg):
    assert zoned_epsg(easting) == epsg


def test_the_zoned_codes_are_the_zones_epsg_names():
    for easting in (25_500_000, 36_500_000, 39_500_000, 45_500_000):
        zone = easting // 1_000_000
        name = CRS.from_epsg(zoned_epsg(easting)).name
        assert name == f"CGCS2000 / 3-degree Gauss-Kruger zone {zone}"
    for easting in (13_500_000, 18_500_000, 23_500_000):
        zone = easting // 1_000_000
        assert CRS.from_epsg(zoned_epsg(easting)).name == f"CGCS2000 / Gauss-Kruger zone {zone}"


@pytest.mark.parametrize(
    ("lon", "epsg"),
    [(107.86, 4545), (75.0, 4534), (70.0, 4534), (135.0, 4554), (119.4, 4549), (116.4, 4548)],
)
def test_the_unzoned_zone_is_the_nearest_meridian(lon, epsg):
    assert unzoned_epsg(lon) == epsg
    meridian = CRS.from_epsg(epsg).name.rsplit(" ", 1)[1]
    assert meridian == f"{min(max(3 * round(lon / 3), 75), 135)}E"


def _gk(epsg, lon, lat):
    return Transformer.from_crs(4326, epsg, always_xy=True).transform(lon, lat)


def test_metres_with_the_zone_number_are_recognised_in_either_order():
    east, north = _gk(4524, 107.9, 24.4)
    assert guess_projected(east, north).epsg == 4524
    assert not guess_projected(east, north).northing_first
    guess = guess_projected(north, east)  # X north, Y east as Chinese ledgers write them
    assert (guess.kind, guess.epsg, guess.northing_first) == ("zoned", 4524, True)
    assert guess.crs_name == "CGCS2000 / 3-degree Gauss-Kruger zone 36"


def test_metres_without_the_zone_number_get_the_county_meridian():
    east, north = _gk(4545, 107.9, 24.4)
    assert guess_projected(east, north).kind == "unzoned"
    assert guess_projected(east, north).epsg is None  # no county: the numbers cannot tell
    assert guess_projected(east, north, COUNTY).epsg == 4545


def test_degrees_are_not_metres_and_other_metres_are_unknown():
    assert guess_projected(107.9, 24.4) is None
    assert guess_projected(24.4, 107.9) is None  # swapped degrees: not metres either
    assert guess_projected(12_000_000.0, 3_000_000.0).kind == "unknown"  # Web Mercator
    assert guess_projected(np.nan, 24.4) is None


def test_swapped_longitude_latitude():
    assert looks_swapped(24.4, 107.9)  # latitude first, anywhere in China
    assert not looks_swapped(107.9, 24.4)
    assert looks_swapped(24.4, 107.9, COUNTY)
    assert not looks_swapped(24.4, 110.9, COUNTY)  # swapped, but not into the county either
    assert looks_swapped(40.0, 80.0)  # Xinjiang's 80E 40N given as lon 40, lat 80


def test_outside_the_county_with_a_kilometre_of_tolerance():
    west, _, _, _ = COUNTY.geometry.bounds
    # 0.005 degrees west of the line is ~500 m (inside the tolerance), 0.02 is ~2 km
    near, far = shapely.Point(west - 0.005, 24.37), shapely.Point(west - 0.02, 24.37)
    inside = shapely.Point(107.86, 24.37)
    crossing = shapely.box(west - 0.05, 24.36, west + 0.05, 24.38)  # half outside
    shapes = np.array([inside, near, far, crossing])
    assert outside(shapes, COUNTY).tolist() == [False, False, True, True]
    reach = Boundary(COUNTY.name, COUNTY.geometry, 1000, whole=False)
    assert outside(shapes, reach).tolist() == [False, False, True, False]


def test_gbk_read_as_latin1_is_recognised():
    gbk_as_latin1 = "青岚县闲置厂房".encode("gbk").decode("latin-1")
    utf8_as_latin1 = "国有".encode().decode("latin-1")
    assert detect_encoding(["code", gbk_as_latin1]) == "GB18030"
    assert detect_encoding([utf8_as_latin1]) == "UTF-8"
    assert detect_encoding(["plain", "ascii"]) is None
    assert detect_encoding(["café"]) is None  # real Latin-1: left as GDAL read it
