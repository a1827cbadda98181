"""Readiness of regions for the micro-park model, as computed by ``microparks replicate rank``.

The page reads the file a planner produced (``MICROPARKS_READINESS_FILE``: GeoParquet, GeoJSON,
GeoPackage or CSV from ``replicate rank``); scoring ~3,000 counties from the census is work for the
command line, not for a request.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from microparks.core.replicability import PeerResult, check_scheme, rank_peers
from microparks.io.regions_data import read_readiness_scheme, read_region_geometry, read_regions

PALETTE = ("#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")  # low → high readiness


def readiness_file() -> Path | None:
    """The configured readiness file, or None."""
    value = os.environ.get("MICROPARKS_READINESS_FILE")
    return Path(value) if value else None


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
    """FeatureCollection for ``web/map.js``: colour by score, popup with name and score."""
    if "geometry" not in frame.columns or frame.empty:
        return {"type": "FeatureCollection", "features": []}
    geoms = frame.geometry.simplify(tolerance, preserve_topology=True)
    features = []
    for (code, row), geom in zip(frame.iterrows(), geoms, strict=True):
        if geom is None or geom.is_empty:
            continue
        score = float(row["score"]) if pd.notna(row["score"]) else float("nan")
        features.append(
            {
                "type": "Feature",
                "geometry": geom.__geo_interface__,
                "properties": {
                    "code": str(code),
                    "name": str(row.get("name", "")),
                    "status": f"{score:.3f}" if np.isfinite(score) else "—",
                    "colour": colour(score),
                    "url": f"{url}?peer={code}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def peers_for(frame: pd.DataFrame, code: str, k: int = 10) -> PeerResult:
    """Peers of ``code`` on the scheme's peer indicators present in the file."""
    scheme = check_scheme(
        read_readiness_scheme(
            os.environ.get("MICROPARKS_READINESS_SCHEME")
            or ("us_county" if "state" in frame.columns else "china_county")
        )
    )
    names = [n for n in scheme.peer_indicators if n in frame.columns]
    return rank_peers(
        pd.DataFrame(frame.drop(columns="geometry", errors="ignore")), code, names, k=k
    )
