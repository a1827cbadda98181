"""Rural labour: the road graph and the labour shed (labour reachable within minutes of a site)."""

from microparks.core.labour.graph import (
    DEFAULT_SNAP_M,
    RoadGraph,
    RoadGraphError,
    build_road_graph,
    calc_minutes,
)
from microparks.core.labour.shed import (
    DEFAULT_ACCESS_SPEED_KMH,
    ShedError,
    ShedResult,
    calc_labour_shed,
    snap_to_network,
)
from microparks.core.labour.speeds import ROAD_CLASS_SPEEDS_KMH, speed_of_class

__all__ = [
    "DEFAULT_ACCESS_SPEED_KMH",
    "DEFAULT_SNAP_M",
    "ROAD_CLASS_SPEEDS_KMH",
    "RoadGraph",
    "RoadGraphError",
    "ShedError",
    "ShedResult",
    "build_road_graph",
    "calc_labour_shed",
    "calc_minutes",
    "snap_to_network",
    "speed_of_class",
]
