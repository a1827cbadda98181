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
    # plain rows: a province's campaign has tens of thousands of results
    rows = list(
        results.filter(park__isnull=False).order_by().values_list("park_id", "land_m2", "inputs")
    )
    figures = calc_park_figures(
        park=[park for park, _land, _inputs in rows],
        land_m2=[land for _park, land, _inputs in rows],
        tax_cny=[inputs.get("tax_cny") or 0.0 for *_rest, inputs in rows],
        value_added_cny=[inputs.get("value_added_cny") or 0.0 for *_rest, inputs in rows],
        revenue_cny=[inputs.get("revenue_cny") or 0.0 for *_rest, inputs in rows],
        jobs=[inputs.get("jobs") or 0.0 for *_rest, inputs in rows],
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
