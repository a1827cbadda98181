"""Industry targeting: specialisation, relatedness, complexity and shift-share."""

from microparks.core.targeting.complexity import calc_reflections
from microparks.core.targeting.indices import (
    ComplexityResult,
    TargetingWarning,
    calc_complexity,
)
from microparks.core.targeting.panel import (
    OUTPUT_COLUMNS,
    ComplexityPanelResult,
    calc_complexity_panel,
)
from microparks.core.targeting.relatedness import calc_density, calc_proximity
from microparks.core.targeting.score import (
    Exclusion,
    ScoreInputError,
    ScoreWeights,
    exclusions_from_rule_set,
    score_industries,
)
from microparks.core.targeting.shiftshare import (
    ShiftShareResult,
    calc_shift_share,
    calc_shift_share_panel,
    map_industries,
)
from microparks.core.targeting.specialisation import calc_lq, calc_presence
from microparks.core.targeting.tradable import (
    is_sections_only,
    non_tradable_exclusion,
    non_tradable_flags,
)

__all__ = [
    "OUTPUT_COLUMNS",
    "ComplexityPanelResult",
    "ComplexityResult",
    "Exclusion",
    "ScoreInputError",
    "ScoreWeights",
    "ShiftShareResult",
    "TargetingWarning",
    "calc_complexity",
    "calc_complexity_panel",
    "calc_density",
    "calc_lq",
    "calc_presence",
    "calc_proximity",
    "calc_reflections",
    "calc_shift_share",
    "calc_shift_share_panel",
    "exclusions_from_rule_set",
    "is_sections_only",
    "map_industries",
    "non_tradable_exclusion",
    "non_tradable_flags",
    "score_industries",
]
