"""Multi-criteria decision analysis: AHP weights, normalisations, WSM, TOPSIS, sensitivity.

Pure numpy; every function takes plain arrays and returns a frozen ``…Result`` that records its
parameters (and a SHA-256 of its inputs) for provenance.
"""

from microparks.core.mcda._common import MCDAInputError
from microparks.core.mcda.ahp import (
    RANDOM_INDEX,
    AHPResult,
    InconsistentJudgementsError,
    Judgement,
    PairwiseMatrixError,
    calc_ahp_weights,
    check_pairwise_matrix,
)
from microparks.core.mcda.normalize import NORMALIZATIONS, Normalization, calc_normalized
from microparks.core.mcda.rank import (
    METHODS,
    ContributionResult,
    Method,
    RankingResult,
    calc_contributions,
    score_alternatives,
    score_topsis,
    score_wsm,
)
from microparks.core.mcda.sensitivity import (
    StabilityResult,
    TopFlipResult,
    WeightFlip,
    calc_rank_stability,
    calc_top_flip,
)

__all__ = [
    "METHODS",
    "NORMALIZATIONS",
    "RANDOM_INDEX",
    "AHPResult",
    "ContributionResult",
    "InconsistentJudgementsError",
    "Judgement",
    "MCDAInputError",
    "Method",
    "Normalization",
    "PairwiseMatrixError",
    "RankingResult",
    "StabilityResult",
    "TopFlipResult",
    "WeightFlip",
    "calc_ahp_weights",
    "calc_contributions",
    "calc_normalized",
    "calc_rank_stability",
    "calc_top_flip",
    "check_pairwise_matrix",
    "score_alternatives",
    "score_topsis",
    "score_wsm",
]
