"""Row-block kernels of WSM and TOPSIS for large decision matrices.

Both methods read the matrix twice: once for the column statistics
(:func:`~microparks.core.mcda.normalize.calc_column_transform`) and once here. This pass works
on blocks of :data:`~microparks.core.mcda.normalize.BLOCK_ROWS` rows that stay in cache, walks
them from the end backwards (the statistics have just read the matrix forwards, so its last
blocks are still in the last-level cache), finishes every block (scores, distances) before
moving on, and splits the rows over threads for large matrices
(:func:`~microparks.core.mcda._common.split_rows`). Per-row sums over the criteria are
matrix–vector products, the fastest row reduction numpy has for a handful of columns.
"""

from __future__ import annotations

import numpy as np

from microparks.core.mcda._common import FloatArray, split_rows
from microparks.core.mcda.normalize import BLOCK_ROWS, ColumnTransform

#: Rows whose expanded squared distance falls below this share of its scale are recomputed
#: term by term (see :func:`topsis_scores`).
TOPSIS_GUARD = 1e-4


def wsm_scores(x: FloatArray, weights: FloatArray, t: ColumnTransform) -> FloatArray:
    """``S_i = Σ_j w_j r_ij``.

    One matrix–vector product for the affine columns (``w_j a_j (x − o_j) + w_j b_j``, the
    constant terms summed once) plus ``w_j c_j / x`` per reciprocal column. Columns whose origin
    is far from zero relative to their spread (min–max on values such as years) are shifted
    block by block so that the product keeps its digits.
    """
    n, m = x.shape
    affine = ~t.reciprocal
    coef = np.where(affine, weights * t.a, 0.0)
    shift = np.where(affine & (np.abs(t.a * t.origin) > 1.0), t.origin, 0.0)
    constant = float(np.sum(np.where(affine, weights * (t.b - t.a * (t.origin - shift)), 0.0)))
    recip = [(j, float(weights[j] * t.c[j])) for j in np.flatnonzero(t.reciprocal)]
    scores = np.empty(n)

    def part(first: int, stop: int) -> None:
        rows = min(BLOCK_ROWS, stop - first)
        tmp = np.empty(rows)
        shifted = np.empty((rows, m)) if shift.any() else None
        for start in reversed(range(first, stop, BLOCK_ROWS)):
            block = x[start : min(start + BLOCK_ROWS, stop)]
            k = block.shape[0]
            out = scores[start : start + k]
            if shifted is not None:
                block_shifted = np.subtract(block, shift, out=shifted[:k])
                np.matmul(block_shifted, coef, out=out)
            else:
                np.matmul(block, coef, out=out)
            for j, cj in recip:
                np.divide(cj, block[:, j], out=tmp[:k])
                out += tmp[:k]
            if constant:
                out += constant

    split_rows(part, n, BLOCK_ROWS)
    return scores


def exact_squared_distances(
    x: FloatArray, weights: FloatArray, t: ColumnTransform
) -> tuple[FloatArray, FloatArray]:
    """``D_i^±²`` of the rows ``x``, term by term as defined.

    ``v_ij − v_j^± = w_j a_j (x_ij − t_j^±)`` for affine columns and
    ``w_j c_j / x_ij − w_j c_j / t_j^±`` for reciprocal ones (``t^±`` the raw best and worst
    values), so an alternative holding a column's extreme value is at distance exactly 0 there.
    """
    alpha = weights * t.a
    out = []
    for target in (t.best, t.worst):
        d = x - target
        d *= alpha
        if t.reciprocal.any():
            cols = t.reciprocal
            gamma = weights[cols] * t.c[cols]
            d[:, cols] = gamma / x[:, cols] - gamma / target[cols]
        np.multiply(d, d, out=d)
        out.append(d.sum(axis=1))
    return out[0], out[1]


def _closeness(
    d_plus: FloatArray, d_minus: FloatArray, out: FloatArray, positive: bool = False
) -> None:
    """Square roots of the squared distances (in place) and ``C = D⁻ / (D⁺ + D⁻)`` into ``out``.

    An alternative at both the ideal and the anti-ideal (all alternatives equal) scores 0.5;
    ``positive`` says that no ``D⁺`` is zero, so that no such alternative needs looking for.
    """
    np.sqrt(d_plus, out=d_plus)
    np.sqrt(d_minus, out=d_minus)
    np.add(d_plus, d_minus, out=out)
    if positive or np.minimum.reduce(out) > 0:
        np.divide(d_minus, out, out=out)
    else:
        zero = out == 0
        np.divide(d_minus, out, out=out, where=~zero)
        out[zero] = 0.5


def topsis_scores(x: FloatArray, weights: FloatArray, t: ColumnTransform) -> FloatArray:
    """Relative closeness ``C_i = D_i⁻ / (D_i⁺ + D_i⁻)`` of every row (see :func:`_topsis`)."""
    return _topsis(x, weights, t, None)


def topsis_distances(
    x: FloatArray, weights: FloatArray, t: ColumnTransform
) -> tuple[FloatArray, FloatArray]:
    """``D⁺`` and ``D⁻`` of every row, computed exactly as for :func:`topsis_scores`."""
    plus, minus = np.empty(x.shape[0]), np.empty(x.shape[0])
    _topsis(x, weights, t, (plus, minus))
    return plus, minus


def _topsis(
    x: FloatArray,
    weights: FloatArray,
    t: ColumnTransform,
    distances: tuple[FloatArray, FloatArray] | None,
) -> FloatArray:
    """Closeness of every row; the distances go to ``distances`` if given.

    Otherwise they live only in per-block buffers: writing two more n-vectors would cost about
    a third of the time.

    With affine normalisations ``v_ij − v_j^± = α_j (x_ij − t_j^±)`` (``α = w∘a``, ``t^±`` the
    raw best and worst values). After shifting the columns that sit far from zero by their
    midpoint ``m`` (``y = x − m``, ``s^± = t^± − m``; most columns need no shift),

    ``D_i^±² = Σ_j α_j² y_ij² − 2 Σ_j α_j² s_j^± y_ij + Σ_j α_j² s_j^±²``,

    three matrix–vector products per block instead of full-size differences. The expansion
    loses digits where ``D²`` is small next to its terms (at and near the ideal or anti-ideal):
    its rounding error stays below ``25 ε B`` with ``B = max_i Σ_j α_j² y_ij² + Σ_j α_j² s_j²``,
    so every row whose expanded ``D²`` is below :data:`TOPSIS_GUARD` ``· B`` is recomputed term
    by term; the other rows keep a relative error below about 6e-11 in ``D²``. Reciprocal
    columns (``sum``/``linear`` costs) take the term-by-term path for every row.
    """
    n, m = x.shape
    scores = np.empty(n)
    lo, hi = np.minimum(t.best, t.worst), np.maximum(t.best, t.worst)
    mid = lo + (hi - lo) / 2
    center = np.where(np.abs(mid) > hi - lo, mid, 0.0)
    s_plus, s_minus = t.best - center, t.worst - center
    a2 = (weights * t.a) ** 2
    lin_plus, lin_minus = -2.0 * a2 * s_plus, -2.0 * a2 * s_minus
    k_plus, k_minus = float(a2 @ (s_plus * s_plus)), float(a2 @ (s_minus * s_minus))
    # the scale bound takes the largest possible Σ α² y² (from the column extremes)
    q_max = float(a2 @ np.maximum((lo - center) ** 2, (hi - center) ** 2))
    low_plus, low_minus = TOPSIS_GUARD * (q_max + k_plus), TOPSIS_GUARD * (q_max + k_minus)
    exact_only = bool(t.reciprocal.any())

    def part(first: int, stop: int) -> None:
        rows = min(BLOCK_ROWS, stop - first)
        quad = np.empty(rows)
        buf_plus, buf_minus = np.empty(rows), np.empty(rows)
        squares = np.empty((rows, m))
        shifted = np.empty((rows, m)) if center.any() else None
        for start in reversed(range(first, stop, BLOCK_ROWS)):
            end = min(start + BLOCK_ROWS, stop)
            k = end - start
            if distances is not None:
                d_plus, d_minus = distances[0][start:end], distances[1][start:end]
            else:
                d_plus, d_minus = buf_plus[:k], buf_minus[:k]
            if exact_only:
                d_plus[:], d_minus[:] = exact_squared_distances(x[start:end], weights, t)
                _closeness(d_plus, d_minus, scores[start:end])
                continue
            block = x[start:end]
            if shifted is not None:
                block = np.subtract(block, center, out=shifted[:k])
            z, q = squares[:k], quad[:k]
            np.multiply(block, block, out=z)
            np.matmul(z, a2, out=q)
            np.matmul(block, lin_plus, out=d_plus)
            np.matmul(block, lin_minus, out=d_minus)
            q += k_plus
            d_plus += q
            q += k_minus - k_plus
            d_minus += q
            if np.minimum.reduce(d_plus) < low_plus or np.minimum.reduce(d_minus) < low_minus:
                redo = np.flatnonzero((d_plus < low_plus) | (d_minus < low_minus))
                d_plus[redo], d_minus[redo] = exact_squared_distances(x[start + redo], weights, t)
                _closeness(d_plus, d_minus, scores[start:end])
            else:  # every D⁺² is at least low_plus
                _closeness(d_plus, d_minus, scores[start:end], positive=low_plus > 0)

    split_rows(part, n, BLOCK_ROWS)
    return scores
