"""Per-mu (亩均) evaluation: indicators, versioned scoring schemes, classes and policies."""

from microparks.core.evaluation.classes import calc_not_evaluated, calc_quota_counts, grade_firms
from microparks.core.evaluation.evaluate import (
    FLAGS,
    OPTIONAL,
    EvaluationResult,
    calc_inputs_hash,
    evaluate_firms,
)
from microparks.core.evaluation.indicators import (
    INDICATORS,
    INPUTS,
    Indicator,
    IndicatorInputError,
    calc_emissions_t,
    calc_indicators,
)
from microparks.core.evaluation.parks import (
    LOW_EFFICIENCY_SHARE,
    PARK_TIERS,
    ParkFigures,
    calc_low_efficiency,
    calc_park_figures,
    grade_tiers,
)
from microparks.core.evaluation.policies import POLICY_COLUMNS, calc_policy_terms
from microparks.core.evaluation.schemes import (
    CLASSES,
    NOT_EVALUATED,
    BenchmarkRule,
    ClassRule,
    Group,
    Item,
    Policy,
    Scheme,
)
from microparks.core.evaluation.scoring import (
    BenchmarkError,
    Benchmarks,
    ScoreResult,
    assign_groups,
    score_firms,
)

__all__ = [
    "CLASSES",
    "FLAGS",
    "INDICATORS",
    "INPUTS",
    "LOW_EFFICIENCY_SHARE",
    "NOT_EVALUATED",
    "OPTIONAL",
    "PARK_TIERS",
    "POLICY_COLUMNS",
    "BenchmarkError",
    "BenchmarkRule",
    "Benchmarks",
    "ClassRule",
    "EvaluationResult",
    "Group",
    "Indicator",
    "IndicatorInputError",
    "Item",
    "ParkFigures",
    "Policy",
    "Scheme",
    "ScoreResult",
    "assign_groups",
    "calc_emissions_t",
    "calc_indicators",
    "calc_inputs_hash",
    "calc_low_efficiency",
    "calc_not_evaluated",
    "calc_park_figures",
    "calc_policy_terms",
    "calc_quota_counts",
    "evaluate_firms",
    "grade_firms",
    "grade_tiers",
    "score_firms",
]
