"""Place site polygons near anchors without overlapping each other or the veto zones."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from microparks.demo.geo import LocalFrame, half_diagonal_km, rectangle
from microparks.demo.model import GeoJSON
from microparks.demo.places import Disc

GAP_KM = 0.03  # keep neighbouring parcels at least 30 m apart
MAX_TRIES = 400


@dataclass
class SitePlacer:
    """Rejection sampling of rotated rectangles; every placed site blocks its circumcircle."""

    rng: np.random.Generator
    frame: LocalFrame
    zones: list[Disc]
    sites: list[Disc] = field(default_factory=list)

    def place(
        self,
        anchor: tuple[float, float],
        radius_km: float,
        area_m2: float,
        inside: Disc | None = None,
    ) -> tuple[GeoJSON, tuple[float, float]]:
        """A rectangle of ``area_m2`` near ``anchor`` (or wholly inside the disc ``inside``).

        Returns the GeoJSON polygon and its centre in km. A site placed inside a zone disc must
        only avoid the other sites; every other site avoids all zones as well.
        """
        area_km2 = area_m2 / 1e6
        aspect = float(self.rng.uniform(1.0, 2.0))
        angle = float(self.rng.uniform(0, math.pi))
        half = half_diagonal_km(area_km2, aspect)
        me_r = half
        if inside is not None:
            room = inside.r - half - 0.02
            if room <= 0:
                raise ValueError("site too large for its zone")
            cx, cy, radius = inside.x, inside.y, room
        else:
            cx, cy = anchor
            radius = radius_km
        blockers = self.sites if inside is not None else self.sites + self.zones
        for attempt in range(MAX_TRIES * 3):
            if attempt and attempt % MAX_TRIES == 0 and inside is None:
                radius *= 1.2  # crowded: widen the search
            r = radius * math.sqrt(float(self.rng.uniform()))
            t = float(self.rng.uniform(0, 2 * math.pi))
            x, y = cx + r * math.cos(t), cy + r * math.sin(t)
            me = Disc(x, y, me_r)
            if not any(me.overlaps(other, GAP_KM) for other in blockers):
                self.sites.append(me)
                return self.frame.polygon(rectangle(x, y, area_km2, aspect, angle)), (x, y)
        raise RuntimeError("could not place a site without overlaps")
