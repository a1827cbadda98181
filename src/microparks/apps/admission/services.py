"""Use cases of the admission gate: which rules apply, and running the gate.

The rules are rules documents of kind ``admission``; which version applies to a prospect is the
most specific one in effect for its target park (else its county). Versions are written,
activated and retired on the Rules pages (:mod:`microparks.apps.rules`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from microparks.apps.admission.models import Decision, Declaration
from microparks.apps.base import CHANGE
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.core.admission import Decision as CoreDecision
from microparks.core.admission import (
    IndustryTree,
    Project,
    evaluate_admission,
)
from microparks.core.admission import RuleSet as CoreRuleSet
from microparks.io.admission import read_industry_tree


@lru_cache(maxsize=1)
def industry_tree() -> IndustryTree:
    """The GB/T 4754 hierarchy shipped with the platform."""
    return read_industry_tree()


def rules_for(prospect: Any) -> tuple[RulesDocument, CoreRuleSet]:
    """The rules that apply to ``prospect``: in effect for its target park, else its county.

    Raises
    ------
    ValidationError
        If no version of the admission rules is in effect there.

    """
    park = prospect.target_park if prospect.target_park_id is not None else None
    try:
        document = rules.in_effect("admission", region=prospect.region, park=park)
    except rules.NoDocumentError as exc:
        raise ValidationError(str(exc)) from None
    parsed: CoreRuleSet = rules.parse(document)
    return document, parsed


def site_sensitivity_of(prospect: Any) -> str | None:
    """The EIA sensitivity of the prospect's chosen site, when it has one that was assessed."""
    site = prospect.target_site if prospect.target_site_id is not None else None
    return (site.eia_sensitivity or None) if site is not None else None


def project_for(prospect: Any) -> Project:
    """The gate's view of ``prospect``: pipeline data plus its declaration.

    The site sensitivity is the chosen site's (an assessed fact of the site) where there is
    one, else what the declaration states, else the rule set's default.
    """
    declared = (
        Declaration.objects.filter(prospect=prospect).first() if prospect.pk is not None else None
    )
    codes = [prospect.industry.code]
    site = site_sensitivity_of(prospect)
    if declared is None:
        return Project(
            prospect.name,
            tuple(codes),
            annual_energy_tce=prospect.annual_energy_tce,
            site_sensitivity=site,
        )
    codes += [c for c in declared.extra_industry_codes if c not in codes]
    return Project(
        name=prospect.name,
        industry_codes=tuple(codes),
        annual_energy_tce=prospect.annual_energy_tce,
        annual_electricity_kwh=declared.annual_electricity_kwh,
        output_cny=declared.output_cny,
        water_m3=declared.water_m3,
        emissions_t={k: v for k, v in declared.emissions().items() if v is not None},
        processes=_names(declared.processes),
        materials=_names(declared.materials),
        hazardous_chemicals_t=declared.hazardous_chemicals_t,
        site_sensitivity=site or declared.site_sensitivity or None,
    )


def inputs_hash(prospect: Any, project: Project | None = None) -> str:
    """SHA-256 of what the gate decides on: the project, and whether a site was chosen.

    A chosen site makes its sensitivity required (see :func:`decide`), so choosing one changes
    the inputs even while its sensitivity is not assessed.
    """
    digest = (project or project_for(prospect)).input_hash()
    if prospect.target_site_id is None:
        return digest
    return hashlib.sha256(f"{digest}|site-chosen".encode()).hexdigest()


def _names(value: list[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(dict.fromkeys(v.strip().lower() for v in value))


def positioning_of(prospect: Any) -> list[str] | None:
    """The target park's positioning codes (``None`` without a park)."""
    if prospect.target_park_id is None:
        return None
    return list(prospect.target_park.positioning.values_list("code", flat=True))


def run_admission(prospect: Any, user: Any) -> Decision:
    """Run the gate for ``prospect`` on behalf of ``user`` and store the decision.

    Raises
    ------
    PermissionDenied
        If ``user`` may not change the prospect.
    ValidationError
        If the prospect's data cannot be evaluated (e.g. an unknown site class).

    """
    model = type(prospect)
    if not model.objects.restrict(user, CHANGE).filter(pk=prospect.pk).exists():
        raise PermissionDenied(_("Your role may not change this."))
    return decide(prospect, user if getattr(user, "is_authenticated", False) else None)


def decide(prospect: Any, decided_by: Any = None) -> Decision:
    """Evaluate ``prospect`` against the rules that apply and store the decision.

    No permission check: :func:`run_admission` is the entry point for users.
    """
    document, project, decision = evaluate(prospect)
    return Decision.objects.create(
        prospect=prospect,
        rules=document,
        rule_set_name=document.name,
        rule_set_version=str(document.version),
        outcome=decision.outcome,
        result=decision.as_dict(),
        inputs=project.as_dict(),
        inputs_hash=inputs_hash(prospect, project),
        decided_by=decided_by,
    )


def evaluate(prospect: Any) -> tuple[RulesDocument, Project, CoreDecision]:
    """The gate's answer for ``prospect`` as it stands (saved or not), without storing it.

    Raises
    ------
    ValidationError
        If no rules are in effect, or the prospect's data cannot be evaluated.

    """
    document, rule_set = rules_for(prospect)
    project = project_for(prospect)
    try:
        decision = evaluate_admission(
            project,
            rule_set,
            industry_tree(),
            positioning=positioning_of(prospect),
            # a chosen site whose sensitivity nobody assessed is missing data, not "general"
            require_site=prospect.target_site_id is not None,
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    return document, project, decision


def latest_decision(prospect: Any) -> Decision | None:
    """The prospect's most recent decision."""
    return Decision.objects.filter(prospect=prospect).first()


def is_current(decision: Decision, prospect: Any) -> bool:
    """Whether ``decision`` was made on the prospect's present data."""
    return decision.inputs_hash == inputs_hash(prospect)
