"""Replicability: readiness of regions for the micro-park model, peers and scenarios."""

from microparks.core.replicability.distance import EARTH_RADIUS_KM, calc_nearest_distance_km
from microparks.core.replicability.peers import PeerError, PeerResult, UnknownPeerError, rank_peers
from microparks.core.replicability.readiness import ReadinessResult, ranked_table, score_readiness
from microparks.core.replicability.relatedness import calc_hosted_relatedness
from microparks.core.replicability.scenario import ScenarioError, ScenarioResult, calc_scenario
from microparks.core.replicability.scheme import (
    Indicator,
    ReadinessScheme,
    SchemeError,
    check_scheme,
    eligibility_message,
    eligibility_reason,
)

__all__ = [
    "EARTH_RADIUS_KM",
    "Indicator",
    "PeerError",
    "PeerResult",
    "ReadinessResult",
    "ReadinessScheme",
    "ScenarioError",
    "ScenarioResult",
    "SchemeError",
    "UnknownPeerError",
    "calc_hosted_relatedness",
    "calc_nearest_distance_km",
    "calc_scenario",
    "check_scheme",
    "eligibility_message",
    "eligibility_reason",
    "rank_peers",
    "ranked_table",
    "score_readiness",
]
