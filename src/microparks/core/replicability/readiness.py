"""Readiness of regions for the micro-park model: a weighted score with explanations.

Each indicator has a weight and a direction (benefit: more is better; cost: less is better). The
indicators of regions with complete data are normalised column by column and combined by the
weighted sum model of :mod:`microparks.core.mcda` (``score_wsm`` / ``calc_contributions``), so
each region's score is the sum of its indicator contributions. A region missing an indicator
gets no score and the missing indicators are listed — never a silent zero.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from microparks.core.mcda import NORMALIZATIONS, Normalization, calc_contributions, score_wsm

__all__ = [
    "Indicator",
    "ReadinessResult",
    "ReadinessScheme",
    "SchemeError",
    "check_scheme",
    "score_readiness",
]


class SchemeError(ValueError):
    """A readiness scheme is malformed or does not fit the regions' data."""


@dataclass(frozen=True)
class Indicator:
    """One indicator of a readiness scheme."""

    name: str
    weight: float
    direction: str  # "benefit" or "cost"
    label: str
    optional: bool = False
    transform: str = "none"  # "none" or "log" (log1p, for heavy-tailed counts)


@dataclass(frozen=True)
class ReadinessScheme:
    """Indicators with weights and directions, normalisation and the peer indicators."""

    name: str
    version: str
    indicators: tuple[Indicator, ...]
    normalization: Normalization
    peer_indicators: tuple[str, ...]
    eligibility: tuple[tuple[str, float, float], ...] = ()


def check_scheme(data: Mapping[str, Any]) -> ReadinessScheme:
    """Validate a parsed scheme (YAML mapping, see ``schemes/*.yaml``).

    Parameters
    ----------
    data : mapping
        ``name``, ``version``, ``normalization`` (default ``minmax``), ``indicators``
        (name → ``weight``, ``direction``, optional ``label``, ``optional`` and ``transform``;
        ``log`` applies log(1 + x) before normalising, for heavy-tailed counts) and optionally
        ``peers.indicators`` and ``eligibility`` (column → ``min``/``max``: regions outside
        are not scored, e.g. development zones with a few thousand residents).

    Returns
    -------
    ReadinessScheme

    Raises
    ------
    SchemeError

    """
    raw = data.get("indicators")
    if not isinstance(raw, Mapping) or not raw:
        raise SchemeError("a scheme needs a non-empty 'indicators' mapping")
    indicators = []
    for name, spec in raw.items():
        if not isinstance(spec, Mapping):
            raise SchemeError(f"indicator {name!r}: expected weight and direction")
        try:
            weight = float(spec["weight"])
        except (KeyError, TypeError, ValueError) as exc:
            raise SchemeError(f"indicator {name!r}: weight must be a number") from exc
        direction = str(spec.get("direction", "benefit"))
        transform = str(spec.get("transform", "none"))
        if transform not in ("none", "log"):
            raise SchemeError(f"indicator {name!r}: transform must be none or log")
        if direction not in ("benefit", "cost") or not np.isfinite(weight) or weight < 0:
            raise SchemeError(f"indicator {name!r}: need weight >= 0 and direction benefit|cost")
        indicators.append(
            Indicator(
                str(name),
                weight,
                direction,
                str(spec.get("label", name)),
                bool(spec.get("optional")),
                transform,
            )
        )
    if sum(i.weight for i in indicators) <= 0:
        raise SchemeError("the weights sum to zero")
    norm = str(data.get("normalization", "minmax"))
    if norm not in NORMALIZATIONS or norm == "none":
        raise SchemeError(f"unknown normalization {norm!r}")
    peers = data.get("peers", {}) or {}
    peer_names = tuple(str(p) for p in peers.get("indicators", [i.name for i in indicators]))
    eligibility = []
    for column, bounds in (data.get("eligibility") or {}).items():
        try:
            lo = float(bounds.get("min", -np.inf))
            hi = float(bounds.get("max", np.inf))
        except (AttributeError, TypeError, ValueError) as exc:
            raise SchemeError(f"eligibility {column!r}: expected numeric min and/or max") from exc
        eligibility.append((str(column), lo, hi))
    return ReadinessScheme(
        eligibility=tuple(eligibility),
        name=str(data.get("name", "")),
        version=str(data.get("version", "")),
        indicators=tuple(indicators),
        normalization=norm,  # type: ignore[arg-type]  # checked against NORMALIZATIONS above
        peer_indicators=peer_names,
    )


@dataclass(frozen=True)
class ReadinessResult:
    """Scores, ranks and explanations.

    Attributes
    ----------
    table : pandas.DataFrame
        Index = region; ``score`` (0–1, NaN when incomplete or not eligible), ``rank``
        (1 = most ready), ``missing`` (comma-separated missing indicators, "" when complete),
        ``not_eligible`` (the failed eligibility rule, "" when eligible), ``top_strength`` and
        ``top_weakness`` (indicators with the largest and smallest contribution).
    contributions : pandas.DataFrame
        Index = region (complete ones), one column per indicator: weight × normalised value;
        rows sum to ``score``.
    scheme : ReadinessScheme
    used : tuple of str
        Indicators used (optional indicators absent from the data are dropped).
    dropped : tuple of str
        Optional indicators absent from the data.
    input_hash : str

    """

    table: pd.DataFrame
    contributions: pd.DataFrame
    scheme: ReadinessScheme
    used: tuple[str, ...]
    dropped: tuple[str, ...]
    input_hash: str


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
    absent = [i for i in scheme.indicators if i.name not in regions.columns]
    required = [i.name for i in absent if not i.optional]
    if required:
        raise SchemeError(f"indicator column(s) absent from the regions' data: {required}")
    used = [i for i in scheme.indicators if i.name in regions.columns]
    names = [i.name for i in used]
    values = regions[names].apply(pd.to_numeric, errors="coerce").astype(np.float64)
    matrix = np.array(values.to_numpy(), dtype=np.float64, copy=True)
    for j, ind in enumerate(used):
        if ind.transform == "log":
            with np.errstate(invalid="ignore", divide="ignore"):
                matrix[:, j] = np.where(matrix[:, j] >= 0, np.log1p(matrix[:, j]), np.nan)
    isnan = ~np.isfinite(matrix)
    not_eligible = np.full(len(regions), "", dtype=object)
    for column, lo, hi in scheme.eligibility:
        if column not in regions.columns:
            raise SchemeError(f"eligibility column {column!r} is absent from the regions' data")
        v = pd.to_numeric(regions[column], errors="coerce").to_numpy(np.float64)
        fails = ~((v >= lo) & (v <= hi)) & (not_eligible == "")
        not_eligible[fails] = f"{column} outside [{lo:g}, {hi:g}]"
    complete = ~isnan.any(axis=1) & (not_eligible == "")
    if not complete.any():
        raise SchemeError("no eligible region has all the indicators")
    weights = np.array([i.weight for i in used])
    types = [i.direction for i in used]
    ranking = score_wsm(
        matrix[complete], weights, types, normalization=scheme.normalization, criteria=names
    )
    contrib = calc_contributions(
        "wsm", matrix[complete], weights, types, normalization=scheme.normalization, criteria=names
    ).weighted
    index = regions.index
    score = np.full(len(index), np.nan)
    score[complete] = ranking.scores
    missing = [", ".join(n for n, miss in zip(names, row, strict=True) if miss) for row in isnan]
    contributions = pd.DataFrame(contrib, index=index[complete], columns=names)
    table = pd.DataFrame(
        {"score": score, "missing": missing, "not_eligible": not_eligible}, index=index
    )
    table["rank"] = table["score"].rank(ascending=False, method="min").astype("Int64")
    # Strength/weakness relative to the indicator's weight: how much of it the region earns.
    share = contributions.to_numpy() / (weights / weights.sum())
    table["top_strength"] = pd.Series(
        np.asarray(names)[share.argmax(axis=1)], index=index[complete]
    )
    table["top_weakness"] = pd.Series(
        np.asarray(names)[share.argmin(axis=1)], index=index[complete]
    )
    digest = hashlib.sha256(np.ascontiguousarray(matrix).tobytes())
    digest.update(repr((scheme.name, scheme.version, names, weights.tolist(), types)).encode())
    return ReadinessResult(
        table=table,
        contributions=contributions,
        scheme=scheme,
        used=tuple(names),
        dropped=tuple(i.name for i in absent),
        input_hash=digest.hexdigest(),
    )
