"""Where an imported row puts a site: a ledger's point, or an outline from a GIS file.

The rules (docs: "Site locations"):

- a row with only a point (经度/纬度 or X/Y) needs the area from the ledger, as there is no
  outline to measure; without one the row is refused, naming the area column;
- an outline replaces the site's location; its area is measured only for a new site that the
  file gives no area for. An existing site keeps its stored area (the ledger's, the area of
  record) unless the file gives one, so a GIS layer with just codes and outlines adds the
  outlines and changes nothing else;
- a point never replaces an outline already stored: re-importing the ledger after the
  outlines were added keeps them (edit the outline, or import a new one, to move a site).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_noop

from microparks.apps.sites.models import Site
from microparks.core.geometry import calc_area_m2, location_kind
from microparks.io.errors import RowError

AREA_FIELD = "land_area_m2"


def place_site(site: Site, geometry: dict[str, Any], area_given: bool, row: int) -> list[RowError]:
    """Set ``site``'s location from an imported row (see the module's rules).

    Parameters
    ----------
    site : Site
        The site the row creates (no primary key) or updates; its other fields, the area
        included when the row gives one, are already set from the row.
    geometry : dict
        The row's GeoJSON in EPSG:4326, a Point or a (Multi)Polygon.
    area_given : bool
        Whether the row gives a land area.
    row : int
        The row as the user sees it, for the error.

    Returns
    -------
    list of RowError
        The refusal of a point row without an area; empty when the row is placed.

    """
    geometry = json.loads(json.dumps(geometry))  # tuples → lists, as the JSON field stores
    if location_kind(geometry) == "point":
        if not (site.pk and location_kind(site.geometry) == "outline"):
            site.geometry = geometry
        if area_given:
            return []
        if site.land_area_m2 is None:
            # the row is refused here; a stand-in keeps the model's checks from adding a
            # second, vaguer "cannot be null" on the same column
            site.land_area_m2 = 0.0
        reason = gettext_noop(
            "a point needs the land area from the ledger (there is no outline to measure)"
        )
        return [RowError(row, AREA_FIELD, reason)]
    site.geometry = geometry
    if not area_given and not site.pk:
        site.land_area_m2 = round(calc_area_m2(geometry), 1)
    return []
