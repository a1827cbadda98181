"""Column normalisations of a decision matrix (benefit and cost criteria).

Every normalisation maps a criterion column to "more is better" values. For the linear ones
(vector, min–max, max) a cost column is mirrored (``1 - r``), so that TOPSIS's ideal point is the
column maximum for every criterion, as in pymcdm; for TOPSIS this gives exactly the distances of
Hwang & Yoon's formulation (1981, pp. 128–134), which keep costs unmirrored and take the column
minimum as their ideal. The ratio normalisations (sum, linear) use the reciprocal for costs.

=========  ========================  ==============================
name       benefit                   cost
=========  ========================  ==============================
vector     x / ‖x‖₂                  1 − x / ‖x‖₂
minmax     (x − min) / (max − min)   (max − x) / (max − min)
max        x / max                   1 − x / max
sum        x / Σx                    (1/x) / Σ(1/x)
linear     x / max                   min / x
none       x                         1 − x
=========  ========================  ==============================

``none`` is for values already scaled to [0, 1] (utilities of suitability criteria).

A constant column under min–max normalises to 1 for every alternative (it cannot discriminate).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.mcda._common import (
    FloatArray,
    MCDAInputError,
    TypesLike,
    check_matrix,
    check_types,
    split_rows,
)

Normalization = Literal["vector", "minmax", "max", "sum", "linear", "none"]
NORMALIZATIONS: tuple[str, ...] = get_args(Normalization)
BLOCK_ROWS = 16384  # rows per block of the scoring loops (8 float64 criteria: 1 MiB)
STATS_ROWS = 2048  # rows per block of the column statistics (accumulators stay in L2 cache)


@dataclass(frozen=True)
class ColumnTransform:
    """Per-column normalisation ``r = a·(x − origin) + b``, or ``r = c / x`` where ``reciprocal``.

    ``origin`` is 0 except under min–max, where it is the column's worst value, so that
    ``(x − min) / (max − min)`` is computed as written and keeps its digits when the values
    sit far from zero. ``best`` is the raw value whose normalised value is the column maximum
    (the ideal), and ``worst`` the one with the column minimum (the anti-ideal).
    """

    a: FloatArray
    b: FloatArray
    c: FloatArray
    reciprocal: NDArray[np.bool_]
    best: FloatArray
    worst: FloatArray
    origin: FloatArray


def check_normalization(name: str) -> Normalization:
    """Return ``name`` if it is a known normalisation, else raise :class:`MCDAInputError`."""
    if name not in NORMALIZATIONS:
        raise MCDAInputError(
            f"unknown normalisation {name!r}; choose one of {', '.join(NORMALIZATIONS)}"
        )
    return name  # type: ignore[return-value]


def _column_stats(
    x: FloatArray, *, squares: bool = False, rows: int = STATS_ROWS
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Column minima, maxima and sums of squares (NaN unless ``squares``), in one pass over ``x``.

    ``x.min(axis=0)`` on an (n, 8) matrix runs an inner loop of only 8 elements per row, and
    separate reductions read the matrix from memory once each. Here every block of ``rows``
    rows is read once, as one flat vector, and folded element by element into accumulators
    of the block's size that stay in cache; the accumulators are reduced to the columns at
    the end. Large matrices are split over :data:`~microparks.core.mcda._common.THREADS`.
    The minima use ``fmin`` (which skips NaN and is faster here) and the maxima ``maximum``
    (which propagates NaN), so a NaN anywhere shows in its column's maximum, and an infinity
    shows as an infinite extreme.
    """
    parts = split_rows(lambda a, b: _column_stats_of(x[a:b], squares, rows), x.shape[0], rows)
    lo = np.minimum.reduce([part[0] for part in parts])
    hi = np.maximum.reduce([part[1] for part in parts])
    sq = np.add.reduce([part[2] for part in parts])
    return lo, hi, sq


def _column_stats_of(
    x: FloatArray, squares: bool, rows: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n, m = x.shape
    full = (n // rows) * rows
    lo, hi = np.full(m, np.inf), np.full(m, -np.inf)
    sq = np.zeros(m) if squares else np.full(m, np.nan)
    if full:
        flat = x[:full].reshape(-1)
        size = rows * m
        acc_lo, acc_hi = flat[:size].copy(), flat[:size].copy()
        acc_sq = np.square(flat[:size]) if squares else None
        buf = np.empty(size)
        for start in range(size, flat.size, size):
            block = flat[start : start + size]
            np.fmin(acc_lo, block, out=acc_lo)
            np.maximum(acc_hi, block, out=acc_hi)
            if acc_sq is not None:
                np.multiply(block, block, out=buf)
                acc_sq += buf
        lo = acc_lo.reshape(rows, m).min(axis=0)
        hi = acc_hi.reshape(rows, m).max(axis=0)
        if acc_sq is not None:
            sq = acc_sq.reshape(rows, m).sum(axis=0)
    if full < n:
        tail = x[full:]
        np.minimum(lo, tail.min(axis=0), out=lo)
        np.maximum(hi, tail.max(axis=0), out=hi)
        if squares:
            sq += np.einsum("ij,ij->j", tail, tail)
    return lo, hi, sq


def _refuse_non_finite(matrix: FloatArray, bad: NDArray[np.bool_], names: tuple[str, ...]) -> None:
    """Name the first missing or infinite cell (an exact search, once the extremes show one)."""
    j = int(np.flatnonzero(bad)[0])
    i = int(np.flatnonzero(~np.isfinite(matrix[:, j]))[0])
    raise MCDAInputError(f"criterion {names[j]!r} has a missing or infinite value (row {i + 1})")


def calc_column_transform(
    matrix: FloatArray,
    types: NDArray[np.int8],
    normalization: Normalization,
    criteria: tuple[str, ...] | None = None,
) -> ColumnTransform:
    """Compute the per-column normalisation coefficients of ``matrix`` (checked 2-D float64).

    Raises :class:`MCDAInputError` for NaN or infinite values, and for values the chosen
    normalisation cannot take (zero norms, non-positive values for ratio normalisations).
    """
    m = matrix.shape[1]
    names = criteria or tuple(f"c{j + 1}" for j in range(m))
    lo, hi, squares = _column_stats(matrix, squares=normalization == "vector")
    bad = ~(np.isfinite(lo) & np.isfinite(hi))  # min/max propagate NaN and show infinities
    if bad.any():
        _refuse_non_finite(matrix, bad, names)
    cost = types < 0
    if normalization in ("sum", "linear"):
        a, b, c, reciprocal = _ratio_coefficients(matrix, cost, lo, hi, normalization, names)
        origin = np.zeros(m)
    elif normalization in ("none", "vector", "minmax", "max"):
        a, b, origin = _linear_coefficients(cost, lo, hi, squares, normalization, names)
        c = np.zeros(m)
        reciprocal = np.zeros(m, dtype=bool)
    else:  # pragma: no cover - check_normalization guards this
        raise MCDAInputError(f"unknown normalisation {normalization!r}")
    increasing = np.where(reciprocal, False, a >= 0)
    best = np.where(increasing, hi, lo)
    worst = np.where(increasing, lo, hi)
    return ColumnTransform(
        a=a, b=b, c=c, reciprocal=reciprocal, best=best, worst=worst, origin=origin
    )


def _linear_coefficients(
    cost: NDArray[np.bool_],
    lo: FloatArray,
    hi: FloatArray,
    squares: FloatArray,
    normalization: Normalization,
    names: tuple[str, ...],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``a``, ``b`` and ``origin`` of the linear normalisations (none, vector, min–max, max).

    A cost column is mirrored (``1 − r``); a constant column under min–max is 1 throughout.
    """
    origin = np.zeros(cost.size)
    if normalization == "none":
        a = np.where(cost, -1.0, 1.0)
        b = np.where(cost, 1.0, 0.0)
    elif normalization == "vector":
        norm = np.sqrt(squares)
        _refuse(norm == 0, "all values are zero", names, normalization)
        a = np.where(cost, -1.0, 1.0) / norm
        b = np.where(cost, 1.0, 0.0)
    elif normalization == "minmax":
        span = hi - lo
        flat = span == 0
        safe = np.where(flat, 1.0, span)
        a = np.where(flat, 0.0, np.where(cost, -1.0, 1.0) / safe)
        b = np.where(flat, 1.0, 0.0)
        origin = np.where(flat, 0.0, np.where(cost, hi, lo))
    else:  # max
        _refuse(lo < 0, "negative values", names, normalization)
        _refuse(hi <= 0, "no positive value", names, normalization)
        a = np.where(cost, -1.0, 1.0) / hi
        b = np.where(cost, 1.0, 0.0)
    return a, b, origin


def _ratio_coefficients(
    matrix: FloatArray,
    cost: NDArray[np.bool_],
    lo: FloatArray,
    hi: FloatArray,
    normalization: Normalization,
    names: tuple[str, ...],
) -> tuple[FloatArray, FloatArray, FloatArray, NDArray[np.bool_]]:
    """``a``, ``b``, ``c`` and ``reciprocal`` of the ratio normalisations (sum, linear).

    Cost columns take the reciprocal (``c / x``), so every value must be positive.
    """
    m = cost.size
    _refuse(lo <= 0, "values must be positive", names, normalization)
    c = np.zeros(m)
    if normalization == "sum":
        total = matrix.sum(axis=0)
        a = np.where(cost, 0.0, 1.0 / total)
        if cost.any():
            inv_total = (1.0 / matrix[:, cost]).sum(axis=0)
            c[cost] = 1.0 / inv_total
    else:
        a = np.where(cost, 0.0, 1.0 / hi)
        c = np.where(cost, lo, 0.0)
    return a, np.zeros(m), c, cost.copy()


def _refuse(
    mask: NDArray[np.bool_], why: str, names: tuple[str, ...], normalization: Normalization
) -> None:
    """Refuse the first column in ``mask``: the normalisation cannot take its values."""
    if mask.any():
        j = int(np.flatnonzero(mask)[0])
        raise MCDAInputError(f"criterion {names[j]!r}: {why} ({normalization} normalisation)")


def apply_column_transform(block: FloatArray, transform: ColumnTransform) -> FloatArray:
    """Normalise ``block`` (rows of the matrix the transform was computed from)."""
    out = block - transform.origin
    out *= transform.a
    out += transform.b
    if transform.reciprocal.any():
        cols = transform.reciprocal
        out[:, cols] = transform.c[cols] / block[:, cols]
    return out


def calc_normalized(
    matrix: ArrayLike,
    types: TypesLike | None = None,
    normalization: Normalization = "vector",
) -> FloatArray:
    """Normalise every column of a decision matrix.

    Parameters
    ----------
    matrix : array_like, shape (n_alternatives, n_criteria)
        Raw criterion values, one alternative per row.
    types : sequence of {"benefit", "cost"} or of {1, -1}, optional
        The direction of each criterion; all benefit when omitted.
    normalization : {"vector", "minmax", "max", "sum", "linear"}
        See the module docstring for the formulas.

    Returns
    -------
    numpy.ndarray
        The normalised matrix, where larger is better in every column.

    Examples
    --------
    >>> calc_normalized([[1.0, 10.0], [3.0, 30.0]], ["benefit", "cost"], "minmax")
    array([[0., 1.],
           [1., 0.]])

    """
    x = check_matrix(matrix)
    kinds = check_types(types, x.shape[1])
    transform = calc_column_transform(x, kinds, check_normalization(normalization))
    return apply_column_transform(x, transform)
