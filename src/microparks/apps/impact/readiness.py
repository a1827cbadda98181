"""Readiness of regions for the micro-park model, as computed by ``microparks replicate rank``.

The page reads the file a planner produced (``MICROPARKS_READINESS_FILE``: GeoParquet, GeoJSON,
GeoPackage or CSV from ``replicate rank``) or, when none is configured, the one an official
computed from the page (:mod:`microparks.apps.impact.readiness_jobs`, written under
``DATA_DIR/readiness``). Scoring ~3,000 counties from the census is work for a background job
or the command line, never for a request.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings

from microparks.apps.regions.models import Region
from microparks.apps.sites.models import Site
from microparks.core.replicability import PeerResult, ReadinessScheme, check_scheme, rank_peers
from microparks.io.regions_data import read_readiness_scheme, read_region_geometry, read_regions

PALETTE = ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")  # low → high readiness


COMPUTED_NAMES = ("readiness.parquet", "readiness.csv")
"""The files the page's job writes (with boundaries, without); only the newest is kept."""
IDLE_COLUMNS = ("idle_land_m2", "vacant_floor_m2")


def computed_dir() -> Path:
    """Where the page's job writes the ranking (``DATA_DIR/readiness``)."""
    return Path(settings.DATA_DIR) / "readiness"


def computed_file() -> Path | None:
    """The ranking computed from the page, or None (the newer one should both exist a moment)."""
    found = [p for p in (computed_dir() / n for n in COMPUTED_NAMES) if p.exists()]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def readiness_file() -> Path | None:
    """``settings.READINESS_FILE`` when set, else the ranking computed from the page, or None."""
    value = settings.READINESS_FILE
    return Path(value) if value else computed_file()


@lru_cache(maxsize=2)
def _load(path: str, stamp: float) -> Any:
    p = Path(path)
    if p.suffix.lower() == ".csv":
        return read_regions(p)
    return read_region_geometry(p)


def load_readiness() -> Any | None:
    """The ranked regions (a GeoDataFrame when the file has geometry), cached until it changes."""
    path = readiness_file()
    if path is None or not path.exists():
        return None
    return _load(str(path), path.stat().st_mtime)


def group_column(frame: pd.DataFrame) -> str | None:
    """The column to filter by: ``province`` (China) or ``state`` (US)."""
    return next((c for c in ("province", "state") if c in frame.columns), None)


def colour(score: float) -> str:
    """A colour of the five-class palette for a score in [0, 1] (grey when unscored)."""
    if not np.isfinite(score):
        return "#bbbbbb"
    return PALETTE[min(int(score * len(PALETTE)), len(PALETTE) - 1)]


def map_geojson(frame: Any, tolerance: float, url: str) -> dict[str, Any]:
    """FeatureCollection for ``common/map.js``: colour by score, popup with name and score."""
    if "geometry" not in frame.columns or frame.empty:
        return {"type": "FeatureCollection", "features": []}
    geoms = frame.geometry.simplify(tolerance, preserve_topology=True)
    names = frame["name"] if "name" in frame.columns else pd.Series("", index=frame.index)
    scores = pd.to_numeric(frame["score"], errors="coerce").to_numpy(np.float64)
    features = []
    for code, name, score, geom in zip(frame.index, names, scores, geoms, strict=True):
        if geom is None or geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geom.__geo_interface__,
                "properties": {
                    "code": str(code),
                    "name": str(name),
                    "status": f"{score:.3f}" if np.isfinite(score) else "—",
                    "colour": colour(score),
                    "url": f"{url}?peer={code}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=16)
def _cached_geojson(path: str, stamp: float, group: str, tolerance: float, url: str) -> Any:
    frame = _load(path, stamp)
    column = group_column(frame)
    shown = frame[frame[column] == group] if column and group else frame
    return map_geojson(shown, tolerance, url)


def readiness_geojson(group: str, tolerance: float, url: str) -> dict[str, Any]:
    """The map of the configured file (all regions, or one province/state), cached per file.

    Simplifying and converting ~2,800 county polygons takes seconds; the map changes only
    when the file does.
    """
    path = readiness_file()
    if path is None or not path.exists():
        return {"type": "FeatureCollection", "features": []}
    result: dict[str, Any] = _cached_geojson(str(path), path.stat().st_mtime, group, tolerance, url)
    return result


AVAILABLE = ("idle", "assessing", "planned")
"""Site statuses that count as stock still available for a park."""


def idle_stock() -> pd.DataFrame:
    """Idle land and vacant floor area still available, per county of the deployment.

    Counties with a site inventory (any site registered, whatever its status) get a value,
    possibly zero when everything is already used; counties without one are absent, so the
    readiness table reports them as not known rather than as having no idle land.

    Returns
    -------
    pandas.DataFrame
        Index ``region`` (county code); ``idle_land_m2`` (land area of available sites of
        both kinds), ``vacant_floor_m2`` (floor area of available vacant factories) and
        ``sites`` (available sites).

    """
    parent = dict(Region.objects.values_list("pk", "parent_id"))
    county = dict(Region.objects.filter(level=Region.Level.COUNTY).values_list("pk", "code"))

    def county_of(pk: int | None) -> str | None:
        while pk is not None and pk not in county:
            pk = parent.get(pk)
        return county.get(pk) if pk is not None else None

    rows: dict[str, list[float]] = {}
    for region_id, kind, status, land, floor in Site.objects.values_list(
        "region_id", "kind", "status", "land_area_m2", "floor_area_m2"
    ):
        code = county_of(region_id)
        if code is None:
            continue
        totals = rows.setdefault(code, [0.0, 0.0, 0.0])
        if status in AVAILABLE:
            totals[0] += float(land or 0)
            if kind == Site.Kind.VACANT_FACTORY:
                totals[1] += float(floor or 0)
            totals[2] += 1
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["idle_land_m2", "vacant_floor_m2", "sites"]
    )
    frame.index.name = "region"
    return frame


def add_idle_stock(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the idle land and vacant floor area of the database's sites.

    Replaces any idle-land columns ``frame`` had; counties without a site inventory get no
    value (not known), see :func:`idle_stock`.
    """
    stock = idle_stock()
    out = frame.drop(columns=[c for c in IDLE_COLUMNS if c in frame.columns])
    return out.join(stock[list(IDLE_COLUMNS)], how="left")


def page_scheme(frame: pd.DataFrame) -> ReadinessScheme:
    """The scheme the file was ranked with (``settings.READINESS_SCHEME`` or the shipped one)."""
    return check_scheme(
        read_readiness_scheme(
            settings.READINESS_SCHEME
            or ("us_county" if "state" in frame.columns else "china_county")
        )
    )


def _items(value: Any) -> set[str]:
    return (
        {s.strip() for s in str(value).split(",") if s.strip()} if isinstance(value, str) else set()
    )


def explain(frame: pd.DataFrame, code: str) -> list[dict[str, Any]]:
    """Each indicator of a region's score: value, contribution and status.

    Status is ``scored``, ``not_known`` (optional, no value here: the score rests on the
    others), ``missing`` (required, no value: no score), ``sparse`` (known for too few regions
    to be scored anywhere) or ``absent`` (not in the file).
    """
    row = frame.loc[code]
    missing, not_known = _items(row.get("missing")), _items(row.get("not_known"))
    out = []
    for ind in page_scheme(frame).indicators:
        value = row.get(ind.name) if ind.name in frame.columns else None
        contrib: Any = row.get(f"contrib_{ind.name}")
        if ind.name not in frame.columns:
            status = "absent"
        elif ind.name in missing:
            status = "missing"
        elif ind.name in not_known:
            status = "not_known"
        elif f"contrib_{ind.name}" not in frame.columns:
            status = "sparse"
        else:
            status = "scored"
        finite = contrib is not None and pd.notna(contrib)
        out.append(
            {
                "name": ind.name,
                "label": ind.label,
                "weight": ind.weight,
                "direction": ind.direction,
                "value": value if value is not None and pd.notna(value) else None,
                "contribution": float(contrib) if finite else None,
                "status": status,
            }
        )
    return out


def peers_for(frame: pd.DataFrame, code: str, k: int = 10) -> PeerResult:
    """Peers of ``code`` on the scheme's peer indicators present in the file."""
    scheme = page_scheme(frame)
    names = [n for n in scheme.peer_indicators if n in frame.columns]
    return rank_peers(
        pd.DataFrame(frame.drop(columns="geometry", errors="ignore")), code, names, k=k
    )
