"""Replicability: readiness of regions for the micro-park model, peers and scenarios."""

from microparks.core.replicability.distance import EARTH_RADIUS_KM, calc_nearest_distance_km
from microparks.core.replicability.peers import PeerResult, rank_peers
from microparks.core.replicability.readiness import (
    Indicator,
    ReadinessResult,
    ReadinessScheme,
    SchemeError,
    check_scheme,
    ranked_table,
    score_readiness,
)
from microparks.core.replicability.relatedness import calc_hosted_relatedness
from microparks.core.replicability.scenario import ScenarioResult, calc_scenario

__all__ = [
    "EARTH_RADIUS_KM",
    "Indicator",
    "PeerResult",
    "ReadinessResult",
    "ReadinessScheme",
    "ScenarioResult",
    "SchemeError",
    "calc_hosted_relatedness",
    "calc_nearest_distance_km",
    "calc_scenario",
    "check_scheme",
    "rank_peers",
    "ranked_table",
    "score_readiness",
]
