"""Site suitability: value functions, spatial criteria, hard vetoes, schemes and scores.

Core functions take arrays (:func:`score_suitability`); :func:`run_suitability` is the thin
adapter from GeoDataFrames. Schemes are rules documents of kind ``suitability``, read and
checked by :mod:`microparks.io.rules.suitability`.
"""

from microparks.core.suitability.criteria import (
    KINDS,
    TRANSFORMS,
    CriterionError,
    Transform,
    calc_utility,
)
from microparks.core.suitability.labour import (
    LABOUR_SHED,
    RoadSpeedError,
    calc_labour_within,
    calc_road_speeds,
)
from microparks.core.suitability.pipeline import (
    MissingLayerError,
    calc_criteria_values,
    calc_veto_masks,
    metric_crs,
    run_suitability,
)
from microparks.core.suitability.scheme import SOURCES, Criterion, Scheme, Veto
from microparks.core.suitability.score import (
    SuitabilityInputError,
    SuitabilityResult,
    calc_utilities,
    score_suitability,
)
from microparks.core.suitability.spatial import calc_catchment, calc_nearest_distance, calc_within

__all__ = [
    "KINDS",
    "LABOUR_SHED",
    "SOURCES",
    "TRANSFORMS",
    "Criterion",
    "CriterionError",
    "MissingLayerError",
    "RoadSpeedError",
    "Scheme",
    "SuitabilityInputError",
    "SuitabilityResult",
    "Transform",
    "Veto",
    "calc_catchment",
    "calc_criteria_values",
    "calc_labour_within",
    "calc_nearest_distance",
    "calc_road_speeds",
    "calc_utilities",
    "calc_utility",
    "calc_veto_masks",
    "calc_within",
    "metric_crs",
    "run_suitability",
    "score_suitability",
]
