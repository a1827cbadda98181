"""Why a firm has its class and how far it is from the next one (提升方向).

The next class up is reached at a total score: the band's lower bound where classes are drawn by
thresholds or score bands, the lowest total of the next class's firms in the same quota group
where drawn by quota (ties go to the lower class, so a firm needs a little more than that). An
indicator can close the gap alone when its item has room below its cap; the change needed in the
indicator follows from the item's formula (ratio: ``weight × x / benchmark``; min–max:
``weight × (20 + 80 × (x − min) / (max − min)) / 100``).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.evaluation.classes import QUOTA, SMALL_GROUP, THRESHOLDS
from microparks.core.evaluation.indicators import FloatArray
from microparks.core.evaluation.schemes import ClassRule, Method

NEXT_CLASS = {"B": "A", "C": "B", "D": "C"}
QUOTA_MARGIN = 0.01
"""Points above the next class's lowest total a firm aims at under a quota (ties go lower)."""


def calc_next_class_targets(
    total: ArrayLike,
    classes: ArrayLike,
    basis: ArrayLike,
    group: ArrayLike,
    vetoed: ArrayLike,
    rule: ClassRule,
) -> tuple[NDArray[np.str_], FloatArray]:
    """Return each firm's next class up and the total score that reaches it.

    ``""`` and NaN where there is none: class A or T, a vetoed firm (its D is not a matter of
    score), or a quota group in which no firm holds the next class (e.g. no A among three firms).

    >>> nxt, at = calc_next_class_targets(
    ...     [95.0, 80.0], ["A", "B"], ["small_group"] * 2, [0, 0], [False, False], ClassRule()
    ... )
    >>> nxt.tolist(), at.tolist()
    (['', 'A'], [nan, 90.0])
    """
    scores = np.asarray(total, dtype=np.float64)
    cls = np.asarray(classes).astype(str)
    how = np.asarray(basis).astype(str)
    groups = np.asarray(group, dtype=np.int64)
    veto = np.asarray(vetoed, dtype=bool)
    nxt = np.full(scores.shape, "", dtype="<U1")
    target = np.full(scores.shape, np.nan, dtype=np.float64)
    for i, c in enumerate(cls):
        up = NEXT_CLASS.get(str(c))
        if up is None or veto[i]:
            continue
        if how[i] == THRESHOLDS:
            at = rule.thresholds.get(up, math.nan)
        elif how[i] == SMALL_GROUP:
            at = rule.bands.get(up, math.nan)
        elif how[i] == QUOTA:
            same = (how == QUOTA) & (cls == up) & ~veto
            if rule.by_group:
                same &= groups == groups[i]
            at = float(scores[same].min()) + QUOTA_MARGIN if same.any() else math.nan
        else:
            continue
        if math.isfinite(at):
            nxt[i], target[i] = up, at
    return nxt, target


def indicator_change_for(
    points: float,
    method: Method,
    weight: float,
    cap: float | None,
    score: float,
    benchmark: float | None = None,
    low_high: tuple[float, float] | None = None,
) -> float | None:
    """The rise in an indicator that adds ``points`` to its item, or None when it cannot.

    None: the item would pass its cap (or, min–max, the group's best value, which scores the
    full weight), or the item has no benchmark or range to scale by.

    >>> indicator_change_for(10, "ratio", weight=40, cap=None, score=30, benchmark=8.0)
    2.0
    >>> indicator_change_for(8, "minmax", weight=20, cap=None, score=4, low_high=(0.0, 50.0))
    25.0
    >>> indicator_change_for(8, "minmax", weight=20, cap=None, score=16, low_high=(0.0, 50.0))
    """
    if points <= 0 or weight <= 0:
        return None
    if method == "ratio":
        ceiling = cap if cap is not None else math.inf
        if benchmark is None or benchmark <= 0 or score + points > ceiling + 1e-9:
            return None
        return points * benchmark / weight
    if low_high is None:
        return None
    low, high = low_high
    ceiling = min(weight, cap) if cap is not None else weight
    if high <= low or score + points > ceiling + 1e-9:
        return None
    return points * 100.0 / (80.0 * weight) * (high - low)
