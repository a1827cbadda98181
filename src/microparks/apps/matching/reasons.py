"""Numbers with their reasons: what a matching cost is made of, and why a prospect has no place."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.matching.services import (
    COMPONENT_LABELS,
    CONDITION_LABELS,
    IgnoredLock,
    MatchRun,
)
from microparks.core.matching import COMPONENTS, Unplaced

COMPONENT_MEANINGS = {
    "area_mismatch": gettext_lazy(
        "gap between the place's area and the area asked for, as a share of the larger "
        "(0 = exactly the size asked, 1 = far off)"
    ),
    "supplier_distance": gettext_lazy(
        "distance d to the prospect's suppliers as d ÷ (d + %(km)s km): 0 next door, 0.5 at "
        "%(km)s km"
    ),
    "leader_distance": gettext_lazy(
        "distance d to the chain leader it supplies as d ÷ (d + %(km)s km): 0 next door, 0.5 at "
        "%(km)s km"
    ),
    "labour": gettext_lazy(
        "workers the prospect needs as a share of the labour within %(commute)s km of the place "
        "(0–1)"
    ),
    "rent": gettext_lazy("rent as a share of the prospect's rent budget (0–1)"),
    "suitability": gettext_lazy("1 − the site's suitability score (0 = the best-suited site)"),
}


def cost_terms(run: MatchRun) -> dict[str, Any]:
    """How the costs on the page are made: each weighted term with its meaning, the penalty."""
    weights = run.tables.weights
    scales = {
        "km": f"{weights.distance_scale_m / 1000:g}",
        "commute": f"{weights.commute_radius_m / 1000:g}",
    }
    terms = [
        {
            "label": COMPONENT_LABELS[name],
            "weight": weights.weights.get(name, 0.0),
            "meaning": str(COMPONENT_MEANINGS[name]) % scales,
        }
        for name in COMPONENTS
        if weights.weights.get(name, 0.0)
    ]
    return {
        "terms": terms,
        "missing": weights.missing,
        "penalty": 10.0 * sum(weights.weights.values()),
    }


def _listed(items: list[str]) -> str:
    """Items joined as the reader's language lists them (", " in English, "；" in Chinese)."""
    # Translators: the separator between the items of a list in a sentence.
    return _("; ").join(items)


def _conditions(names: tuple[str, ...] | list[str]) -> str:
    return _listed([str(CONDITION_LABELS.get(n, n)) for n in names])


def unplaced_text(why: Unplaced, run: MatchRun) -> str:
    """One sentence saying why the prospect has no place in the plan."""
    if why.kind == "no_places":
        return _("No unit or site is available in the county's open parks.")
    if why.kind == "none_feasible":
        counts = sorted(why.failures.items(), key=lambda kv: (-kv[1], kv[0]))
        parts = _listed(
            [
                _("%(n)d: %(condition)s") % {"n": n, "condition": CONDITION_LABELS.get(c, c)}
                for c, n in counts
            ]
        )
        return _("None of the %(places)d available places meets its needs: %(parts)s.") % {
            "places": why.places,
            "parts": parts,
        }
    if why.kind == "all_taken":
        taken = [
            _("%(place)s to %(prospect)s")
            % {"place": run.places[j].label, "prospect": run.prospects[i].name}
            for j, i in why.taken_by
        ]
        held = [run.places[j].label for j in why.reserved]
        text = _(
            "The places that fit it are taken in the plan, where they cost less in total: "
            "%(taken)s."
        ) % {"taken": _listed(taken) or "—"}
        if held:
            text += " " + _("Reserved: %(places)s.") % {"places": _listed(held)}
        return text
    return _(
        "A free place fits, but its cost (%(cost).2f) is above what leaving the prospect out "
        "costs; a lower weight or a better-fitting place would place it."
    ) % {"cost": why.cheapest or 0.0}


def ignored_lock_text(lock: IgnoredLock) -> str:
    """Why a locked pair was left out of the plan."""
    if lock.reason == "prospect":
        return _(
            "not seeking a site here (signed, lost, rejected by the admission gate, or outside "
            "your scope)"
        )
    if lock.reason == "place":
        return _("the place is not available (leased, excluded, or its park is not open)")
    if lock.reason == "infeasible":
        return _("the place does not fit: %(conditions)s") % {
            "conditions": _conditions(lock.conditions)
        }
    return _("the place is already locked to another prospect")
