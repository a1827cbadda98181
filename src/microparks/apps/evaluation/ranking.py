"""The parks of an evaluation side by side: per-mu figures, tiers and occupancy."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from microparks.apps.parks.models import Park, ParkUnit
from microparks.core.evaluation import (
    ParkFigures,
    calc_park_figures,
)


def rank_parks(results: Any) -> tuple[ParkFigures, dict[int, Park]]:
    """Per-park per-mu figures and tiers against the county average, from stored results."""
    rows = [r for r in results if r.park_id is not None]
    figures = calc_park_figures(
        park=[r.park_id for r in rows],
        land_m2=[r.land_m2 for r in rows],
        tax_cny=[r.inputs.get("tax_cny") or 0.0 for r in rows],
        value_added_cny=[r.inputs.get("value_added_cny") or 0.0 for r in rows],
        revenue_cny=[r.inputs.get("revenue_cny") or 0.0 for r in rows],
        jobs=[r.inputs.get("jobs") or 0.0 for r in rows],
    )
    parks = Park.objects.in_bulk([int(p) for p in figures.table.index])
    return figures, parks


def park_occupancy(park_ids: list[int]) -> dict[int, float | None]:
    """Share of each park's units that are leased (None for a park without units)."""
    counts = (
        ParkUnit.objects.filter(park_id__in=park_ids)
        .values("park_id")
        .annotate(total=Count("pk"), leased=Count("pk", filter=Q(status=ParkUnit.Status.LEASED)))
    )
    out: dict[int, float | None] = dict.fromkeys(park_ids)
    for c in counts:
        out[c["park_id"]] = c["leased"] / c["total"] if c["total"] else None
    return out
