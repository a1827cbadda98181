"""Saving a matching as it was computed, and what its page shows, from the stored rows alone.

:func:`save_run` keeps the inputs (each prospect's requirements and each place's offer, with
the names the pages show), the assignment with its costs, the recommendations both ways and the
matching document. :func:`stored_plan` turns those rows back into the page's tables without
reading a prospect, a place or the document in effect now, so a saved run reads the same after
the weights change or a prospect signs elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from microparks.apps.matching.models import MatchingRun
from microparks.apps.matching.services import (
    COMPONENT_LABELS,
    CONDITION_LABELS,
    MatchRun,
    prospect_frame,
)
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.core.matching import COMPONENTS

TOP_K = 5


def _plain(value: Any) -> Any:
    """A JSON value: numpy scalars as Python numbers, NaN and infinities as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _prospect_rows(run: MatchRun) -> list[dict[str, Any]]:
    rows = _records(prospect_frame(run.prospects))
    for row, prospect in zip(rows, run.prospects, strict=True):
        row["name"] = prospect.name
        row["industry_name"] = str(prospect.industry) if prospect.industry_id else ""
    return rows


def _place_rows(run: MatchRun) -> list[dict[str, Any]]:
    rows = _records(run.place_frame)
    for row, place in zip(rows, run.places, strict=True):
        row.update(
            key=place.key,
            label=place.label,
            park_id=place.park.pk,
            park=place.park.name,
            site_id=place.site.pk,
            unit_id=place.unit.pk if place.unit else None,
        )
    return rows


def _assignment(run: MatchRun) -> list[dict[str, Any]]:
    out = []
    for i, j in enumerate(run.result.site_of_prospect):
        placed = int(j) >= 0
        cost = _plain(float(run.tables.cost[i, j])) if placed else None
        out.append({"place": int(j) if placed else None, "cost": cost})
    return out


def _recommendations(run: MatchRun, k: int) -> list[dict[str, Any]]:
    table = run.recommendations_table(k)
    rows = []
    for rec in _records(table):
        failed = str(rec.pop("failed_conditions") or "")
        rec["failed"] = [name for name in failed.split("; ") if name]
        rows.append(rec)
    return rows


def input_hash(prospects: list[Any], places: list[Any], fixed: Any, reserved: Any) -> str:
    """SHA-256 of the run's inputs (canonical JSON)."""
    text = json.dumps(
        {"prospects": prospects, "places": places, "fixed": fixed, "reserved": reserved},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_run(
    user: Any, county: Region, run: MatchRun, park: Park | None = None, k: int = TOP_K
) -> MatchingRun:
    """Store ``run`` of ``county`` as it is (``park``: the page it was saved from)."""
    prospects, places = _prospect_rows(run), _place_rows(run)
    fixed = {str(pk): key for pk, key in run.fixed.items()}
    reserved = sorted(run.reserved)
    return MatchingRun.objects.create(
        region=county,
        park=park,
        rules=run.rules,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        fixed=fixed,
        reserved=reserved,
        prospects=prospects,
        places=places,
        assignment=_assignment(run),
        recommendations=_recommendations(run, k),
        shortlists=_records(run.shortlists(k)),
        total_cost=float(run.result.total_cost),
        proven_optimal=bool(run.result.proven_optimal),
        input_hash=input_hash(prospects, places, fixed, reserved),
    )


# --- re-rendering ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPlan:
    """The tables of a saved run's page."""

    rows: list[dict[str, Any]]
    places: list[dict[str, Any]]
    locks: list[tuple[str, str]]
    reserved: list[str]


def _parts(rec: dict[str, Any]) -> list[tuple[str, float]]:
    return [(str(COMPONENT_LABELS[c]), rec[c]) for c in COMPONENTS if (rec.get(c) or 0) > 0]


def _by(rows: Iterable[dict[str, Any]], key: str) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[int(row[key])].append(row)
    return out


def _recommended(rec: dict[str, Any], places: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "place": places[rec["site_index"]],
        "rank": rec["rank"],
        "cost": rec["cost"],
        "assigned": bool(rec.get("assigned")),
        "parts": _parts(rec),
    }


def _excluded(rec: dict[str, Any], places: list[dict[str, Any]]) -> dict[str, Any]:
    reasons = [str(CONDITION_LABELS.get(name, name)) for name in rec["failed"]]
    return {"place": places[rec["site_index"]], "reasons": reasons}


def stored_plan(saved: MatchingRun) -> StoredPlan:
    """A saved run's plan, recommendations and shortlists from its stored rows only."""
    prospects, places = saved.prospects, saved.places
    recs = _by(saved.recommendations, "prospect_index")
    rows = []
    for i, (prospect, pair) in enumerate(zip(prospects, saved.assignment, strict=True)):
        j = pair["place"]
        mine = recs.get(i, [])
        rows.append(
            {
                "prospect": prospect,
                "place": places[j] if j is not None else None,
                "cost": pair["cost"],
                "recommended": [
                    _recommended(r, places) for r in mine if r["kind"] == "recommended"
                ],
                "excluded": [_excluded(r, places) for r in mine if r["kind"] == "excluded"],
            }
        )
    best = _by(saved.shortlists, "site_index")
    holder = {pair["place"]: prospects[i] for i, pair in enumerate(saved.assignment)}
    place_rows = [
        {
            "place": place,
            "holder": holder.get(j),
            "reserved": place["key"] in saved.reserved,
            "best": [(prospects[r["prospect_index"]], r["cost"]) for r in best.get(j, [])],
        }
        for j, place in enumerate(places)
    ]
    label = {p["key"]: p["label"] for p in places}
    names = {str(p["id"]): p["name"] for p in prospects}
    locks = [(names.get(pk, pk), label.get(key, key)) for pk, key in saved.fixed.items()]
    return StoredPlan(rows, place_rows, locks, [label.get(k, k) for k in saved.reserved])
