"""AHP weights from a pairwise comparison matrix (Saaty's principal eigenvector method).

Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
Saaty, T. L. (1990). How to make a decision: the Analytic Hierarchy Process.
*European Journal of Operational Research* 48(1), 9–26.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from microparks.core.mcda._common import (
    FloatArray,
    MCDAInputError,
    check_criteria,
    frozen,
    hash_inputs,
)

#: Saaty's random consistency index for n = 1 … 10 (Saaty 1980, Table 1.7 / Saaty 1990, p. 15).
RANDOM_INDEX: tuple[float, ...] = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
MAX_CONSISTENCY_RATIO = 0.1
RECIPROCAL_TOLERANCE = 0.02  # 3 × 0.33 = 0.99 and 7 × 0.143 = 1.001 are read as reciprocal


class PairwiseMatrixError(MCDAInputError):
    """A pairwise comparison matrix that is not square, positive and reciprocal."""


@dataclass(frozen=True)
class Judgement:
    """One pairwise judgement ``a_ij`` and the value ``w_i / w_j`` consistent with the weights."""

    row: str
    column: str
    given: float
    consistent: float

    @property
    def deviation(self) -> float:
        """``|ln(a_ij · w_j / w_i)|``: 0 for a judgement in line with the derived weights."""
        return abs(float(np.log(self.given / self.consistent)))


@dataclass(frozen=True)
class AHPResult:
    """Priority weights of a pairwise comparison matrix and its consistency.

    ``consistency_index`` is ``(λmax − n)/(n − 1)``; ``consistency_ratio`` divides it by
    Saaty's random index for ``n`` (0 when ``n ≤ 2``, where every reciprocal matrix is
    consistent). ``worst_judgements`` lists the upper-triangle judgements from the least to the
    most consistent with the weights.
    """

    criteria: tuple[str, ...]
    weights: FloatArray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    random_index: float
    worst_judgements: tuple[Judgement, ...]
    input_hash: str
    method: str = "principal eigenvector"

    @property
    def is_consistent(self) -> bool:
        """Whether CR ≤ 0.1, Saaty's threshold."""
        return self.consistency_ratio <= MAX_CONSISTENCY_RATIO + 1e-12

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready values (weights keyed by criterion)."""
        return {
            "criteria": list(self.criteria),
            "weights": {c: float(w) for c, w in zip(self.criteria, self.weights, strict=True)},
            "lambda_max": self.lambda_max,
            "consistency_index": self.consistency_index,
            "consistency_ratio": self.consistency_ratio,
            "random_index": self.random_index,
            "method": self.method,
            "input_hash": self.input_hash,
        }


class InconsistentJudgementsError(MCDAInputError):
    """CR above the accepted maximum; ``result`` holds the weights all the same."""

    def __init__(self, result: AHPResult, max_ratio: float, shown: int = 3) -> None:
        self.result = result
        self.max_ratio = max_ratio
        worst = ", ".join(
            f"{j.row} vs {j.column} (given {j.given:.4g}, consistent ≈ {j.consistent:.3g})"
            for j in result.worst_judgements[:shown]
        )
        super().__init__(
            f"consistency ratio {result.consistency_ratio:.3f} exceeds {max_ratio:.2f}; "
            f"revise the judgements least consistent with the others: {worst}"
        )


def check_pairwise_matrix(matrix: ArrayLike, tolerance: float = RECIPROCAL_TOLERANCE) -> FloatArray:
    """Return the reciprocal matrix defined by the upper triangle of ``matrix``.

    The matrix must be square, finite and positive, with ones on the diagonal and
    ``a_ji · a_ij = 1`` within ``tolerance`` (so rounded entries such as 0.33 for 1/3 pass).

    Raises
    ------
    PairwiseMatrixError
        Naming the first offending entry (1-based row and column).

    """
    try:
        a = np.asarray(matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise PairwiseMatrixError(f"pairwise matrix is not numeric ({exc})") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise PairwiseMatrixError(f"pairwise matrix must be square, got shape {a.shape}")
    n = a.shape[0]
    if n > len(RANDOM_INDEX):
        raise PairwiseMatrixError(
            f"{n} criteria: Saaty's random index is tabulated up to {len(RANDOM_INDEX)}; "
            "group the criteria into a hierarchy"
        )
    for (i, j), value in np.ndenumerate(a):
        if not np.isfinite(value) or value <= 0:
            raise PairwiseMatrixError(f"entry ({i + 1}, {j + 1}) = {value} is not positive")
    for i in range(n):
        if abs(a[i, i] - 1.0) > tolerance:
            raise PairwiseMatrixError(f"diagonal entry ({i + 1}, {i + 1}) = {a[i, i]} is not 1")
    for i in range(n):
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > tolerance:
                raise PairwiseMatrixError(
                    f"entries ({i + 1}, {j + 1}) = {a[i, j]:.4g} and ({j + 1}, {i + 1}) = "
                    f"{a[j, i]:.4g} are not reciprocal"
                )
    out = np.eye(n)
    rows, cols = np.triu_indices(n, 1)
    out[rows, cols] = a[rows, cols]
    out[cols, rows] = 1.0 / a[rows, cols]
    return out


def calc_ahp_weights(
    matrix: ArrayLike,
    criteria: Sequence[str] | None = None,
    *,
    max_consistency_ratio: float | None = MAX_CONSISTENCY_RATIO,
) -> AHPResult:
    """Priority weights from a pairwise comparison matrix (Saaty 1980; 1990).

    The weights are the principal right eigenvector ``w`` of ``A`` (``A w = λmax w``), scaled to
    sum to 1. ``CI = (λmax − n)/(n − 1)`` and ``CR = CI / RI_n`` with Saaty's random index
    ``RI = 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49`` for ``n = 1 … 10``.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Pairwise judgements ``a_ij``: how much more important criterion ``i`` is than ``j``
        (Saaty's 1–9 scale), with ``a_ji = 1/a_ij``.
    criteria : sequence of str, optional
        Criterion names, in the order of the rows.
    max_consistency_ratio : float or None
        Refuse matrices whose CR exceeds this (0.1 by default); ``None`` accepts any.

    Returns
    -------
    AHPResult

    Raises
    ------
    PairwiseMatrixError
        When the matrix is not square, positive and reciprocal.
    InconsistentJudgementsError
        When CR exceeds ``max_consistency_ratio``; the message names the judgements that
        deviate most from ``w_i / w_j``.

    Examples
    --------
    >>> r = calc_ahp_weights([[1, 3], [1 / 3, 1]], ["cost", "access"])
    >>> [round(float(w), 3) for w in r.weights], r.consistency_ratio
    ([0.75, 0.25], 0.0)

    """
    a = check_pairwise_matrix(matrix)
    n = a.shape[0]
    names = check_criteria(criteria, n)
    lambda_max, weights = _principal_eigenvector(a)
    ci, ri, cr = _consistency(lambda_max, n)
    judgements = _judgements(a, names, weights)
    result = AHPResult(
        criteria=names,
        weights=frozen(weights),
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        random_index=ri,
        worst_judgements=tuple(judgements),
        input_hash=hash_inputs(a, criteria=names),
    )
    if max_consistency_ratio is not None and cr > max_consistency_ratio + 1e-12:
        raise InconsistentJudgementsError(result, max_consistency_ratio)
    return result


def _principal_eigenvector(a: FloatArray) -> tuple[float, FloatArray]:
    """``λmax`` and its eigenvector scaled to sum to 1 (Saaty's eigenvector method)."""
    eigenvalues, eigenvectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, k].real)  # Perron vector: one sign, so abs is exact
    weights: FloatArray = vector / vector.sum()
    return float(eigenvalues[k].real), weights


def _consistency(lambda_max: float, n: int) -> tuple[float, float, float]:
    """Saaty's ``CI = (λmax − n)/(n − 1)``, the random index ``RI_n`` and ``CR = CI / RI_n``.

    Matrices of order 1 and 2 are always consistent (CI = CR = 0); a rounding error that makes
    ``λmax`` slightly less than ``n`` gives CI = 0, not a negative index.
    """
    ci = max((lambda_max - n) / (n - 1), 0.0) if n > 2 else 0.0
    ri = RANDOM_INDEX[n - 1]
    return ci, ri, ci / ri if ri > 0 else 0.0


def _judgements(a: FloatArray, names: tuple[str, ...], weights: FloatArray) -> list[Judgement]:
    """Every judgement above the diagonal beside ``w_i / w_j``, most deviating first."""
    n = a.shape[0]
    judgements = [
        Judgement(names[i], names[j], float(a[i, j]), float(weights[i] / weights[j]))
        for i in range(n)
        for j in range(i + 1, n)
    ]
    judgements.sort(key=lambda jd: jd.deviation, reverse=True)
    return judgements
