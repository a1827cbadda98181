"""Impact: input–output multipliers, park impact net of additionality, programme cost–benefit."""

from microparks.core.impact.concordance import (
    Concordance,
    ConcordanceError,
    calc_sector_totals,
    check_concordance,
)
from microparks.core.impact.costbenefit import (
    SPENDING_CATEGORIES,
    CostBenefitResult,
    calc_cost_benefit,
)
from microparks.core.impact.iomath import (
    LeontiefSolver,
    UnproductiveTableError,
    calc_A,
    calc_B,
    calc_closed_A,
    calc_D,
    calc_industry_A,
    calc_L,
    calc_linkages,
    calc_spectral_radius,
    check_productive,
    factor_leontief,
)
from microparks.core.impact.multipliers import (
    MULTIPLIER_COLUMNS,
    MultiplierResult,
    calc_multipliers,
    calc_simple_multipliers,
)
from microparks.core.impact.park import (
    MEASURES,
    AdditionalityRanges,
    ImpactResult,
    ShareRange,
    calc_park_impact,
    check_additionality,
)

__all__ = [
    "MEASURES",
    "MULTIPLIER_COLUMNS",
    "SPENDING_CATEGORIES",
    "AdditionalityRanges",
    "Concordance",
    "ConcordanceError",
    "CostBenefitResult",
    "ImpactResult",
    "LeontiefSolver",
    "MultiplierResult",
    "ShareRange",
    "UnproductiveTableError",
    "calc_A",
    "calc_B",
    "calc_D",
    "calc_L",
    "calc_closed_A",
    "calc_cost_benefit",
    "calc_industry_A",
    "calc_linkages",
    "calc_multipliers",
    "calc_park_impact",
    "calc_sector_totals",
    "calc_simple_multipliers",
    "calc_spectral_radius",
    "check_additionality",
    "check_concordance",
    "check_productive",
    "factor_leontief",
]
