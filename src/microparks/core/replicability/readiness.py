r"""Readiness of regions for the micro-park model: a weighted score with explanations.

Each indicator has a weight and a direction (benefit: more is better; cost: less is better).
Each indicator column is normalised over the eligible regions that have a value
(:func:`microparks.core.mcda.calc_normalized`) and combined by a weighted sum, so each region's
score is the sum of its indicator contributions. Missing values are never a silent zero:

* a region missing a **required** indicator gets no score, and the indicator is listed in
  ``missing``;
* an **optional** indicator (known only somewhere: idle-land inventory, fiscal capacity) that a
  region lacks is listed in ``not_known`` and the region is scored on the indicators it has, the
  weights rescaled to the known ones (available-case weighting):
  :math:`S_c = \sum_{j \in K_c} w_j r_{cj} / \sum_{j \in K_c} w_j`; ``weight_known`` gives
  :math:`\sum_{j \in K_c} w_j / \sum_j w_j`;
* an optional indicator known for fewer than ``min_known`` regions cannot be normalised
  meaningfully (min–max over one or two values) and is left out of every score (``sparse``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from microparks.core.mcda import Normalization, calc_normalized
from microparks.core.messages import gettext_noop, joined
from microparks.core.replicability.scheme import (
    Indicator,
    ReadinessScheme,
    SchemeError,
    check_scheme,
    eligibility_message,
    eligibility_reason,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

__all__ = [
    "Indicator",
    "ReadinessResult",
    "ReadinessScheme",
    "SchemeError",
    "check_scheme",
    "eligibility_reason",
    "ranked_table",
    "score_readiness",
]


@dataclass(frozen=True)
class ReadinessResult:
    """Scores, ranks and explanations.

    Attributes
    ----------
    table : pandas.DataFrame
        Index = region; ``score`` (0–1, NaN when a required indicator is missing or the
        region is not eligible), ``rank`` (1 = most ready), ``missing`` (comma-separated
        required indicators without a value, "" when complete), ``not_known`` (optional
        indicators without a value: the score rests on the others), ``weight_known`` (share of
        the scheme's weight the score rests on), ``not_eligible`` (the failed eligibility rule,
        "" when eligible), ``top_strength`` and ``top_weakness`` (the indicators where the
        region earns the largest and smallest share of the indicator's weight).
    contributions : pandas.DataFrame
        Index = region (scored ones), one column per scored indicator: rescaled weight ×
        normalised value, NaN where not known; rows sum to ``score``.
    scheme : ReadinessScheme
    used : tuple of str
        Indicators in the data (optional indicators absent from the data are dropped).
    dropped : tuple of str
        Optional indicators absent from the data.
    input_hash : str
    sparse : tuple of str
        Optional indicators known for fewer than ``scheme.min_known`` regions: not scored.

    """

    table: pd.DataFrame
    contributions: pd.DataFrame
    scheme: ReadinessScheme
    used: tuple[str, ...]
    dropped: tuple[str, ...]
    input_hash: str
    sparse: tuple[str, ...] = ()


def score_readiness(regions: pd.DataFrame, scheme: ReadinessScheme) -> ReadinessResult:
    """Score every region with complete data; report the missing indicators of the others.

    Parameters
    ----------
    regions : pandas.DataFrame
        Index = region code; one column per indicator (extra columns are ignored).
    scheme : ReadinessScheme
        From :func:`check_scheme`.

    Returns
    -------
    ReadinessResult

    Raises
    ------
    SchemeError
        When a non-optional indicator is absent from ``regions`` or no region is complete.

    """
    used, absent = _columns(regions, scheme)
    names = [i.name for i in used]
    matrix = _indicator_matrix(regions, used)
    isnan = ~np.isfinite(matrix)
    not_eligible = _not_eligible(regions, scheme.eligibility)
    optional = np.array([i.optional for i in used], dtype=bool)
    complete, known, sparse = _scorable(isnan, optional, not_eligible == "", scheme.min_known)
    scored = ~sparse
    weights = _weights(used, scored)
    types = [i.direction for i in used]
    normalised = _normalise(matrix, known, complete, scored, types, scheme.normalization)
    has, weight_known, contrib = _contributions(normalised, weights, scored)
    index = regions.index
    scored_names = [n for n, keep in zip(names, scored, strict=True) if keep]
    table = pd.DataFrame(
        {
            "score": np.where(complete, np.nansum(np.where(has, contrib, 0.0), axis=1), np.nan),
            "missing": _listed(names, isnan & ~optional),
            "not_known": _listed(names, isnan & optional),
            "weight_known": np.where(complete, weight_known, np.nan),
            "not_eligible": not_eligible,
        },
        index=index,
    )
    table["rank"] = table["score"].rank(ascending=False, method="min").astype("Int64")
    earned = np.where(has, normalised, np.nan)[complete][:, scored]
    _add_strengths(table, earned, scored_names, index[complete])
    return ReadinessResult(
        table=table,
        contributions=pd.DataFrame(
            contrib[complete][:, scored], index=index[complete], columns=scored_names
        ),
        scheme=scheme,
        used=tuple(names),
        dropped=tuple(i.name for i in absent),
        input_hash=_input_hash(matrix, scheme, names, weights, types),
        sparse=tuple(n for n, sp in zip(names, sparse, strict=True) if sp),
    )


def _columns(
    regions: pd.DataFrame, scheme: ReadinessScheme
) -> tuple[list[Indicator], list[Indicator]]:
    """The scheme's indicators in the data, and the optional ones absent from it.

    A required indicator absent from the data is an error, not a region without a value.
    """
    absent = [i for i in scheme.indicators if i.name not in regions.columns]
    required = [i.name for i in absent if not i.optional]
    if required:
        raise SchemeError(
            gettext_noop("indicator column(s) absent from the regions' data: %(names)s"),
            {"names": joined(required)},
        )
    return [i for i in scheme.indicators if i.name in regions.columns], absent


def _indicator_matrix(regions: pd.DataFrame, used: list[Indicator]) -> FloatArray:
    """The indicator values as floats (NaN where not a number), log-transformed where asked.

    Under the log transform a negative value counts as not known.
    """
    names = [i.name for i in used]
    values = regions[names].apply(pd.to_numeric, errors="coerce").astype(np.float64)
    matrix = np.array(values.to_numpy(), dtype=np.float64, copy=True)
    for j, ind in enumerate(used):
        if ind.transform == "log":
            with np.errstate(invalid="ignore", divide="ignore"):
                matrix[:, j] = np.where(matrix[:, j] >= 0, np.log1p(matrix[:, j]), np.nan)
    return matrix


def _not_eligible(
    regions: pd.DataFrame, eligibility: tuple[tuple[str, float, float], ...]
) -> npt.NDArray[np.object_]:
    """Per region the first eligibility rule it fails ("" when eligible, or without a value)."""
    not_eligible = np.full(len(regions), "", dtype=object)
    for column, lo, hi in eligibility:
        if column not in regions.columns:
            raise SchemeError(
                gettext_noop("eligibility column %(column)s is absent from the regions' data"),
                {"column": repr(column)},
            )
        v = pd.to_numeric(regions[column], errors="coerce").to_numpy(np.float64)
        fails = ~((v >= lo) & (v <= hi)) & (not_eligible == "")
        not_eligible[fails] = eligibility_message(column, lo, hi)
    return not_eligible


def _scorable(
    isnan: BoolArray, optional: BoolArray, eligible: BoolArray, min_known: int
) -> tuple[BoolArray, BoolArray, BoolArray]:
    """Regions that get a score, the values known for them, and the too-sparse indicators.

    A region is scored when it is eligible, has every required indicator and at least one
    indicator that is scored; an optional indicator known for fewer than ``min_known`` scored
    regions is sparse and left out of every score.
    """
    complete = eligible & ~(isnan & ~optional).any(axis=1)
    known = ~isnan & complete[:, None]
    sparse = optional & (known.sum(axis=0) < min_known)
    complete &= (known & ~sparse).any(axis=1)
    if not complete.any():
        raise SchemeError(gettext_noop("no eligible region has all the required indicators"))
    return complete, known, sparse


def _weights(used: list[Indicator], scored: BoolArray) -> FloatArray:
    """The scheme's weights of the scored indicators, summing to one (zero for the others)."""
    weights = np.where(scored, np.array([i.weight for i in used]), 0.0)
    total = float(weights.sum())
    if total <= 0:
        raise SchemeError(gettext_noop("no indicator with weight is known for enough regions"))
    normed: FloatArray = weights / total
    return normed


def _contributions(
    normalised: FloatArray, weights: FloatArray, scored: BoolArray
) -> tuple[BoolArray, FloatArray, FloatArray]:
    """Which values count, each region's known share of the weight, and the contributions.

    Available-case weighting: a region's contributions use the weights of the indicators it
    has, rescaled to sum to one, so they add up to its score.
    """
    has = np.isfinite(normalised) & scored
    weight_known = np.where(has, weights, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        contrib = np.where(has, weights * normalised, np.nan) / weight_known[:, None]
    return has, weight_known, contrib


def _normalise(
    matrix: FloatArray,
    known: BoolArray,
    complete: BoolArray,
    scored: BoolArray,
    types: list[str],
    normalization: Normalization,
) -> FloatArray:
    """Each scored column normalised over the scored regions that know it; NaN elsewhere."""
    normalised = np.full(matrix.shape, np.nan)
    for col in np.flatnonzero(scored):
        rows = known[:, col] & complete
        normalised[rows, col] = calc_normalized(
            matrix[rows, col : col + 1], [types[col]], normalization
        )[:, 0]
    normalised[~complete] = np.nan
    return normalised


def _listed(names: list[str], flags: BoolArray) -> list[str]:
    """Per row, the comma-separated names whose flag is set."""
    return [", ".join(n for n, miss in zip(names, row, strict=True) if miss) for row in flags]


def _add_strengths(
    table: pd.DataFrame, earned: FloatArray, scored_names: list[str], index: pd.Index
) -> None:
    """Each scored region's top strength and weakness: where it earns most and least.

    ``earned`` is the normalised value per scored region (``index``) and indicator, i.e. how
    much of the indicator's weight the region earns; unscored regions get none (NaN).
    """
    top = np.asarray(scored_names)
    table["top_strength"] = pd.Series(top[np.nanargmax(earned, axis=1)], index=index, dtype=object)
    table["top_weakness"] = pd.Series(top[np.nanargmin(earned, axis=1)], index=index, dtype=object)


def _input_hash(
    matrix: FloatArray,
    scheme: ReadinessScheme,
    names: list[str],
    weights: FloatArray,
    types: list[str],
) -> str:
    """SHA-256 of the (transformed) values and of the scheme as applied."""
    digest = hashlib.sha256(np.ascontiguousarray(matrix).tobytes())
    digest.update(
        repr(
            (scheme.name, scheme.version, names, weights.tolist(), types, scheme.min_known)
        ).encode()
    )
    return digest.hexdigest()


def ranked_table(regions: pd.DataFrame, result: ReadinessResult) -> pd.DataFrame:
    """The regions with their scores and contributions, most ready first.

    The table ``replicate rank`` writes and the readiness page reads: one place for its
    layout, whoever computes it (command line or the page's background job).

    Parameters
    ----------
    regions : pandas.DataFrame
        Index = region code; the indicator table that was scored.
    result : ReadinessResult
        From :func:`score_readiness` on ``regions``.

    Returns
    -------
    pandas.DataFrame
        ``regions`` joined to ``result.table`` (score, rank, missing, not_known, …) and to the
        contributions as ``contrib_<indicator>``, sorted by rank (unscored regions last).

    """
    contributions = result.contributions.add_prefix("contrib_")
    return regions.join(result.table).join(contributions).sort_values(["rank", "score"])
