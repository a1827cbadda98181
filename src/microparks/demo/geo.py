"""Plane geometry of the demo county, in kilometres east/north of the county seat.

The county is small (about 60 km across), so a local equirectangular projection is accurate to
well under 1 % in area; polygons are returned as GeoJSON in EPSG:4326 with counter-clockwise
exterior rings (RFC 7946) and coordinates rounded to 1e-7 degrees (about 1 cm).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from microparks.demo.model import GeoJSON

WGS84_A_KM = 6378.137
WGS84_E2 = 0.00669437999014


class LocalFrame:
    """Convert between km offsets from ``origin`` (lon, lat) and longitude/latitude.

    Degrees are scaled by the WGS84 radii of curvature at the origin's latitude φ:
    M = a(1 − e²)/(1 − e² sin²φ)^{3/2} along the meridian, N cos φ with
    N = a/(1 − e² sin²φ)^{1/2} along the parallel.
    """

    def __init__(self, origin: tuple[float, float]) -> None:
        self.lon0, self.lat0 = origin
        phi = math.radians(self.lat0)
        w = 1 - WGS84_E2 * math.sin(phi) ** 2
        self.km_per_deg_lat = math.radians(WGS84_A_KM * (1 - WGS84_E2) / w**1.5)
        self.km_per_deg_lon = math.radians(WGS84_A_KM / math.sqrt(w) * math.cos(phi))

    def to_lonlat(self, x_km: float, y_km: float) -> list[float]:
        """Longitude and latitude of the point ``x_km`` east and ``y_km`` north of the origin."""
        return [
            round(self.lon0 + x_km / self.km_per_deg_lon, 7),
            round(self.lat0 + y_km / self.km_per_deg_lat, 7),
        ]

    def polygon(self, points_km: Sequence[tuple[float, float]]) -> GeoJSON:
        """A GeoJSON Polygon through ``points_km`` (open ring), made counter-clockwise."""
        if signed_area_km2(points_km) < 0:
            points_km = list(reversed(points_km))
        ring = [self.to_lonlat(x, y) for x, y in points_km]
        ring.append(list(ring[0]))
        return {"type": "Polygon", "coordinates": [ring]}

    def centre(self, x_km: float, y_km: float) -> tuple[float, float]:
        """A point as a (lon, lat) tuple."""
        lon, lat = self.to_lonlat(x_km, y_km)
        return (lon, lat)


def signed_area_km2(points: Sequence[tuple[float, float]]) -> float:
    """Shoelace area of an open ring; positive when counter-clockwise."""
    xy = np.asarray(points, dtype=float)
    x, y = xy[:, 0], xy[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))


def polar(theta: float, r: float) -> tuple[float, float]:
    """The point at angle ``theta`` (radians from east) and distance ``r`` km."""
    return (r * math.cos(theta), r * math.sin(theta))


def rectangle(
    cx: float, cy: float, area_km2: float, aspect: float, angle: float
) -> list[tuple[float, float]]:
    """Corners of a ``aspect``:1 rectangle of ``area_km2`` centred at (cx, cy), rotated."""
    w = math.sqrt(area_km2 * aspect)
    h = area_km2 / w
    c, s = math.cos(angle), math.sin(angle)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    return [(cx + x * c - y * s, cy + x * s + y * c) for x, y in corners]


def half_diagonal_km(area_km2: float, aspect: float) -> float:
    """Radius of the circle around a rectangle of ``area_km2`` and ``aspect``."""
    w = math.sqrt(area_km2 * aspect)
    h = area_km2 / w
    return 0.5 * math.hypot(w, h)


class RadialShape:
    """A star-shaped outline r(θ) = base · (1 + Σ a_k sin(k θ + φ_k)) around a centre."""

    def __init__(
        self,
        centre: tuple[float, float],
        base_km: float,
        harmonics: Sequence[tuple[int, float, float]],
    ) -> None:
        self.cx, self.cy = centre
        self.base = base_km
        self.harmonics = tuple(harmonics)
        self.min_factor = 1 - sum(abs(a) for _, a, _ in self.harmonics)
        if self.min_factor <= 0:
            raise ValueError("harmonic amplitudes must sum to less than 1")

    def radius(self, theta: float) -> float:
        """Distance from the centre to the outline at angle ``theta``."""
        return self.base * (1 + sum(a * math.sin(k * theta + p) for k, a, p in self.harmonics))

    def point(self, theta: float) -> tuple[float, float]:
        """The outline point at angle ``theta``."""
        x, y = polar(theta, self.radius(theta))
        return (self.cx + x, self.cy + y)

    def ring(self, n: int) -> list[tuple[float, float]]:
        """``n`` outline points at equal angles (an open, counter-clockwise ring)."""
        return [self.point(2 * math.pi * i / n) for i in range(n)]

    def inner_radius(self, n: int) -> float:
        """A radius whose disc lies inside the ``n``-gon :meth:`ring` (chords cut inwards)."""
        return self.base * self.min_factor * math.cos(math.pi / n)

    def outer_radius(self) -> float:
        """A radius whose disc contains the outline."""
        return self.base * (2 - self.min_factor)


def annular_sector(
    inner: RadialShape, outer: RadialShape, theta0: float, theta1: float, steps: int
) -> list[tuple[float, float]]:
    """The ring between ``inner`` and ``outer`` from angle ``theta0`` to ``theta1``.

    Both outlines are sampled at the same angles as :func:`sector_angles`, so neighbouring
    sectors and the inner disc share their vertices exactly and tile the plane without gaps.
    """
    angles = sector_angles(theta0, theta1, steps)
    return [inner.point(t) for t in angles] + [outer.point(t) for t in reversed(angles)]


def sector_angles(theta0: float, theta1: float, steps: int) -> list[float]:
    """``steps`` + 1 equally spaced angles from ``theta0`` to ``theta1`` inclusive."""
    inner = [theta0 + (theta1 - theta0) * i / steps for i in range(1, steps)]
    return [theta0, *inner, theta1]  # exact end points: neighbours share them bit for bit
