"""Weight sets: the matching cost (with its scales) and the industry-targeting score.

Both are weights over a fixed list of components that must sum to 1 (an official sees the
shares as percentages); a component left out weighs 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from microparks.core.matching import COMPONENTS as MATCH_COMPONENTS
from microparks.core.matching import MatchWeights
from microparks.core.targeting.score import COMPONENTS as TARGETING_COMPONENTS
from microparks.core.targeting.score import ScoreWeights
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

WEIGHT_TOLERANCE = 1e-3


def _weights(r: Reader, raw: Any, components: tuple[str, ...]) -> dict[str, float]:
    given = r.mapping(raw, "weights", components) if raw is not None else {}
    if raw is None:
        r.fail("weights", m.MISSING)
    out = {
        name: r.number(given, name, "weights", required=False, default=0.0) or 0.0
        for name in components
    }
    if given and not r.failed_at("weights"):
        total = sum(out.values())
        if total <= 0:
            r.fail("weights", m.ALL_ZERO)
        else:
            r.weights_sum(total, "weights", 1.0, WEIGHT_TOLERANCE)
    return out


def parse_matching(data: Mapping[str, Any]) -> MatchWeights:
    """Check matching weights and scales; build :class:`~microparks.core.matching.MatchWeights`.

    Raises
    ------
    DocumentError
        Listing every problem with its path.

    """
    r = Reader()
    doc = r.mapping(
        data,
        "",
        ("name", "version", "title", "weights", "distance_scale_m", "commute_radius_m", "missing"),
    )
    weights = _weights(r, doc.get("weights"), MATCH_COMPONENTS)
    scale = r.number(doc, "distance_scale_m", "", required=False, positive=True, default=10_000.0)
    radius = r.number(doc, "commute_radius_m", "", required=False, positive=True, default=15_000.0)
    missing = r.number(doc, "missing", "", required=False, maximum=1.0, default=0.5)
    r.check()
    return MatchWeights(
        version=str(doc.get("version") or ""),
        weights=MappingProxyType(weights),
        distance_scale_m=scale or 10_000.0,
        commute_radius_m=radius or 15_000.0,
        missing=0.5 if missing is None else missing,
    )


def parse_targeting(data: Mapping[str, Any]) -> ScoreWeights:
    """Check targeting-score weights; build :class:`~microparks.core.targeting.ScoreWeights`.

    Raises
    ------
    DocumentError
        Listing every problem with its path.

    """
    r = Reader()
    doc = r.mapping(data, "", ("name", "version", "title", "weights"))
    weights = _weights(r, doc.get("weights"), TARGETING_COMPONENTS)
    r.check()
    return ScoreWeights(weights=weights, version=str(doc.get("version") or ""))
