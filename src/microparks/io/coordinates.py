"""Where a file's coordinates are: recognise the CRS of bare numbers, swapped axes, the county.

County files in China come in CGCS2000 (EPSG:4490) longitude/latitude or in its Gauss–Krüger
projections, in two families each for 3° and 6° zones:

========================  ===================  ===================================
family                    EPSG                 easting of the central meridian
========================  ===================  ===================================
3° zones 25–45            4513–4533            zone × 10⁶ + 500 000 (e.g. 39 500 000)
3° by meridian 75–135°E   4534–4554            500 000
6° zones 13–23            4491–4501            zone × 10⁶ + 500 000
6° by meridian 75–135°E   4502–4512            500 000
========================  ===================  ===================================

With the zone number in the easting the coordinates name their CRS; without it they do not (the
same numbers fit every meridian), so the zone whose meridian is nearest the county is suggested.
The EPSG definitions of these CRSs put the northing first (X north, Y east, as Chinese surveyors
write them), so a table's X/Y columns may come in either order: the magnitudes tell which is
the easting. Longitude and latitude have no such excuse: swapped ones are refused, not mended.

Reference: EPSG Geodetic Parameter Dataset, CGCS2000 Gauss–Krüger projected CRSs 4491–4554;
GB/T 17798-2007 (geospatial data transfer format: X north, Y east).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

#: Longitude/latitude extent of China (with a margin), for "does this look like China".
CHINA_LONLAT = (73.0, 3.0, 136.0, 54.0)
#: Tolerance around the county's polygon: parcels on the line, digitising slips.
DEFAULT_TOLERANCE_M = 1000.0
#: How far beyond the county a context feature may lie (roads, rail stations, markets and
#: protected zones of the neighbours count for distances); farther means a wrong CRS.
CONTEXT_TOLERANCE_M = 100_000.0
#: An easting without the zone number: 500 km ± half a 6° zone at the equator (334 km).
UNZONED_EASTING_M = (100_000.0, 900_000.0)
#: Northings of China's mainland and Hainan (18°N–54°N) in Gauss–Krüger metres.
NORTHING_M = (1_000_000.0, 6_200_000.0)
ZONES_3 = (25, 45)  # EPSG:4513 is zone 25 (75°E) … EPSG:4533 zone 45 (135°E)
ZONES_6 = (13, 23)  # EPSG:4491 is zone 13 (75°E) … EPSG:4501 zone 23 (135°E)
MERIDIANS = (75, 135)
#: Numbers no larger than this are degrees, in whichever order; metres are larger.
DEGREES_AT_MOST = 360.0


@dataclass(frozen=True)
class Boundary:
    """The polygon every imported geometry must lie in: a county's or a township's.

    ``geometry`` is in EPSG:4326 (longitude, latitude); ``tolerance_m`` is how far outside
    its line a geometry may reach and still count as inside. With ``whole`` (idle assets) all
    of a geometry must lie within that reach; without it (context layers, whose roads and
    zones cross county lines) some part of it must.
    """

    name: str
    geometry: BaseGeometry
    tolerance_m: float = DEFAULT_TOLERANCE_M
    whole: bool = True

    @classmethod
    def from_geojson(
        cls,
        name: str,
        geojson: Mapping[str, Any],
        tolerance_m: float = DEFAULT_TOLERANCE_M,
        *,
        whole: bool = True,
    ) -> Boundary:
        """Build from a GeoJSON Polygon or MultiPolygon in EPSG:4326."""
        return cls(name, shapely.geometry.shape(geojson), tolerance_m, whole)

    @property
    def centre_lon(self) -> float:
        """Longitude of the polygon's centroid (a county spans well under a degree)."""
        return float(self.geometry.centroid.x)


@dataclass(frozen=True)
class CrsGuess:
    """What bare coordinates look like.

    ``kind`` is ``"zoned"`` (Gauss–Krüger with the zone number in the easting: ``epsg`` is
    certain), ``"unzoned"`` (Gauss–Krüger without it: ``epsg`` is the 3° zone nearest the
    county, or ``None`` without one) or ``"unknown"``. ``northing_first`` says the first
    coordinate is the northing (X north, as in the EPSG definition and Chinese ledgers).
    """

    kind: Literal["zoned", "unzoned", "unknown"]
    epsg: int | None = None
    northing_first: bool = False

    @property
    def crs_name(self) -> str:
        """The EPSG name of the guessed CRS, e.g. ``CGCS2000 / 3-degree Gauss-Kruger zone 36``."""
        return CRS.from_epsg(self.epsg).name if self.epsg else ""


def is_lonlat(x: float, y: float) -> bool:
    """Whether ``(x, y)`` can be a longitude and a latitude at all."""
    return bool(np.isfinite(x) and np.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90)


def _in_china(x: float, y: float) -> bool:
    west, south, east, north = CHINA_LONLAT
    return west <= x <= east and south <= y <= north


def zoned_epsg(easting: float) -> int | None:
    """The EPSG code named by an easting with the zone number, e.g. 39 500 000 → 4527.

    3° zones 25–45 are EPSG:4513–4533, 6° zones 13–23 EPSG:4491–4501; the two ranges do not
    overlap, so the prefix alone names the CRS. ``None`` when the easting carries no such zone.
    """
    if not np.isfinite(easting):
        return None
    zone, rest = divmod(easting, 1_000_000.0)
    low, high = UNZONED_EASTING_M
    if not low <= rest <= high:
        return None
    if ZONES_3[0] <= zone <= ZONES_3[1]:
        return 4513 + int(zone) - ZONES_3[0]
    if ZONES_6[0] <= zone <= ZONES_6[1]:
        return 4491 + int(zone) - ZONES_6[0]
    return None


def unzoned_epsg(lon: float) -> int:
    """The 3° Gauss–Krüger CRS without zone number whose meridian is nearest ``lon``.

    EPSG:4534 is the 75°E meridian, EPSG:4554 the 135°E one, every 3° between; e.g. a county
    at 107.9°E gets 108°E, EPSG:4545.
    """
    meridian = min(max(3 * round(lon / 3), MERIDIANS[0]), MERIDIANS[1])
    return 4534 + (meridian - MERIDIANS[0]) // 3


def _is_northing(value: float) -> bool:
    return NORTHING_M[0] <= value <= NORTHING_M[1]


def _is_unzoned_easting(value: float) -> bool:
    return UNZONED_EASTING_M[0] <= value <= UNZONED_EASTING_M[1]


def guess_projected(x: float, y: float, boundary: Boundary | None = None) -> CrsGuess | None:
    """What CRS the metres ``(x, y)`` look like, or ``None`` if they are degrees.

    Either order of easting and northing is recognised. Without the zone number the zone
    cannot be told from the numbers: the 3° zone nearest ``boundary``'s centre is suggested.
    """
    if not (np.isfinite(x) and np.isfinite(y)) or max(abs(x), abs(y)) <= DEGREES_AT_MOST:
        return None  # degrees (perhaps swapped), not metres
    for easting, northing, northing_first in ((x, y, False), (y, x, True)):
        if not _is_northing(northing):
            continue
        epsg = zoned_epsg(easting)
        if epsg is not None:
            return CrsGuess("zoned", epsg, northing_first)
        if _is_unzoned_easting(easting):
            epsg = unzoned_epsg(boundary.centre_lon) if boundary is not None else None
            return CrsGuess("unzoned", epsg, northing_first)
    return CrsGuess("unknown")


def looks_swapped(x: float, y: float, boundary: Boundary | None = None) -> bool:
    """Whether ``(x, y)`` is a latitude and a longitude, given in the wrong order.

    True when the point is not where it should be (outside ``boundary``'s extent, or outside
    China without one) while ``(y, x)`` is.
    """
    if boundary is None:
        return not _in_china(x, y) and _in_china(y, x)
    west, south, east, north = _padded_bounds(boundary)
    inside = west <= x <= east and south <= y <= north
    return not inside and west <= y <= east and south <= x <= north


def _padded_bounds(boundary: Boundary) -> tuple[float, float, float, float]:
    """The boundary's extent widened by its tolerance (in degrees, generously)."""
    west, south, east, north = boundary.geometry.bounds
    pad_lat = boundary.tolerance_m / 110_000.0
    pad_lon = pad_lat / max(math.cos(math.radians((south + north) / 2)), 0.1)
    return west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat


def outside(geoms: np.ndarray, boundary: Boundary) -> np.ndarray:
    """Which geometries (EPSG:4326, shapely array) are farther from ``boundary`` than allowed.

    The test runs in the boundary's UTM zone (metres), where the tolerance is a buffer: a
    geometry must be covered by it (``boundary.whole``) or touch it.
    """
    import geopandas as gpd

    area = gpd.GeoSeries([boundary.geometry], crs="EPSG:4326")
    metric = area.estimate_utm_crs()
    zone = area.to_crs(metric).buffer(boundary.tolerance_m).iloc[0]
    shapes = gpd.GeoSeries(geoms, crs="EPSG:4326").to_crs(metric)
    near = shapes.covered_by(zone) if boundary.whole else shapes.intersects(zone)
    return np.asarray(~near, dtype=bool)


def first_xy(geom: BaseGeometry | None) -> tuple[float, float]:
    """A geometry's representative coordinates as written: a point's own, else its centroid."""
    if geom is None or geom.is_empty:
        return (math.nan, math.nan)
    centre = geom if geom.geom_type == "Point" else geom.centroid
    return (float(centre.x), float(centre.y))


def lonlat_text(x: float, y: float) -> str:
    """``107.86, 24.37``: a point for a message, rounded to 1e-5 degrees (about a metre)."""
    return f"{x:.5f}, {y:.5f}"


def swap_axes(geoms: np.ndarray) -> np.ndarray:
    """The geometries with x and y exchanged (northing-first X/Y columns of a table)."""
    return np.asarray(shapely.transform(geoms, lambda xy: xy[:, ::-1]))
