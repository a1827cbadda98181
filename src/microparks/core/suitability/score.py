"""Site suitability scores: value functions, hard vetoes and a weighted MCDA aggregation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from microparks.core.mcda import calc_contributions, score_alternatives
from microparks.core.mcda._common import FloatArray, frozen, hash_inputs
from microparks.core.suitability.criteria import calc_utility
from microparks.core.suitability.scheme import Scheme


class SuitabilityInputError(ValueError):
    """Criterion values or veto masks that do not fit the scheme."""


@dataclass(frozen=True)
class SuitabilityResult:
    """Scores of sites under one scheme, with everything needed to explain them.

    ``values`` are the raw criterion values, ``utilities`` their value-function images in
    [0, 1] (missing values count as 0, the worst), ``contributions`` the weighted utilities
    ``w_j u_ij`` (under WSM they sum to the score). Vetoed sites have ``score`` NaN and rank 0
    and never enter the aggregation, so they cannot shift the other sites' scores.
    """

    scheme_name: str
    scheme_version: str
    method: str
    criteria: tuple[str, ...]
    weights: FloatArray
    ids: tuple[str, ...]
    values: FloatArray
    utilities: FloatArray
    contributions: FloatArray
    scores: FloatArray
    vetoed: NDArray[np.bool_]
    veto_reasons: tuple[tuple[str, ...], ...]
    missing: Mapping[str, int]
    input_hash: str

    @cached_property
    def ranks(self) -> NDArray[np.intp]:
        """Rank of each site among the non-vetoed (1 = best); 0 for vetoed sites."""
        ranks = np.zeros(self.scores.size, dtype=np.intp)
        ok = np.flatnonzero(~self.vetoed)
        order = ok[np.argsort(-self.scores[ok], kind="stable")]
        ranks[order] = np.arange(1, order.size + 1)
        return frozen(ranks)

    def provenance(self) -> dict[str, object]:
        """Scheme, method, weights and input hash as JSON-ready values."""
        return {
            "scheme": self.scheme_name,
            "scheme_version": self.scheme_version,
            "method": self.method,
            "weights": dict(zip(self.criteria, map(float, self.weights), strict=True)),
            "input_hash": self.input_hash,
        }


def calc_utilities(values: ArrayLike, scheme: Scheme) -> FloatArray:
    """Apply each criterion's value function to its column of ``values`` (n × m)."""
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != len(scheme.criteria):
        raise SuitabilityInputError(
            f"expected {len(scheme.criteria)} criterion columns, got shape {x.shape}"
        )
    return np.column_stack(
        [calc_utility(x[:, j], c.transform) for j, c in enumerate(scheme.criteria)]
    ).reshape(x.shape)


def score_suitability(
    values: ArrayLike,
    scheme: Scheme,
    vetoes: Mapping[str, ArrayLike] | None = None,
    ids: Sequence[str] | None = None,
) -> SuitabilityResult:
    """Score sites: utilities, vetoes, then WSM (``S_i = Σ_j w_j u_ij``) or TOPSIS on utilities.

    Parameters
    ----------
    values : array_like, shape (n_sites, n_criteria)
        Raw criterion values in the order of ``scheme.criteria``; NaN where unknown.
    scheme : Scheme
        Criteria, weights, method and the names of its vetoes.
    vetoes : mapping of veto name to boolean array, optional
        True where the site is excluded by that veto.
    ids : sequence of str, optional
        Site codes, for the result.

    Returns
    -------
    SuitabilityResult

    """
    x = np.asarray(values, dtype=np.float64)
    utilities = calc_utilities(x, scheme)
    n = x.shape[0]
    names = [c.name for c in scheme.criteria]
    missing_mask = np.isnan(utilities)
    missing = {name: int(missing_mask[:, j].sum()) for j, name in enumerate(names)}
    utilities[missing_mask] = 0.0
    vetoed, reasons = _vetoes(vetoes, n)
    site_ids = tuple(str(i) for i in ids) if ids is not None else tuple(map(str, range(1, n + 1)))
    if len(site_ids) != n:
        raise SuitabilityInputError(f"{len(site_ids)} ids for {n} sites")
    scores, contributions = _aggregate(scheme, utilities, vetoed)
    return SuitabilityResult(
        scheme_name=scheme.name,
        scheme_version=scheme.version,
        method=scheme.method,
        criteria=tuple(names),
        weights=scheme.weights,
        ids=site_ids,
        values=frozen(x.copy()),
        utilities=frozen(utilities),
        contributions=frozen(contributions),
        scores=frozen(scores),
        vetoed=frozen(vetoed),
        veto_reasons=tuple(tuple(r) for r in reasons),
        missing=missing,
        input_hash=hash_inputs(x, vetoed, scheme=scheme.name, version=scheme.version, ids=site_ids),
    )


def _vetoes(
    vetoes: Mapping[str, ArrayLike] | None, n: int
) -> tuple[NDArray[np.bool_], list[list[str]]]:
    """Which sites any veto excludes, and per site the names of the vetoes that hit it."""
    vetoed = np.zeros(n, dtype=bool)
    reasons: list[list[str]] = [[] for _ in range(n)]
    for name, mask in (vetoes or {}).items():
        hit = np.asarray(mask, dtype=bool)
        if hit.shape != (n,):
            raise SuitabilityInputError(f"veto {name!r} has {hit.size} values for {n} sites")
        vetoed |= hit
        for i in np.flatnonzero(hit):
            reasons[i].append(name)
    return vetoed, reasons


def _aggregate(
    scheme: Scheme, utilities: FloatArray, vetoed: NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """Scores and weighted contributions of the sites not vetoed; NaN for the vetoed ones.

    Only the sites not vetoed enter the MCDA, so a vetoed site cannot shift the others' scores
    (TOPSIS's ideal points depend on every alternative scored).
    """
    n = utilities.shape[0]
    scores = np.full(n, np.nan)
    contributions = utilities * scheme.weights
    ok = ~vetoed
    if ok.any():
        ranked = score_alternatives(
            scheme.method, utilities[ok], scheme.weights, normalization="none", record_hash=False
        )
        scores[ok] = ranked.scores
        if scheme.method == "wsm":
            explained = calc_contributions(
                "wsm", utilities[ok], scheme.weights, normalization="none"
            )
            contributions[ok] = explained.weighted
    contributions[vetoed] = np.nan
    return scores, contributions
