"""Evaluate a project against an admission rule set: a decision with the rules that fired.

The decision is the strictest outcome of the rules that fired, in the order
``admit < admit_with_conditions < refer < reject``. Every fired rule records its id, the rule
set's version, the value that triggered it and the limit it crossed. A rule that cannot be
evaluated because the project did not declare a value adds that field to ``missing``; any
missing field refers the project (a missing value is never read as zero, so it can never lead
to ``admit``), unless another rule already rejects it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from microparks.core.admission import limits
from microparks.core.admission.decision import MISSING_RULE_ID, Decision, FiredRule
from microparks.core.admission.industry import IndustryTree, UnknownIndustryError
from microparks.core.admission.project import Project, ProjectInputError
from microparks.core.admission.ruleset import (
    OUTCOMES,
    SEVERITY,
    CodeRule,
    EiaRules,
    EnergyRules,
    RuleSet,
)


def evaluate_admission(
    project: Project,
    rules: RuleSet,
    tree: IndustryTree,
    *,
    site_sensitivity: str | None = None,
    positioning: Collection[str] | None = None,
    require_site: bool = False,
) -> Decision:
    """Decide whether ``project`` may enter a park governed by ``rules``.

    Parameters
    ----------
    project
        The project's declared data.
    rules
        The park's rule set.
    tree
        The GB/T 4754 hierarchy; a rule listing a code covers every code below it.
    site_sensitivity
        The chosen site's sensitivity class; overrides the project's own, and defaults to the
        rule set's ``eia.default_site``.
    positioning
        The park's target industries; overrides the codes in the rule set's positioning rule.
    require_site
        Whether the site's class must be known (a site was chosen): without one,
        ``site_sensitivity`` is missing data and refers the project, instead of the default.

    Raises
    ------
    UnknownIndustryError
        For a project industry code that GB/T 4754 does not hold.
    ProjectInputError
        For a site class that the rule set does not define.

    """
    for code in project.industry_codes:
        if code not in tree:
            raise UnknownIndustryError(code, "industry_codes")
    v = rules.version
    fired = _code_rules(project, rules.negative_list, tree, v, "negative_list")
    fired += _code_rules(project, rules.two_high, tree, v, "two_high")
    missing: list[str] = []
    eia_category, site = None, None
    if rules.eia is not None:
        site, needed = _site(project, rules.eia, site_sensitivity, require_site)
        missing += needed
        eia_category, eia_rules = _eia(project, rules.eia, tree, site, v)
        fired += eia_rules
    energy_tier = None
    if rules.energy is not None:
        energy_tier, energy_rules, needed = _energy(project, rules.energy, v)
        fired += energy_rules
        missing += needed
    for step in (limits.caps, limits.prohibitions):
        step_fired, needed = step(project, rules)
        fired += step_fired
        missing += needed
    fired += limits.positioning(project, rules, tree, positioning)
    return _decide(project, rules, fired, missing, eia_category, energy_tier, site)


def _decide(
    project: Project,
    rules: RuleSet,
    fired: list[FiredRule],
    missing: list[str],
    eia_category: str | None,
    energy_tier: str | None,
    site: str | None,
) -> Decision:
    """The strictest outcome of the fired rules, missing data counting as a ``refer`` rule."""
    missing = list(dict.fromkeys(missing))
    if missing:
        fired = [
            *fired,
            FiredRule(
                MISSING_RULE_ID,
                "missing_data",
                "refer",
                rules.version,
                missing,
                None,
                f"data needed before a decision: {', '.join(missing)}",
                message_id="missing_data",
                params={"fields": ", ".join(missing)},
            ),
        ]
    outcome = max((f.outcome for f in fired), key=SEVERITY.__getitem__, default=OUTCOMES[0])
    return Decision(
        outcome=outcome,
        rule_set=rules.name,
        rule_set_version=rules.version,
        fired=tuple(fired),
        conditions=_notes(fired, "admit_with_conditions"),
        referrals=_notes(fired, "refer"),
        missing=tuple(missing),
        eia_category=eia_category,
        energy_tier=energy_tier,
        site_sensitivity=site,
        input_hash=project.input_hash(),
    )


def _zh(**names: str) -> dict[str, str]:
    """The Chinese params the rule set gives (empty names left out)."""
    return {k: v for k, v in names.items() if v}


def _notes(fired: Iterable[FiredRule], outcome: str) -> tuple[str, ...]:
    """The distinct notes (or messages) of the rules that fired with ``outcome``."""
    return tuple(dict.fromkeys(f.note or f.message for f in fired if f.outcome == outcome))


def _code_rules(
    project: Project, rules: Iterable[CodeRule], tree: IndustryTree, version: str, kind: str
) -> list[FiredRule]:
    """The code rules (negative list or 两高 sectors) covering a project code, one per rule."""
    out = []
    for rule in rules:
        for code in project.industry_codes:
            hit = tree.first_match(code, rule.codes)
            if hit is not None:
                label = "on the negative list" if kind == "negative_list" else "a 两高 sector"
                out.append(
                    FiredRule(
                        rule.id,
                        kind,
                        rule.outcome,
                        version,
                        code,
                        hit,
                        f"industry {code} is {label} ({rule.name or rule.id}, listed as {hit})",
                        rule.note,
                        rule.source,
                        rule.note_zh,
                        kind,
                        {"code": code, "rule": rule.name or rule.id, "hit": hit},
                        _zh(rule=rule.name_zh),
                    )
                )
                break
    return out


def _eia(
    project: Project, eia: EiaRules, tree: IndustryTree, site: str, version: str
) -> tuple[str, list[FiredRule]]:
    """The EIA category: per code the most specific entry, the strictest over the codes.

    Every code that reaches the strictest category is reported (sorted), so the decision does
    not depend on the order the codes were given in.
    """
    by_code = {c: e for e in eia.entries for c in e.codes}
    ranked = []
    for code in sorted(project.industry_codes):
        hit = tree.first_match(code, by_code)
        entry = by_code[hit] if hit is not None else None
        ranked.append((eia.rank(entry.category if entry else eia.default_category), code, entry))
    best = max(r for r, _, _ in ranked)
    top = len(eia.categories) - 1
    site_class = eia.site_class(site)
    rank = min(best + (site_class.steps if site_class is not None else 0), top)
    category = eia.categories[rank]
    if category.outcome == "admit":
        return category.code, []
    base = eia.categories[best].code
    raised = f", raised from {base} on a {site} site" if rank != best else ""
    params = {"category": category.name or category.code, "category_code": category.code}
    params_zh = _zh(category=category.name_zh)
    if rank != best:
        params |= {"base": eia.categories[best].name or base, "base_code": base, "site": site}
        params_zh |= _zh(
            base=eia.categories[best].name_zh,
            site=site_class.name_zh if site_class is not None else "",
        )
    rules = []
    for _, code, entry in (r for r in ranked if r[0] == best):
        rules.append(
            FiredRule(
                entry.id if entry is not None else eia.id,
                "eia",
                category.outcome,
                version,
                code,
                category.code,
                f"industry {code} needs an EIA {category.name or category.code}{raised}",
                category.note,
                eia.source,
                category.note_zh,
                "eia_raised" if rank != best else "eia",
                {"code": code, **params},
                params_zh,
            )
        )
    return category.code, rules


def _energy(
    project: Project, energy: EnergyRules, version: str
) -> tuple[str | None, list[FiredRule], list[str]]:
    """The energy-review tier (strictest reached), its rule, and the fields needed to decide it.

    Reaching a tier whose outcome is ``admit`` names the tier but fires no rule.
    """
    tce, kwh = project.annual_energy_tce, project.annual_electricity_kwh
    needed: list[str] = []
    for tier in energy.tiers:
        if tier.min_tce is not None and tce is not None and tce >= tier.min_tce:
            value, limit, unit = tce, tier.min_tce, "tce"
        elif tier.min_kwh is not None and kwh is not None and kwh >= tier.min_kwh:
            value, limit, unit = kwh, tier.min_kwh, "kWh"
        else:
            # Not reached on what is known; undecided if a threshold's value is missing.
            if tier.min_tce is not None and tce is None:
                needed.append("annual_energy_tce")
            if tier.min_kwh is not None and kwh is None:
                needed.append("annual_electricity_kwh")
            continue
        rule = FiredRule(
            tier.id,
            "energy_review",
            tier.outcome,
            version,
            value,
            limit,
            f"annual energy use {value:,.0f} {unit} reaches the {tier.name or tier.id} "
            f"threshold of {limit:,.0f} {unit}",
            tier.note,
            energy.source,
            tier.note_zh,
            "energy_review",
            {
                "value": f"{value:,.0f}",
                "unit": unit,
                "tier": tier.name or tier.id,
                "limit": f"{limit:,.0f}",
            },
            _zh(tier=tier.name_zh),
        )
        return tier.name or tier.id, ([] if tier.outcome == "admit" else [rule]), needed
    return (None if needed else "exempt"), [], needed


def _site(
    project: Project, eia: EiaRules, site_sensitivity: str | None, require_site: bool
) -> tuple[str, list[str]]:
    """The site class the EIA rules apply to, and ``site_sensitivity`` if it must be known.

    A site argument overrides the project's own class; without either the rule set's default
    applies, unless a chosen site is required (then the class is missing data).
    """
    needed = []
    if require_site and not (site_sensitivity or project.site_sensitivity):
        needed.append("site_sensitivity")
    site = site_sensitivity or project.site_sensitivity or eia.default_site
    if eia.site_class(site) is None:
        known = ", ".join(eia.site_classes)
        raise ProjectInputError([f"site_sensitivity: unknown site class {site!r} ({known})"])
    return site, needed
