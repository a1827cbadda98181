"""The project's declared figures against the rule set's limits.

Caps, prohibitions, hazardous storage and the park's positioning; each returns the rules that
fired and the fields it could not check.
"""

from __future__ import annotations

from collections.abc import Collection

from microparks.core.admission.decision import FiredRule
from microparks.core.admission.industry import IndustryTree
from microparks.core.admission.project import Project
from microparks.core.admission.ruleset import (
    Prohibition,
    RuleSet,
)
from microparks.core.units import CNY_PER_WAN


def caps(project: Project, rules: RuleSet) -> tuple[list[FiredRule], list[str]]:
    """The intensity and emission caps crossed, and the fields needed to check the others."""
    fired, missing = [], []
    for cap in rules.caps:
        value, needed = _indicator(project, cap.indicator)
        missing += needed
        if value is not None and value > cap.limit:
            fired.append(
                FiredRule(
                    cap.id,
                    "cap",
                    cap.outcome,
                    rules.version,
                    round(value, 6),
                    cap.limit,
                    f"{cap.indicator} {value:.4g} exceeds the cap {cap.limit:g}",
                    cap.note,
                    cap.source,
                    cap.note_zh,
                    "cap",
                    {
                        "indicator": cap.indicator,
                        "value": f"{value:.4g}",
                        "limit": f"{cap.limit:g}",
                    },
                )
            )
    return fired, missing


def prohibitions(project: Project, rules: RuleSet) -> tuple[list[FiredRule], list[str]]:
    """Banned processes and materials declared, and hazardous storage over a ban's limit.

    Per ban: processes, then materials, then storage; an undeclared list or amount is missing
    data (an empty declared list is not).
    """
    fired, missing = [], []
    for ban in rules.prohibitions:
        for attr, banned in (("processes", ban.processes), ("materials", ban.materials)):
            declared = getattr(project, attr)
            if not banned:
                continue
            if declared is None:
                missing.append(attr)
                continue
            hits = sorted(banned & set(declared))
            if hits:
                fired.append(
                    FiredRule(
                        ban.id,
                        "prohibition",
                        ban.outcome,
                        rules.version,
                        hits,
                        sorted(banned),
                        f"prohibited {attr}: {', '.join(hits)}",
                        ban.note,
                        ban.source,
                        ban.note_zh,
                        f"prohibited_{attr}",
                        {"items": ", ".join(hits)},
                        {"items": "、".join(rules.word_zh(w) for w in hits)},
                    )
                )
        storage_rule, needed = hazardous_storage(project, ban, rules.version)
        fired += storage_rule
        missing += needed
    return fired, missing


def hazardous_storage(
    project: Project, ban: Prohibition, version: str
) -> tuple[list[FiredRule], list[str]]:
    """The ban's hazardous-chemicals storage limit, if it sets one and the project exceeds it."""
    limit = ban.hazardous_storage_max_t
    if limit is None:
        return [], []
    stored = project.hazardous_chemicals_t
    if stored is None:
        return [], ["hazardous_chemicals_t"]
    if stored <= limit:
        return [], []
    rule = FiredRule(
        ban.id,
        "prohibition",
        ban.outcome,
        version,
        stored,
        limit,
        f"hazardous chemicals stored {stored:g} t exceed {limit:g} t",
        ban.note,
        ban.source,
        ban.note_zh,
        "hazardous_storage",
        {"stored": f"{stored:g}", "limit": f"{limit:g}"},
    )
    return [rule], []


def positioning(
    project: Project,
    rules: RuleSet,
    tree: IndustryTree,
    positioning: Collection[str] | None,
) -> list[FiredRule]:
    """The project's codes outside the park's target industries (none when it has no targets)."""
    if rules.positioning is None:
        return []
    targets = tuple(positioning) if positioning is not None else rules.positioning.codes
    if not targets:
        return []
    outside = [c for c in project.industry_codes if tree.first_match(c, targets) is None]
    if not outside:
        return []
    rule = FiredRule(
        rules.positioning.id,
        "positioning",
        rules.positioning.outcome,
        rules.version,
        outside,
        sorted(targets),
        f"outside the park's positioning: {', '.join(outside)}",
        rules.positioning.note,
        note_zh=rules.positioning.note_zh,
        message_id="positioning",
        params={"codes": ", ".join(outside)},
    )
    return [rule]


def _indicator(project: Project, indicator: str) -> tuple[float | None, list[str]]:
    """The value of a capped indicator, or ``None`` with the fields it needs."""
    if indicator.endswith("_per_10k_cny"):
        amount_field = (
            "annual_energy_tce" if indicator.startswith("energy_intensity") else "water_m3"
        )
        amount = getattr(project, amount_field)
        output = project.output_cny
        needed = [f for f, x in ((amount_field, amount), ("output_cny", output)) if x is None]
        if output is not None and output <= 0:
            needed.append("output_cny")  # an intensity needs a positive output
        if needed or amount is None or output is None:
            return None, needed
        return amount / (output / CNY_PER_WAN), []
    pollutant = indicator.removesuffix("_t")
    value = project.emissions_t.get(pollutant)
    if value is None:
        return None, [f"emissions_t.{pollutant}"]
    return value, []
