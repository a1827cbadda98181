"""Why a prospect has no place: each case on an instance small enough to read."""

from __future__ import annotations

import numpy as np

from microparks.core.matching import (
    CONDITIONS,
    FeasibilityResult,
    explain_unplaced,
    solve_assignment,
)

SMALL, POWER, RENT = (1 << CONDITIONS.index(c) for c in ("land_area_too_small", "power", "rent"))
INF = np.inf


def _feasibility(failed: list[list[int]]) -> FeasibilityResult:
    masks = np.array(failed, dtype=np.uint16).reshape(len(failed), -1)
    return FeasibilityResult(
        feasible=masks == 0,
        failed=masks,
        prospect_ids=tuple(range(masks.shape[0])),
        site_ids=tuple(range(masks.shape[1])),
    )


def test_every_place_fails_counted_per_condition():
    feas = _feasibility([[0, 0, 0], [SMALL, SMALL | POWER, RENT]])
    cost = np.where(feas.feasible, 1.0, INF)
    [why] = explain_unplaced(feas, cost, [0, -1])
    assert (why.prospect, why.kind, why.places) == (1, "none_feasible", 3)
    assert why.failures == {"land_area_too_small": 2, "power": 1, "rent": 1}


def test_the_feasible_places_went_to_others_or_are_reserved():
    # prospects 0 and 1 both fit place 0 only, 2 fits places 1 and 2; place 2 is reserved
    feas = _feasibility([[0, POWER, POWER], [0, RENT, RENT], [SMALL, 0, 0]])
    cost = np.array([[0.1, INF, INF], [0.5, INF, INF], [INF, 0.2, 0.1]])
    result = solve_assignment(
        cost, np.ones(3, dtype=np.int64), unassigned_penalty=10.0, reserved=[2]
    )
    assert result.site_of_prospect.tolist() == [0, -1, 1]  # the solver's optimum, by hand
    [why] = explain_unplaced(feas, cost, result.site_of_prospect, reserved=[2])
    assert (why.prospect, why.kind) == (1, "all_taken")
    assert why.taken_by == ((0, 0),)
    assert why.reserved == ()


def test_a_reserved_place_is_named():
    feas = _feasibility([[0, POWER]])
    [why] = explain_unplaced(feas, np.array([[0.3, INF]]), [-1], reserved=[0])
    assert (why.kind, why.reserved, why.taken_by) == ("all_taken", (0,), ())


def test_a_free_place_costing_more_than_leaving_out():
    feas = _feasibility([[0]])
    [why] = explain_unplaced(feas, np.array([[12.5]]), [-1])
    assert (why.kind, why.cheapest) == ("left_out", 12.5)


def test_no_places_at_all_and_placed_prospects_need_no_reason():
    empty = _feasibility([[], []])
    assert [w.kind for w in explain_unplaced(empty, np.zeros((2, 0)), [-1, -1])] == [
        "no_places",
        "no_places",
    ]
    feas = _feasibility([[0]])
    assert explain_unplaced(feas, np.array([[1.0]]), [0]) == []
