"""Enterprise–site matching: feasibility, costs, optimal assignment and recommendations."""

from microparks.core.matching.costs import (
    COMPONENTS,
    MatchWeights,
    calc_cost_components,
    calc_labour_pool,
    calc_match_cost,
)
from microparks.core.matching.explain import Unplaced, explain_unplaced
from microparks.core.matching.feasibility import (
    CONDITIONS,
    PROSPECT_COLUMNS,
    SITE_COLUMNS,
    FeasibilityResult,
    MatchingInputError,
    check_table,
    code_matches,
    decode_failures,
    evaluate_feasibility,
    industry_allowed,
)
from microparks.core.matching.recommend import (
    MatchTables,
    build_match_tables,
    recommend_prospects,
    recommend_sites,
    top_k,
)
from microparks.core.matching.solver import (
    AssignmentError,
    AssignmentResult,
    InfeasibleAssignmentError,
    check_assignment,
    solve_assignment,
)

__all__ = [
    "COMPONENTS",
    "CONDITIONS",
    "PROSPECT_COLUMNS",
    "SITE_COLUMNS",
    "AssignmentError",
    "AssignmentResult",
    "FeasibilityResult",
    "InfeasibleAssignmentError",
    "MatchTables",
    "MatchWeights",
    "MatchingInputError",
    "Unplaced",
    "build_match_tables",
    "calc_cost_components",
    "calc_labour_pool",
    "calc_match_cost",
    "check_assignment",
    "check_table",
    "code_matches",
    "decode_failures",
    "evaluate_feasibility",
    "explain_unplaced",
    "industry_allowed",
    "recommend_prospects",
    "recommend_sites",
    "solve_assignment",
    "top_k",
]
