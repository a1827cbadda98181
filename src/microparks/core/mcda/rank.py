"""Weighted sum (WSM) and TOPSIS scores of alternatives, vectorised for millions of rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from microparks.core.mcda._kernels import topsis_distances, topsis_scores, wsm_scores
from microparks.core.mcda.normalize import (
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

    Two things are computed on first access, so that callers that do not read them do not pay
    for them: ``input_hash`` (SHA-256 of the matrix, weights and parameters, or ``None`` when the
    scoring was asked not to record one; one pass over the matrix) and the TOPSIS distances
    (the scoring pass once more). The result keeps a reference to the matrix for them, not a
    copy: read them before changing the matrix in place.
    """

    method: Method
    normalization: Normalization
    criteria: tuple[str, ...]
    types: tuple[CriterionType, ...]
    weights: FloatArray
    scores: FloatArray
    hasher: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    distances: Callable[[], tuple[FloatArray, FloatArray]] | None = field(
        default=None, repr=False, compare=False
    )

    @cached_property
    def input_hash(self) -> str | None:
        """SHA-256 of the inputs (see the class docstring), ``None`` if not recorded."""
        return None if self.hasher is None else self.hasher()

    @cached_property
    def _distance_pair(self) -> tuple[FloatArray, FloatArray] | None:
        if self.distances is None:
            return None
        d_plus, d_minus = self.distances()
        return frozen(d_plus), frozen(d_minus)

    @property
    def distance_to_ideal(self) -> FloatArray | None:
        """TOPSIS ``D⁺`` of every alternative (computed on first access), else ``None``."""
        pair = self._distance_pair
        return None if pair is None else pair[0]

    @property
    def distance_to_anti_ideal(self) -> FloatArray | None:
        """TOPSIS ``D⁻`` of every alternative (computed on first access), else ``None``."""
        pair = self._distance_pair
        return None if pair is None else pair[1]

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


def _hasher(p: _Prepared, method: str) -> Callable[[], str]:
    def digest() -> str:
        return hash_inputs(
            p.matrix,
            p.weights,
            method=method,
            normalization=p.normalization,
            types=type_names(p.types),
            criteria=p.criteria,
        )

    return digest


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
        Provide the SHA-256 of the inputs as ``input_hash`` (computed when first read).

    Returns
    -------
    RankingResult

    """
    p = _prepare("wsm", matrix, weights, types, normalization, criteria)
    scores = wsm_scores(p.matrix, p.weights, p.transform)
    return RankingResult(
        method="wsm",
        normalization=p.normalization,
        criteria=p.criteria,
        types=type_names(p.types),
        weights=frozen(p.weights),
        scores=frozen(scores),
        hasher=_hasher(p, "wsm") if record_hash else None,
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
        Provide the SHA-256 of the inputs as ``input_hash`` (computed when first read).

    Returns
    -------
    RankingResult
        Scores ``C_i`` in [0, 1]; an alternative at both the ideal and the anti-ideal (all
        alternatives equal) scores 0.5.

    """
    p = _prepare("topsis", matrix, weights, types, normalization, criteria)
    scores = topsis_scores(p.matrix, p.weights, p.transform)
    return RankingResult(
        method="topsis",
        normalization=p.normalization,
        criteria=p.criteria,
        types=type_names(p.types),
        weights=frozen(p.weights),
        scores=frozen(scores),
        hasher=_hasher(p, "topsis") if record_hash else None,
        distances=lambda: topsis_distances(p.matrix, p.weights, p.transform),
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
