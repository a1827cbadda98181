"""Classes A/B/C/D by quota or thresholds, T for firms not evaluated, D vetoes.

Quota rule (shares ``a``, ``b``, ``d`` of the N evaluated firms of a group, vetoed ones included;
T firms are not in N):

- ``n_A = ⌊a·N⌋`` and ``n_AB = ⌊(a + b)·N⌋`` are ceilings: a firm is A when the number of firms
  scoring at least as much as it (itself included) is ≤ ``n_A``, B when it is ≤ ``n_AB``. Firms
  tied across a boundary all go to the lower class, so A and A + B never exceed their shares.
- ``n_D = ⌈d·N⌉`` is a floor: vetoed firms are D and count towards it; of the others, a firm is D
  when fewer than ``n_D − vetoed`` firms score strictly less than it. Firms tied across the D
  boundary all go to D, so D never falls below its share.
- The rest are C. With fewer than 20 firms the same rule holds: e.g. N = 3 gives n_A = 0,
  n_AB = 1 and n_D = 1; N = 1 gives that firm D (the floor of one firm). D wins over A/B when a
  custom quota makes them overlap.

Threshold rule: A if total ≥ t_A, B if ≥ t_B, C if ≥ t_C, else D; vetoed firms are D.

Small groups: a quota group with fewer evaluated firms than the rule's ``min_quota_group`` is
graded by score bands (the scheme's thresholds, else :data:`SMALL_GROUP_BANDS`), so that a lone
firm is not D by quota whatever it scores. :func:`calc_grade_basis` says which rule graded a firm.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.evaluation.schemes import NOT_EVALUATED, ClassRule, Scheme

ClassArray = NDArray[np.str_]
QUOTA, SMALL_GROUP, THRESHOLDS = "quota", "small_group", "thresholds"
"""How a firm was graded (:func:`calc_grade_basis`)."""
_EPS = 1e-9  # keeps 0.2 × 10 from flooring to 1 through binary rounding


def calc_quota_counts(n: int, rule: ClassRule) -> tuple[int, int, int]:
    """Return ``(n_A, n_AB, n_D)`` for ``n`` evaluated firms under a quota rule.

    >>> calc_quota_counts(100, ClassRule())
    (20, 60, 5)
    >>> calc_quota_counts(3, ClassRule())
    (0, 1, 1)
    """
    n_a = math.floor(rule.quota_a * n + _EPS)
    n_ab = math.floor((rule.quota_a + rule.quota_b) * n + _EPS)
    n_d = math.ceil(rule.quota_d * n - _EPS)
    return n_a, n_ab, n_d


def grade_firms(
    total: ArrayLike,
    evaluated: ArrayLike,
    vetoed: ArrayLike,
    rule: ClassRule,
    group: ArrayLike | None = None,
) -> ClassArray:
    """Return each firm's class: ``A``–``D``, or ``T`` where not evaluated.

    Parameters
    ----------
    total
        Total scores (NaN counts as the lowest score).
    evaluated
        Mask of firms evaluated; the others are class T and out of the quota base.
    vetoed
        Mask of firms put in D directly (major safety accident, falsified data, environmental
        violation); ignored for firms not evaluated.
    rule
        The scheme's class rule.
    group
        Group index per firm; quotas apply within each group when ``rule.by_group``.

    Returns
    -------
    numpy.ndarray
        One-character class per firm.

    """
    scores = np.asarray(total, dtype=np.float64)
    scores = np.where(np.isnan(scores), -np.inf, scores)
    ev = np.asarray(evaluated, dtype=bool)
    veto = np.asarray(vetoed, dtype=bool) & ev
    out = np.full(scores.shape, NOT_EVALUATED, dtype="<U1")
    basis = calc_grade_basis(ev, rule, group)
    for kind, bands in ((THRESHOLDS, rule.thresholds), (SMALL_GROUP, rule.bands)):
        if (basis == kind).any():
            out[basis == kind] = _bands(scores[basis == kind], bands)
    groups = _quota_groups(scores.shape, rule, group)
    quota = basis == QUOTA
    for g in np.unique(groups[quota]):
        members = quota & (groups == g)
        out[members] = _quota(scores[members], veto[members], rule)
    out[veto] = "D"
    return out


def calc_grade_basis(
    evaluated: ArrayLike, rule: ClassRule, group: ArrayLike | None = None
) -> NDArray[np.str_]:
    """Return how each firm is graded: ``thresholds``, ``quota``, ``small_group`` or ``""`` (T).

    ``small_group``: a quota group with fewer evaluated firms than ``rule.min_quota_group``,
    graded by ``rule.bands``.

    >>> calc_grade_basis([True, True, False], ClassRule(min_quota_group=5)).tolist()
    ['small_group', 'small_group', '']
    """
    ev = np.asarray(evaluated, dtype=bool)
    out = np.full(ev.shape, "", dtype="<U11")
    if rule.method == "thresholds":
        out[ev] = THRESHOLDS
        return out
    groups = _quota_groups(ev.shape, rule, group)
    for g in np.unique(groups[ev]):
        members = ev & (groups == g)
        out[members] = QUOTA if members.sum() >= rule.min_quota_group else SMALL_GROUP
    return out


def _quota_groups(
    shape: tuple[int, ...], rule: ClassRule, group: ArrayLike | None
) -> NDArray[np.int64]:
    if group is not None and rule.by_group:
        return np.asarray(group, dtype=np.int64)
    return np.zeros(shape, dtype=np.int64)


def _bands(scores: NDArray[np.float64], t: Mapping[str, float]) -> ClassArray:
    return np.where(
        scores >= t["A"],
        "A",
        np.where(scores >= t["B"], "B", np.where(scores >= t["C"], "C", "D")),
    )


def _quota(scores: NDArray[np.float64], veto: NDArray[np.bool_], rule: ClassRule) -> ClassArray:
    n_a, n_ab, n_d = calc_quota_counts(len(scores), rule)
    pool = np.sort(scores[~veto])
    below = np.searchsorted(pool, scores, side="left")  # pool firms scoring strictly less
    at_least = len(pool) - below  # pool firms scoring at least as much, itself included
    cls = np.full(scores.shape, "C", dtype="<U1")
    cls[at_least <= n_ab] = "B"
    cls[at_least <= n_a] = "A"
    cls[below < n_d - int(veto.sum())] = "D"
    cls[veto] = "D"
    return cls


def calc_not_evaluated(
    scheme: Scheme,
    year: int,
    founded_year: ArrayLike,
    is_utility: ArrayLike,
    above_size: ArrayLike,
    land_mu: ArrayLike,
) -> NDArray[np.bool_]:
    """Return the mask of firms not evaluated (class T).

    T: utilities (water, power, gas, waste, sewage), firms younger than the scheme's
    ``min_age_years`` in the evaluation year (``year − founded_year < min_age_years``; unknown
    founding years count as old enough), and below-size firms on less land than the scheme's
    ``below_size_min_land_mu``.
    """
    founded = np.asarray(founded_year, dtype=np.float64)
    young = (year - founded) < scheme.min_age_years  # NaN compares False: evaluated
    small_land = ~np.asarray(above_size, dtype=bool) & (
        np.asarray(land_mu, dtype=np.float64) < scheme.below_size_min_land_mu
    )
    return np.asarray(is_utility, dtype=bool) | young | small_land
