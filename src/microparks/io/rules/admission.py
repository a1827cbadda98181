"""Admission rule sets: negative list, 两高, EIA, energy review, caps, prohibitions, positioning.

:func:`parse_admission` turns a parsed document into a frozen
:class:`~microparks.core.admission.RuleSet` and refuses a malformed one with a
:class:`~microparks.io.rules.problems.DocumentError` that lists every problem with its path
(``eia.entries[2].category: ...``), so a broken document never replaces a working version. See
``shipped/admission/default.yaml`` and ``docs/methods/admission.md`` for the format.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from typing import Any

from microparks.core.admission.ruleset import (
    INDICATORS,
    Cap,
    CodeRule,
    EiaCategory,
    EiaEntry,
    EiaRules,
    EnergyRules,
    EnergyTier,
    Outcome,
    PositioningRule,
    Prohibition,
    RuleSet,
    SiteClass,
)
from microparks.io.rules import messages as m
from microparks.io.rules.admission_reader import (
    AdmissionReader,
    read_glossary,
    read_languages,
    read_override_roles,
)

_TOP = (
    "name",
    "version",
    "description",
    "languages",
    "glossary",
    "sources",
    "negative_list",
    "two_high",
    "eia",
    "energy_review",
    "caps",
    "prohibitions",
    "positioning",
    "override_roles",
)


def parse_admission(
    document: Mapping[str, Any], known_codes: Collection[str] | None = None
) -> RuleSet:
    """Validate a rule-set document (the mapping its YAML holds) and return the rule set.

    Parameters
    ----------
    document
        The parsed document.
    known_codes
        The GB/T 4754 codes of the classification; when given, every code the rules name
        must be one of them.

    Raises
    ------
    DocumentError
        Listing every problem found, each with its path in the document.

    """
    r = AdmissionReader()
    data = r.mapping(document, "", _TOP)
    r.check()
    name = r.text(data, "name", "", required=False) or "rules"
    version = r.text(data, "version", "", required=False)
    languages = read_languages(r, data.get("languages"))
    r.need_zh = "zh" in languages
    glossary = read_glossary(r, data.get("glossary"))
    sources_raw = r.mapping(data.get("sources") or {}, "sources")
    sources = {str(k): str(v) for k, v in sources_raw.items()}

    def source_of(item: Mapping[str, Any], path: str) -> str:
        ref = r.text(item, "source", path, required=False)
        if ref and ref not in sources:
            r.fail(f"{path}.source", m.NOT_LISTED_SOURCE, value=repr(ref))
        return ref

    def code_rules(key: str, default: Outcome) -> tuple[CodeRule, ...]:
        out = []
        for i, raw in enumerate(r.items(data.get(key), key)):
            path = f"{key}[{i}]"
            item = r.mapping(
                raw,
                path,
                ("id", "name", "name_zh", "codes", "outcome", "note", "note_zh", "source"),
            )
            out.append(
                CodeRule(
                    id=r.rule_id(item, path),
                    name=r.text(item, "name", path, required=False),
                    codes=r.codes(item, path),
                    outcome=r.outcome(item, path, default),
                    note=r.text(item, "note", path, required=False),
                    note_zh=r.note_zh(item, path),
                    source=source_of(item, path),
                    name_zh=r.name_zh(item, path),
                )
            )
        return tuple(out)

    negative = code_rules("negative_list", "reject")
    two_high = code_rules("two_high", "reject")
    eia = _parse_eia(r, data.get("eia"), source_of) if data.get("eia") is not None else None
    energy = (
        _parse_energy(r, data.get("energy_review"), source_of)
        if data.get("energy_review") is not None
        else None
    )
    caps = []
    for i, raw in enumerate(r.items(data.get("caps"), "caps")):
        path = f"caps[{i}]"
        item = r.mapping(
            raw, path, ("id", "indicator", "limit", "outcome", "note", "note_zh", "source")
        )
        indicator = r.text(item, "indicator", path)
        if indicator and indicator not in INDICATORS:
            r.fail(
                f"{path}.indicator",
                m.NOT_A_CHOICE,
                value=repr(indicator),
                choices=", ".join(INDICATORS),
            )
        caps.append(
            Cap(
                id=r.rule_id(item, path),
                indicator=indicator,
                limit=r.amount(item, "limit", path, required=True) or 0.0,
                outcome=r.outcome(item, path, "reject"),
                note=r.text(item, "note", path, required=False),
                note_zh=r.note_zh(item, path),
                source=source_of(item, path),
            )
        )
    prohibitions = []
    keys = ("id", "name", "processes", "materials", "hazardous_storage_max_t", "outcome")
    for i, raw in enumerate(r.items(data.get("prohibitions"), "prohibitions")):
        path = f"prohibitions[{i}]"
        item = r.mapping(raw, path, (*keys, "name_zh", "note", "note_zh", "source"))
        rule = Prohibition(
            id=r.rule_id(item, path),
            name=r.text(item, "name", path, required=False),
            name_zh=r.name_zh(item, path),
            processes=r.words(item, "processes", path),
            materials=r.words(item, "materials", path),
            hazardous_storage_max_t=r.amount(item, "hazardous_storage_max_t", path, False),
            outcome=r.outcome(item, path, "reject"),
            note=r.text(item, "note", path, required=False),
            note_zh=r.note_zh(item, path),
            source=source_of(item, path),
        )
        if not (rule.processes or rule.materials or rule.hazardous_storage_max_t is not None):
            r.fail(path, m.PROHIBITION_NEEDS)
        untranslated = sorted((rule.processes | rule.materials) - glossary.keys())
        if r.need_zh and untranslated:
            r.fail(path, m.NOT_IN_GLOSSARY, words=", ".join(untranslated))
        prohibitions.append(rule)
    positioning = None
    if data.get("positioning") is not None:
        item = r.mapping(
            data["positioning"], "positioning", ("id", "outcome", "codes", "note", "note_zh")
        )
        positioning = PositioningRule(
            id=r.rule_id(item, "positioning"),
            outcome=r.outcome(item, "positioning", "refer"),
            codes=r.codes(item, "positioning", required=False),
            note=r.text(item, "note", "positioning", required=False),
            note_zh=r.note_zh(item, "positioning"),
        )
    rules = RuleSet(
        name=name,
        version=version,
        sources=sources,
        negative_list=negative,
        two_high=two_high,
        eia=eia,
        energy=energy,
        caps=tuple(caps),
        prohibitions=tuple(prohibitions),
        positioning=positioning,
        description=r.text(data, "description", "", required=False),
        languages=languages,
        glossary_zh=glossary,
        override_roles=read_override_roles(r, data.get("override_roles")),
    )
    if known_codes is not None and not r.problems:
        known = set(known_codes)
        unknown = sorted(rules.codes() - known)
        if unknown:
            r.fail("", m.NOT_IN_CLASSIFICATION, codes=", ".join(unknown))
    r.check()
    return rules


def _parse_eia(r: AdmissionReader, raw: Any, source_of: Any) -> EiaRules:
    keys = ("id", "source", "categories", "default_category", "entries", "site_classes")
    data = r.mapping(raw, "eia", (*keys, "default_site"))
    categories = []
    for i, c in enumerate(r.items(data.get("categories"), "eia.categories")):
        path = f"eia.categories[{i}]"
        item = r.mapping(c, path, ("code", "name", "name_zh", "outcome", "note", "note_zh"))
        categories.append(
            EiaCategory(
                code=r.text(item, "code", path),
                name=r.text(item, "name", path, required=False),
                name_zh=r.name_zh(item, path),
                outcome=r.outcome(item, path, None),
                note=r.text(item, "note", path, required=False),
                note_zh=r.note_zh(item, path),
            )
        )
    names = [c.code for c in categories]
    if not categories:
        r.fail("eia.categories", m.EMPTY_LIST)
    if len(set(names)) != len(names):
        r.fail("eia.categories", m.UNIQUE_CATEGORIES)
    default = r.text(data, "default_category", "eia")
    if default and default not in names:
        r.fail(
            "eia.default_category", m.NOT_A_CATEGORY, value=repr(default), choices=", ".join(names)
        )
    entries = []
    for i, e in enumerate(r.items(data.get("entries"), "eia.entries")):
        path = f"eia.entries[{i}]"
        item = r.mapping(e, path, ("id", "codes", "category", "note", "note_zh"))
        category = r.text(item, "category", path)
        if category and category not in names:
            r.fail(
                f"{path}.category", m.NOT_A_CATEGORY, value=repr(category), choices=", ".join(names)
            )
        entries.append(
            EiaEntry(
                id=r.rule_id(item, path),
                codes=r.codes(item, path),
                category=category,
                note=r.text(item, "note", path, required=False),
                note_zh=r.note_zh(item, path),
            )
        )
    sites: dict[str, SiteClass] = {}
    raw_sites = r.mapping(data.get("site_classes") or {}, "eia.site_classes")
    for key, raw_class in raw_sites.items():
        path = f"eia.site_classes.{key}"
        # a bare number is the steps alone; a mapping adds the class's names
        item = (
            r.mapping(raw_class, path, ("steps", "name", "name_zh"))
            if isinstance(raw_class, Mapping)
            else {"steps": raw_class}
        )
        steps = item.get("steps")
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            where = f"{path}.steps" if isinstance(raw_class, Mapping) else path
            r.fail(where, m.EXPECTED_WHOLE_NUMBER, value=repr(steps), minimum=0)
            continue
        name = r.text(item, "name", path, required=False)
        if r.need_zh and not name:
            r.fail(f"{path}.name", m.NEEDS_ZH, field="name")
        sites[str(key)] = SiteClass(steps, name, r.name_zh(item, path))
    if not sites:
        r.fail("eia.site_classes", m.EMPTY_LIST)
    default_site = r.text(data, "default_site", "eia")
    if default_site and sites and default_site not in sites:
        r.fail("eia.default_site", m.NOT_A_SITE_CLASS, value=repr(default_site))
    return EiaRules(
        id=r.rule_id(data, "eia"),
        source=source_of(data, "eia"),
        categories=tuple(categories),
        default_category=default,
        entries=tuple(entries),
        site_classes=sites,
        default_site=default_site,
    )


def _parse_energy(r: AdmissionReader, raw: Any, source_of: Any) -> EnergyRules:
    data = r.mapping(raw, "energy_review", ("source", "tiers"))
    tiers = []
    for i, t in enumerate(r.items(data.get("tiers"), "energy_review.tiers")):
        path = f"energy_review.tiers[{i}]"
        item = r.mapping(
            t, path, ("id", "name", "name_zh", "min_tce", "min_kwh", "outcome", "note", "note_zh")
        )
        tier = EnergyTier(
            id=r.rule_id(item, path),
            name=r.text(item, "name", path, required=False),
            name_zh=r.name_zh(item, path),
            min_tce=r.amount(item, "min_tce", path, required=False),
            min_kwh=r.amount(item, "min_kwh", path, required=False),
            outcome=r.outcome(item, path, "refer"),
            note=r.text(item, "note", path, required=False),
            note_zh=r.note_zh(item, path),
        )
        if tier.min_tce is None and tier.min_kwh is None:
            r.fail(path, m.TIER_NEEDS)
        tiers.append(tier)
    # Strictest first: a project is placed in the first tier it reaches.
    for a, b in itertools.pairwise(tiers):
        if a.min_tce is not None and b.min_tce is not None and a.min_tce < b.min_tce:
            r.fail("energy_review.tiers", m.TIERS_ORDER)
    return EnergyRules(source=source_of(data, "energy_review"), tiers=tuple(tiers))
