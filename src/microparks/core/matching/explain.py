"""Why a prospect has no place in an optimal plan: the answer an official asks for first.

Three cases, checked in this order:

``no_places``
    The instance has no place at all.
``none_feasible``
    Every place fails at least one condition for the prospect; ``failures`` counts, per
    condition, the places that fail it (a place may fail several).
``all_taken``
    Some places are feasible, but each went to another prospect in the plan, or is reserved;
    ``taken_by`` lists (place, prospect) and ``reserved`` the reserved places. Placing this
    prospect would have raised the plan's total cost more than leaving it out.
``left_out``
    A feasible place was free, but every free one costs more than leaving the prospect out
    (the solver's penalty): ``cheapest`` is the least cost among them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from microparks.core.matching.feasibility import FeasibilityResult, decode_failures

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Unplaced:
    """The reason one prospect (row ``prospect``) is not placed; see the module docstring."""

    prospect: int
    kind: str
    places: int
    failures: dict[str, int] = field(default_factory=dict)
    taken_by: tuple[tuple[int, int], ...] = ()
    reserved: tuple[int, ...] = ()
    cheapest: float | None = None


def explain_unplaced(
    feasibility: FeasibilityResult,
    cost: FloatArray,
    site_of_prospect: npt.ArrayLike,
    *,
    reserved: tuple[int, ...] | list[int] = (),
) -> list[Unplaced]:
    """One :class:`Unplaced` for each prospect the assignment leaves without a place.

    Parameters
    ----------
    feasibility
        The instance's feasibility (``MatchTables.feasibility``).
    cost
        The cost matrix (``inf`` where infeasible).
    site_of_prospect
        The assignment: column per row, ``-1`` for none.
    reserved
        Columns held back from the plan.

    """
    assigned = np.asarray(site_of_prospect, dtype=np.int64)
    n_places = int(feasibility.feasible.shape[1])
    holder = {int(j): int(i) for i, j in enumerate(assigned) if j >= 0}
    held = {int(j) for j in reserved}
    out: list[Unplaced] = []
    for i in np.flatnonzero(assigned < 0):
        row = int(i)
        if n_places == 0:
            out.append(Unplaced(row, "no_places", 0))
            continue
        feasible = np.flatnonzero(feasibility.feasible[row])
        if feasible.size == 0:
            counts: Counter[str] = Counter()
            for mask in feasibility.failed[row]:
                counts.update(decode_failures(int(mask)))
            out.append(Unplaced(row, "none_feasible", n_places, failures=dict(counts)))
            continue
        free = [int(j) for j in feasible if int(j) not in holder and int(j) not in held]
        if free:
            cheapest = float(min(cost[row, j] for j in free))
            out.append(Unplaced(row, "left_out", n_places, cheapest=cheapest))
            continue
        taken = tuple((int(j), holder[int(j)]) for j in feasible if int(j) in holder)
        mine = tuple(int(j) for j in feasible if int(j) in held)
        out.append(Unplaced(row, "all_taken", n_places, taken_by=taken, reserved=mine))
    return out
