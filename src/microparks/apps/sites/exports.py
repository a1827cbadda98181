"""The idle-asset inventory as tables to download: Excel for people, GeoPackage for GIS.

Excel has the model's verbose names (in the request's language) as headers and choices as
their display text; the GeoPackage has plain field names and choice codes, which GIS software
handles better. Both hold the same rows and columns, in the list page's order. A site's
location is a point (a ledger's coordinates) or an outline: both downloads say which, and give
the point (an outline's centroid) as longitude and latitude, so Excel keeps where a site is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import pandas as pd
from django.utils.translation import gettext as _
from shapely.geometry import shape

from microparks.apps.common.exports import verbose_name
from microparks.apps.sites.models import Site
from microparks.core.geometry import calc_location_lonlat
from microparks.core.units import M2_PER_MU

LAYER = "idle_assets"

FIELDS = (
    "code",
    "name",
    "kind",
    "status",
    "region_code",
    "region_name",
    "park",
    "address",
    "land_area_m2",
    "land_area_mu",
    "floor_area_m2",
    "ownership",
    "planning_designation",
    "condition",
    "building_year",
    "power_capacity_kva",
    "water_supply_t_per_day",
    "road_access",
    "asking_rent_cny_per_m2_month",
    "asking_price_cny",
    "eia_sensitivity",
    "location",
    "longitude",
    "latitude",
    "source_file",
    "source_date",
    "notes",
)
"""Columns of both downloads, in order (the GeoPackage's field names)."""
CHOICES = ("kind", "status", "ownership", "planning_designation", "condition", "road_access")
CHOICES_BLANK = ("eia_sensitivity",)  # empty: not assessed
NUMBERS = (
    "land_area_m2",
    "land_area_mu",
    "floor_area_m2",
    "power_capacity_kva",
    "water_supply_t_per_day",
    "asking_rent_cny_per_m2_month",
    "asking_price_cny",
    "longitude",
    "latitude",
)
EXTRA = ("region_code", "region_name", "land_area_mu", "location", "longitude", "latitude")
"""Columns that are not model fields."""


def _headers() -> dict[str, str]:
    """Field name → Excel header: the model's verbose name in the active language."""
    names = {f: verbose_name(Site, f) for f in FIELDS if _is_model_field(f)}
    names |= {
        "region_code": _("region code"),
        "region_name": verbose_name(Site, "region"),
        "land_area_mu": _("land area (mu)"),
        "location": _("location"),
        "longitude": _("longitude"),
        "latitude": _("latitude"),
    }
    return names


def _is_model_field(name: str) -> bool:
    return name not in EXTRA


def _location(site: Site, display: bool) -> dict[str, Any]:
    kind = site.location_kind
    lon, lat = calc_location_lonlat(site.geometry) if kind else (None, None)
    if lon is not None and lat is not None:
        lon, lat = round(lon, 6), round(lat, 6)  # 0.1 m: more than a ledger holds
    labels = {"point": _("point"), "outline": _("outline")}
    shown = (labels[kind] if display else kind) if kind else None
    return {"location": shown, "longitude": lon, "latitude": lat}


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _row(site: Site, display: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": site.code,
        "name": site.name,
        "region_code": site.region.code,
        "region_name": site.region.name,
        "park": site.park.name if site.park else None,
        "address": site.address,
        "land_area_m2": site.land_area_m2,
        "land_area_mu": round(site.land_area_m2 / M2_PER_MU, 2),  # the m² column is exact
        "floor_area_m2": site.floor_area_m2,
        "building_year": site.building_year,
        "power_capacity_kva": site.power_capacity_kva,
        "water_supply_t_per_day": site.water_supply_t_per_day,
        "asking_rent_cny_per_m2_month": _number(site.asking_rent_cny_per_m2_month),
        "asking_price_cny": _number(site.asking_price_cny),
        "source_file": site.source_file,
        "source_date": site.source_date,
        "notes": site.notes,
    } | _location(site, display)
    for name in (*CHOICES, *CHOICES_BLANK):
        code = getattr(site, name)
        if display:
            row[name] = str(getattr(site, f"get_{name}_display")()) if code else None
        else:
            row[name] = code or None
    return row


def inventory_table(sites: Iterable[Site]) -> pd.DataFrame:
    """The sites for Excel: translated headers, choices as their display text."""
    frame = pd.DataFrame([_row(site, display=True) for site in sites], columns=list(FIELDS))
    return frame.rename(columns=_headers())


def inventory_layer(sites: Iterable[Site]) -> gpd.GeoDataFrame:
    """The sites for GIS: field names and choice codes, points or outlines in EPSG:4326."""
    sites = list(sites)
    frame = pd.DataFrame([_row(site, display=False) for site in sites], columns=list(FIELDS))
    # typed fields even when a column is all empty (else GIS gets text fields)
    frame = frame.astype(dict.fromkeys(NUMBERS, "float64") | {"building_year": "Int64"})
    frame["source_date"] = [d.isoformat() if d else None for d in frame["source_date"]]
    geometry = [shape(site.geometry) if site.geometry else None for site in sites]
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=4326), crs=4326)
