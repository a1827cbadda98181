"""Weight sensitivity of MCDA rankings: rank stability and the weight change that flips the top.

Both analyses keep the normalisation fixed (it does not depend on the weights) and move the
weights only. A change ``δ`` of criterion ``j``'s weight rescales the other weights
proportionally so that they still sum to one (Triantaphyllou & Sánchez 1997, *Decision Sciences*
28(1), 151–194, call this the absolute-change criterion):

``w_j(δ) = w_j + δ``,  ``w_k(δ) = w_k (1 − w_j − δ) / (1 − w_j)`` for ``k ≠ j``.

Under WSM and TOPSIS every score is a function of the weight vector alone once the normalised
matrix ``R`` is known: ``S = R w`` (WSM) and ``D^± = sqrt(P^± (w∘w))`` with
``P^±_ij = (r_ij − r_j^±)²`` (TOPSIS), so many weight vectors are scored with one matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.mcda._common import (
    FloatArray,
    MCDAInputError,
    TypesLike,
    frozen,
)
from microparks.core.mcda.normalize import Normalization, apply_column_transform
from microparks.core.mcda.rank import Method, _prepare

_CELLS_PER_CHUNK = 4_000_000  # alternatives × weight vectors scored at once (32 MB of float64)
_GRID_STEPS = 200
_BISECTIONS = 60


@dataclass(frozen=True)
class StabilityResult:
    """Ranks of the alternatives over ``n_samples`` randomly perturbed weight vectors.

    Each sample multiplies every weight by an independent factor drawn uniformly from
    ``[1 − spread, 1 + spread]`` and rescales the weights to sum to one.
    ``top_frequency[i]`` is the share of samples in which alternative ``i`` ranks first;
    ``top_stability`` the share in which the unperturbed best alternative stays first.
    """

    method: Method
    normalization: Normalization
    criteria: tuple[str, ...]
    weights: FloatArray
    n_samples: int
    spread: float
    seed: int
    baseline_top: int
    top_stability: float
    top_frequency: FloatArray
    mean_rank: FloatArray
    min_rank: NDArray[np.intp]
    max_rank: NDArray[np.intp]


@dataclass(frozen=True)
class WeightFlip:
    """Smallest weight changes of one criterion that make another alternative the best.

    ``increase`` (> 0) and ``decrease`` (< 0) are the changes of the criterion's weight at which
    ``new_top_increase`` / ``new_top_decrease`` first overtake the current best; ``None`` when no
    change within the admissible range (weights stay in [0, 1]) flips the top.
    """

    criterion: str
    weight: float
    increase: float | None
    new_top_increase: int | None
    decrease: float | None
    new_top_decrease: int | None


@dataclass(frozen=True)
class TopFlipResult:
    """The weight change per criterion that flips the best alternative, and the smallest one."""

    method: Method
    normalization: Normalization
    weights: FloatArray
    top: int
    flips: tuple[WeightFlip, ...]

    @property
    def smallest(self) -> tuple[str, float, int] | None:
        """``(criterion, δ, new top)`` with the smallest ``|δ|`` over all criteria, if any."""
        best: tuple[str, float, int] | None = None
        for f in self.flips:
            for delta, top in ((f.increase, f.new_top_increase), (f.decrease, f.new_top_decrease)):
                if (
                    delta is not None
                    and top is not None
                    and (best is None or abs(delta) < abs(best[1]))
                ):
                    best = (f.criterion, delta, top)
        return best


class _Scorer:
    """Scores of all alternatives for many weight vectors (columns of ``W``)."""

    def __init__(
        self,
        method: Method,
        matrix: ArrayLike,
        weights: ArrayLike,
        types: TypesLike | None,
        normalization: Normalization | None,
        criteria: Sequence[str] | None,
    ) -> None:
        p = _prepare(method, matrix, weights, types, normalization, criteria)
        self.method: Method = method
        self.normalization = p.normalization
        self.criteria = p.criteria
        self.weights = p.weights
        r = apply_column_transform(p.matrix, p.transform)
        self.n = r.shape[0]
        if method == "wsm":
            self.r = r
        else:
            self.p_plus = (r - r.max(axis=0)) ** 2
            self.p_minus = (r - r.min(axis=0)) ** 2

    def scores(self, w: FloatArray) -> FloatArray:
        """Scores, shape (n_alternatives, n_vectors), for weight vectors ``w`` (m × k)."""
        if self.method == "wsm":
            return self.r @ w
        sq = w * w
        d_plus = np.sqrt(self.p_plus @ sq)
        d_minus = np.sqrt(self.p_minus @ sq)
        total = d_plus + d_minus
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, d_minus / total, 0.5)

    def tops(self, w: FloatArray) -> NDArray[np.intp]:
        """Index of the best alternative for each column of ``w``, in chunks."""
        step = max(1, _CELLS_PER_CHUNK // max(self.n, 1))
        out = np.empty(w.shape[1], dtype=np.intp)
        for start in range(0, w.shape[1], step):
            out[start : start + step] = np.argmax(self.scores(w[:, start : start + step]), axis=0)
        return out


def _shifted(weights: FloatArray, j: int, deltas: FloatArray) -> FloatArray:
    """Weight vectors (m × k) with criterion ``j`` moved by ``deltas``, others rescaled."""
    rest = 1.0 - weights[j]
    others = np.delete(np.arange(weights.size), j)
    w = np.empty((weights.size, deltas.size))
    w[j] = weights[j] + deltas
    if rest > 0:
        w[others] = np.outer(weights[others], (rest - deltas) / rest)
    else:
        w[others] = np.outer(np.full(others.size, 1.0 / max(others.size, 1)), -deltas)
    return np.clip(w, 0.0, None, out=w)


def _first_flip(scorer: _Scorer, top: int, j: int, limit: float) -> tuple[float | None, int | None]:
    """First δ between 0 and ``limit`` (either sign) at which the best alternative changes."""
    if limit == 0:
        return None, None
    grid = np.linspace(0.0, limit, _GRID_STEPS + 1)[1:]
    tops = scorer.tops(_shifted(scorer.weights, j, grid))
    changed = np.flatnonzero(tops != top)
    if changed.size == 0:
        return None, None
    k = int(changed[0])
    inside, outside = (0.0 if k == 0 else float(grid[k - 1])), float(grid[k])
    new_top = int(tops[k])
    for _ in range(_BISECTIONS):
        mid = 0.5 * (inside + outside)
        found = int(scorer.tops(_shifted(scorer.weights, j, np.array([mid])))[0])
        if found == top:
            inside = mid
        else:
            outside, new_top = mid, found
    return outside, new_top


def calc_top_flip(
    method: Method,
    matrix: ArrayLike,
    weights: ArrayLike,
    types: TypesLike | None = None,
    *,
    normalization: Normalization | None = None,
    criteria: Sequence[str] | None = None,
) -> TopFlipResult:
    """Smallest change of each criterion's weight that changes the best alternative.

    The admissible range of ``δ`` for criterion ``j`` is ``[−w_j, 1 − w_j]``; it is scanned on a
    grid of 200 steps per direction and the first change is refined by bisection to ~1e-15.

    Returns
    -------
    TopFlipResult
        Per-criterion :class:`WeightFlip` records and, via ``smallest``, the overall minimum.

    """
    scorer = _Scorer(method, matrix, weights, types, normalization, criteria)
    w = scorer.weights
    top = int(scorer.tops(w[:, None])[0])
    flips = []
    for j, name in enumerate(scorer.criteria):
        up, up_top = _first_flip(scorer, top, j, float(1.0 - w[j]))
        down, down_top = _first_flip(scorer, top, j, float(-w[j]))
        flips.append(WeightFlip(name, float(w[j]), up, up_top, down, down_top))
    return TopFlipResult(method, scorer.normalization, frozen(w.copy()), top, tuple(flips))


def calc_rank_stability(
    method: Method,
    matrix: ArrayLike,
    weights: ArrayLike,
    types: TypesLike | None = None,
    *,
    normalization: Normalization | None = None,
    criteria: Sequence[str] | None = None,
    n_samples: int = 1000,
    spread: float = 0.2,
    seed: int = 0,
) -> StabilityResult:
    """Monte Carlo rank stability under multiplicative weight perturbations.

    Parameters
    ----------
    method : {"topsis", "wsm"}
        The MCDA method.
    matrix, weights, types, normalization, criteria
        As for :func:`~microparks.core.mcda.rank.score_topsis` / ``score_wsm``.
    n_samples : int
        Number of perturbed weight vectors.
    spread : float
        Relative half-width of the uniform multiplicative noise, in (0, 1).
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same result.

    Returns
    -------
    StabilityResult

    """
    if n_samples < 1:
        raise MCDAInputError("n_samples must be at least 1")
    if not 0 < spread < 1:
        raise MCDAInputError("spread must lie strictly between 0 and 1")
    scorer = _Scorer(method, matrix, weights, types, normalization, criteria)
    w = scorer.weights
    samples = _perturbed_weights(w, n_samples, spread, seed)
    rank_sum, min_rank, max_rank, top_count = _rank_tallies(scorer, samples)
    baseline_top = int(scorer.tops(w[:, None])[0])
    return StabilityResult(
        method=method,
        normalization=scorer.normalization,
        criteria=scorer.criteria,
        weights=frozen(w.copy()),
        n_samples=n_samples,
        spread=spread,
        seed=seed,
        baseline_top=baseline_top,
        top_stability=float(top_count[baseline_top] / n_samples),
        top_frequency=frozen(top_count / n_samples),
        mean_rank=frozen(rank_sum / n_samples),
        min_rank=frozen(min_rank),
        max_rank=frozen(max_rank),
    )


def _perturbed_weights(w: FloatArray, n_samples: int, spread: float, seed: int) -> FloatArray:
    """Weight vectors (m × n_samples): each weight times U(1 − spread, 1 + spread), summing to 1."""
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(w.size, n_samples))
    samples: FloatArray = w[:, None] * factors
    samples /= samples.sum(axis=0, keepdims=True)
    return samples


def _rank_tallies(
    scorer: _Scorer, samples: FloatArray
) -> tuple[FloatArray, NDArray[np.intp], NDArray[np.intp], FloatArray]:
    """Per alternative over the samples: sum, minimum and maximum of its rank, times first.

    The samples are scored in chunks of about ``_CELLS_PER_CHUNK`` cells, so memory stays
    bounded however many samples are drawn.
    """
    n = scorer.n
    rank_sum = np.zeros(n)
    min_rank = np.full(n, n, dtype=np.intp)
    max_rank = np.ones(n, dtype=np.intp)
    top_count = np.zeros(n)
    step = max(1, _CELLS_PER_CHUNK // max(n, 1))
    positions = np.arange(1, n + 1)
    for start in range(0, samples.shape[1], step):
        scores = scorer.scores(samples[:, start : start + step])
        order = np.argsort(-scores, axis=0, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, positions[:, None], axis=0)
        rank_sum += ranks.sum(axis=1)
        np.minimum(min_rank, ranks.min(axis=1), out=min_rank)
        np.maximum(max_rank, ranks.max(axis=1), out=max_rank)
        top_count += np.bincount(order[0], minlength=n)
    return rank_sum, min_rank, max_rank, top_count
