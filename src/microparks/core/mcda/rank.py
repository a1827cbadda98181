"""Weighted sum (WSM) and TOPSIS scores of alternatives, vectorised for millions of rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.mcda._common import (
    CriterionType,
    FloatArray,
    MCDAInputError,
    TypesLike,
    check_criteria,
    check_matrix,
    check_types,
    check_weights,
    frozen,
    hash_inputs,
    type_names,
)
from microparks.core.mcda.normalize import (
    BLOCK_ROWS,
    ColumnTransform,
    Normalization,
    apply_column_transform,
    calc_column_transform,
    check_normalization,
)

Method = Literal["topsis", "wsm"]
METHODS: tuple[str, ...] = ("topsis", "wsm")
DEFAULT_NORMALIZATION: dict[str, Normalization] = {"topsis": "vector", "wsm": "linear"}


@dataclass(frozen=True)
class RankingResult:
    """Scores of alternatives under one MCDA method, with the inputs' provenance.

    ``scores`` lie in [0, 1] and larger is better. ``ranks`` (1 = best, ties share the order of
    appearance) and ``order`` (indices from best to worst) are computed on first use.
    ``distance_to_ideal`` and ``distance_to_anti_ideal`` are set for TOPSIS only.
    """

    method: Method
    normalization: Normalization
    criteria: tuple[str, ...]
    types: tuple[CriterionType, ...]
    weights: FloatArray
    scores: FloatArray
    input_hash: str | None
    distance_to_ideal: FloatArray | None = field(default=None, repr=False)
    distance_to_anti_ideal: FloatArray | None = field(default=None, repr=False)

    @cached_property
    def order(self) -> NDArray[np.intp]:
        """Indices of the alternatives from best to worst (stable for ties)."""
        return frozen(np.argsort(-self.scores, kind="stable"))

    @cached_property
    def ranks(self) -> NDArray[np.intp]:
        """Rank of each alternative, 1 for the best."""
        ranks = np.empty(self.scores.size, dtype=np.intp)
        ranks[self.order] = np.arange(1, self.scores.size + 1)
        return frozen(ranks)

    def provenance(self) -> dict[str, Any]:
        """Parameters and input hash as plain JSON-ready values."""
        return {
            "method": self.method,
            "normalization": self.normalization,
            "criteria": list(self.criteria),
            "types": list(self.types),
            "weights": [float(w) for w in self.weights],
            "input_hash": self.input_hash,
        }


@dataclass(frozen=True)
class ContributionResult:
    """Per-alternative, per-criterion explanation of a score.

    ``weighted`` holds ``w_j · r_ij``; under WSM each row sums to the score. Under TOPSIS,
    ``gap_to_ideal`` and ``gap_to_anti_ideal`` hold the squared terms ``(v_ij − v_j^±)²`` whose row
    sums are the squared distances ``D_i^±²``; they show which criteria keep an alternative away
    from the ideal or lift it above the anti-ideal.
    """

    method: Method
    normalization: Normalization
    criteria: tuple[str, ...]
    weighted: FloatArray
    gap_to_ideal: FloatArray | None = field(default=None, repr=False)
    gap_to_anti_ideal: FloatArray | None = field(default=None, repr=False)


@dataclass(frozen=True)
class _Prepared:
    matrix: FloatArray
    weights: FloatArray
    types: NDArray[np.int8]
    criteria: tuple[str, ...]
    normalization: Normalization
    transform: ColumnTransform


def _prepare(
    method: str,
    matrix: ArrayLike,
    weights: ArrayLike,
    types: TypesLike | None,
    normalization: str | None,
    criteria: Sequence[str] | None,
) -> _Prepared:
    if method not in METHODS:
        raise MCDAInputError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    x = check_matrix(matrix)
    m = x.shape[1]
    w = check_weights(weights, m)
    kinds = check_types(types, m)
    names = check_criteria(criteria, m)
    norm = check_normalization(normalization or DEFAULT_NORMALIZATION[method])
    transform = calc_column_transform(x, kinds, norm, names)
    return _Prepared(x, w, kinds, names, norm, transform)


def _hash(p: _Prepared, method: str) -> str:
    return hash_inputs(
        p.matrix,
        p.weights,
        method=method,
        normalization=p.normalization,
        types=type_names(p.types),
        criteria=p.criteria,
    )


def _wsm_scores(p: _Prepared) -> FloatArray:
    t = p.transform
    affine = ~t.reciprocal
    # Σ_j w_j (a_j x_ij + b_j) = X·(w∘a) + Σ w∘b: one matrix–vector product over the matrix
    scores = p.matrix @ np.where(affine, p.weights * t.a, 0.0)
    scores += float(np.sum(p.weights * t.b * affine))
    if t.reciprocal.any():
        cols = t.reciprocal
        coef = p.weights[cols] * t.c[cols]
        for start in range(0, p.matrix.shape[0], BLOCK_ROWS):  # in cache, block by block
            block = p.matrix[start : start + BLOCK_ROWS, cols]
            np.reciprocal(block, out=block)
            scores[start : start + block.shape[0]] += block @ coef
    return scores


def _topsis_distances(p: _Prepared) -> tuple[FloatArray, FloatArray]:
    t = p.transform
    n = p.matrix.shape[0]
    d_plus = np.empty(n)
    d_minus = np.empty(n)
    # ideal and anti-ideal of the weighted normalised matrix, from the raw extreme values
    extremes = np.vstack([t.best, t.worst])
    v_best, v_worst = apply_column_transform(extremes, t) * p.weights
    wa = p.weights * t.a
    shift = p.weights * t.b - v_best
    gap = v_best - v_worst
    recip = t.reciprocal.any()
    cols = t.reciprocal
    ones = np.ones(p.matrix.shape[1])
    diff = np.empty((min(BLOCK_ROWS, n), p.matrix.shape[1]))
    square = np.empty_like(diff)
    for start in range(0, n, BLOCK_ROWS):
        # block by block with preallocated buffers, so that the work stays in cache
        block = p.matrix[start : start + BLOCK_ROWS]
        k = block.shape[0]
        d, sq = diff[:k], square[:k]
        np.multiply(block, wa, out=d)
        d += shift  # v_ij − v_j⁺
        if recip:
            d[:, cols] = p.weights[cols] * t.c[cols] / block[:, cols] - v_best[cols]
        np.multiply(d, d, out=sq)
        np.matmul(sq, ones, out=d_plus[start : start + k])
        d += gap  # v_ij − v_j⁻
        np.multiply(d, d, out=sq)
        np.matmul(sq, ones, out=d_minus[start : start + k])
    np.sqrt(d_plus, out=d_plus)
    np.sqrt(d_minus, out=d_minus)
    return d_plus, d_minus


def score_wsm(
    matrix: ArrayLike,
    weights: ArrayLike,
    types: TypesLike | None = None,
    *,
    normalization: Normalization = "linear",
    criteria: Sequence[str] | None = None,
    record_hash: bool = True,
) -> RankingResult:
    """Weighted sum model (simple additive weighting).

    ``S_i = Σ_j w_j r_ij`` with weights scaled to ``Σ w_j = 1`` and ``r`` the normalised matrix
    (Hwang & Yoon 1981, pp. 99–103). The default ``linear`` normalisation (``x/max``, costs
    ``min/x``) depends only on the column extremes of non-dominated alternatives, so adding a
    dominated alternative leaves the other scores unchanged.

    Parameters
    ----------
    matrix : array_like, shape (n_alternatives, n_criteria)
        Raw criterion values.
    weights : array_like, shape (n_criteria,)
        Non-negative weights (rescaled to sum to 1).
    types : sequence of {"benefit", "cost"} or {1, -1}, optional
        Criterion directions, all benefit when omitted.
    normalization : {"linear", "vector", "minmax", "max", "sum"}
        Column normalisation (:mod:`microparks.core.mcda.normalize`).
    criteria : sequence of str, optional
        Criterion names for the result.
    record_hash : bool
        Record the SHA-256 of the inputs (costs one pass over the matrix).

    Returns
    -------
    RankingResult

    """
    p = _prepare("wsm", matrix, weights, types, normalization, criteria)
    scores = _wsm_scores(p)
    return RankingResult(
        method="wsm",
        normalization=p.normalization,
        criteria=p.criteria,
        types=type_names(p.types),
        weights=frozen(p.weights),
        scores=frozen(scores),
        input_hash=_hash(p, "wsm") if record_hash else None,
    )


def score_topsis(
    matrix: ArrayLike,
    weights: ArrayLike,
    types: TypesLike | None = None,
    *,
    normalization: Normalization = "vector",
    criteria: Sequence[str] | None = None,
    record_hash: bool = True,
) -> RankingResult:
    """TOPSIS: relative closeness to the ideal solution (Hwang & Yoon 1981, pp. 128–134).

    With ``v_ij = w_j r_ij``, ideal ``v_j⁺ = max_i v_ij`` and anti-ideal ``v_j⁻ = min_i v_ij``
    (costs are mirrored by the normalisation, see :mod:`~microparks.core.mcda.normalize`),

    ``D_i^± = sqrt(Σ_j (v_ij − v_j^±)²)`` and ``C_i = D_i⁻ / (D_i⁺ + D_i⁻)``.

    Parameters
    ----------
    matrix : array_like, shape (n_alternatives, n_criteria)
        Raw criterion values.
    weights : array_like, shape (n_criteria,)
        Non-negative weights (rescaled to sum to 1).
    types : sequence of {"benefit", "cost"} or {1, -1}, optional
        Criterion directions, all benefit when omitted.
    normalization : {"vector", "minmax", "max", "sum", "linear"}
        Column normalisation; Hwang & Yoon use ``vector``.
    criteria : sequence of str, optional
        Criterion names for the result.
    record_hash : bool
        Record the SHA-256 of the inputs (costs one pass over the matrix).

    Returns
    -------
    RankingResult
        Scores ``C_i`` in [0, 1]; an alternative at both the ideal and the anti-ideal (all
        alternatives equal) scores 0.5.

    """
    p = _prepare("topsis", matrix, weights, types, normalization, criteria)
    d_plus, d_minus = _topsis_distances(p)
    total = d_plus + d_minus
    scores = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return RankingResult(
        method="topsis",
        normalization=p.normalization,
        criteria=p.criteria,
        types=type_names(p.types),
        weights=frozen(p.weights),
        scores=frozen(scores),
        input_hash=_hash(p, "topsis") if record_hash else None,
        distance_to_ideal=frozen(d_plus),
        distance_to_anti_ideal=frozen(d_minus),
    )


def score_alternatives(
    method: Method,
    matrix: ArrayLike,
    weights: ArrayLike,
    types: TypesLike | None = None,
    *,
    normalization: Normalization | None = None,
    criteria: Sequence[str] | None = None,
    record_hash: bool = True,
) -> RankingResult:
    """Score with ``method`` ("topsis" or "wsm"), using its default normalisation if none."""
    if method not in METHODS:
        raise MCDAInputError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    norm = normalization or DEFAULT_NORMALIZATION[method]
    scorer = score_topsis if method == "topsis" else score_wsm
    return scorer(
        matrix, weights, types, normalization=norm, criteria=criteria, record_hash=record_hash
    )


def calc_contributions(
    method: Method,
    matrix: ArrayLike,
    weights: ArrayLike,
    types: TypesLike | None = None,
    *,
    normalization: Normalization | None = None,
    criteria: Sequence[str] | None = None,
) -> ContributionResult:
    """Explain each alternative's score criterion by criterion (see :class:`ContributionResult`).

    Examples
    --------
    >>> c = calc_contributions("wsm", [[2.0, 1.0], [1.0, 2.0]], [0.75, 0.25])
    >>> c.weighted.sum(axis=1)
    array([0.875, 0.625])

    """
    p = _prepare(method, matrix, weights, types, normalization, criteria)
    weighted = apply_column_transform(p.matrix, p.transform) * p.weights
    if method == "wsm":
        return ContributionResult("wsm", p.normalization, p.criteria, frozen(weighted))
    t = p.transform
    v_best, v_worst = apply_column_transform(np.vstack([t.best, t.worst]), t) * p.weights
    return ContributionResult(
        "topsis",
        p.normalization,
        p.criteria,
        frozen(weighted),
        gap_to_ideal=frozen((weighted - v_best) ** 2),
        gap_to_anti_ideal=frozen((weighted - v_worst) ** 2),
    )
