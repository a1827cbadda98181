"""Suitability criteria: value functions that turn raw values into utilities in [0, 1].

A criterion is a *benefit* (more is better), a *cost* (less is better) or an *ideal value*
(best at one value, worse on either side), with one of three transforms:

- ``linear``: 0 at the bound where it is worst and 1 where it is best, linear in between and
  constant beyond the bounds (for ``ideal``: 0 at ``lower`` and ``upper``, 1 at ``ideal``);
- ``threshold``: 1 when the value passes a threshold (benefit ``x ≥ t``, cost ``x ≤ t``,
  ideal ``lower ≤ x ≤ upper``), else 0;
- ``piecewise``: linear interpolation through ``points`` → ``values`` (each value in [0, 1]),
  constant beyond the first and last point.

This is the value-function step of GIS multi-criteria evaluation (Malczewski 1999, *GIS and
Multicriteria Decision Analysis*, ch. 4; Eastman 1999 on fuzzy standardisation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike

from microparks.core.mcda._common import FloatArray

Kind = Literal["benefit", "cost", "ideal"]
TransformName = Literal["linear", "threshold", "piecewise"]
KINDS: tuple[str, ...] = get_args(Kind)
TRANSFORMS: tuple[str, ...] = get_args(TransformName)


class CriterionError(ValueError):
    """A criterion or transform definition that cannot be used."""


@dataclass(frozen=True)
class Transform:
    """A value function; which fields are needed depends on ``name`` and ``kind``."""

    name: TransformName
    kind: Kind
    lower: float | None = None
    upper: float | None = None
    ideal: float | None = None
    threshold: float | None = None
    points: tuple[float, ...] = ()
    values: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        """Check that the fields fit the transform, or raise :class:`CriterionError`."""
        check_transform(self)


def _need(value: float | None, field: str, t: Transform) -> float:
    if value is None or not np.isfinite(value):
        raise CriterionError(f"a {t.name} transform of a {t.kind} criterion needs '{field}'")
    return float(value)


def check_transform(t: Transform) -> None:
    """Raise :class:`CriterionError` unless ``t`` is complete and ordered."""
    if t.kind not in KINDS:
        raise CriterionError(f"kind {t.kind!r} is not one of {', '.join(KINDS)}")
    if t.name not in TRANSFORMS:
        raise CriterionError(f"transform {t.name!r} is not one of {', '.join(TRANSFORMS)}")
    if t.name == "piecewise":
        if len(t.points) < 2 or len(t.points) != len(t.values):
            raise CriterionError("a piecewise transform needs ≥ 2 points and as many values")
        if np.any(np.diff(t.points) <= 0):
            raise CriterionError("piecewise points must increase strictly")
        if any(not 0 <= v <= 1 for v in t.values):
            raise CriterionError("piecewise values must lie in [0, 1]")
        return
    if t.name == "threshold" and t.kind != "ideal":
        _need(t.threshold, "threshold", t)
        return
    lower, upper = _need(t.lower, "lower", t), _need(t.upper, "upper", t)
    if not lower < upper:
        raise CriterionError(f"lower ({lower}) must be below upper ({upper})")
    if t.kind == "ideal" and t.name == "linear":
        ideal = _need(t.ideal, "ideal", t)
        if not lower <= ideal <= upper:
            raise CriterionError(f"ideal ({ideal}) must lie between lower and upper")


def calc_utility(values: ArrayLike, t: Transform) -> FloatArray:
    """Utilities in [0, 1] of raw ``values`` under transform ``t``; NaN stays NaN.

    Examples
    --------
    >>> calc_utility([0, 500, 1000, 2000], Transform("linear", "cost", lower=0, upper=1000))
    array([1. , 0.5, 0. , 0. ])
    >>> calc_utility([5, 50, 200], Transform("linear", "ideal", lower=5, ideal=50, upper=200))
    array([0., 1., 0.])

    """
    x = np.asarray(values, dtype=np.float64)
    if t.name == "piecewise":
        out = np.interp(x, t.points, t.values)
    elif t.name == "threshold":
        with np.errstate(invalid="ignore"):
            if t.kind == "benefit":
                passed = x >= float(t.threshold)  # type: ignore[arg-type]
            elif t.kind == "cost":
                passed = x <= float(t.threshold)  # type: ignore[arg-type]
            else:
                passed = (x >= float(t.lower)) & (x <= float(t.upper))  # type: ignore[arg-type]
        out = passed.astype(np.float64)
    else:
        lower, upper = float(t.lower), float(t.upper)  # type: ignore[arg-type]
        if t.kind == "benefit":
            out = np.interp(x, [lower, upper], [0.0, 1.0])
        elif t.kind == "cost":
            out = np.interp(x, [lower, upper], [1.0, 0.0])
        else:
            ideal = float(t.ideal)  # type: ignore[arg-type]
            xs, ys = [lower, ideal, upper], [0.0, 1.0, 0.0]
            if ideal == lower:
                xs, ys = [lower, upper], [1.0, 0.0]
            elif ideal == upper:
                xs, ys = [lower, upper], [0.0, 1.0]
            out = np.interp(x, xs, ys)
            out[(x < lower) | (x > upper)] = 0.0
    out = np.asarray(out, dtype=np.float64)
    out[np.isnan(x)] = np.nan
    return out
