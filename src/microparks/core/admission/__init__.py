"""The admission gate (准入审查): versioned rule sets evaluated over a project's data.

Rule kinds: industry negative list, 两高 sectors, EIA category (with site sensitivity),
energy-review tier, caps on intensities and emissions, prohibited processes and materials, and
the park's positioning. See ``docs/methods/admission.md``.
"""

from microparks.core.admission.decision import MESSAGE_IDS, Decision, FiredRule
from microparks.core.admission.evaluate import evaluate_admission
from microparks.core.admission.industry import IndustryTree, UnknownIndustryError
from microparks.core.admission.project import Project, ProjectInputError, parse_project
from microparks.core.admission.ruleset import (
    ANY_SENSITIVE,
    DEFAULT_OVERRIDE_ROLES,
    GENERAL_SITE,
    INDICATORS,
    LANGUAGES,
    OUTCOMES,
    OVERRIDE_ROLE_NAMES,
    POLLUTANTS,
    SENSITIVE_AREAS,
    SEVERITY,
    Outcome,
    RuleSet,
    SiteClass,
)

__all__ = [
    "ANY_SENSITIVE",
    "DEFAULT_OVERRIDE_ROLES",
    "GENERAL_SITE",
    "INDICATORS",
    "LANGUAGES",
    "MESSAGE_IDS",
    "OUTCOMES",
    "OVERRIDE_ROLE_NAMES",
    "POLLUTANTS",
    "SENSITIVE_AREAS",
    "SEVERITY",
    "Decision",
    "FiredRule",
    "IndustryTree",
    "Outcome",
    "Project",
    "ProjectInputError",
    "RuleSet",
    "SiteClass",
    "UnknownIndustryError",
    "evaluate_admission",
    "parse_project",
]
