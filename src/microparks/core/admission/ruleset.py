"""Admission rule sets: versioned data, validated on load.

A rule set is a rules document of kind ``admission`` (see ``docs/methods/admission.md``),
read by :mod:`microparks.io.rules.admission` into the frozen dataclasses here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["admit", "admit_with_conditions", "refer", "reject"]
OUTCOMES: tuple[Outcome, ...] = ("admit", "admit_with_conditions", "refer", "reject")
"""Decisions from the mildest to the strictest; a project gets the strictest that fires."""
SEVERITY: dict[str, int] = {o: i for i, o in enumerate(OUTCOMES)}

LANGUAGES = ("en", "zh")
"""Languages a rule set may declare; English is always there, ``zh`` requires the Chinese of
every name, note, site class and process or material word (``*_zh`` fields, ``glossary``)."""

POLLUTANTS = ("cod", "nh3_n", "so2", "nox", "vocs")
"""Main pollutants under total-quantity control (COD, ammonia nitrogen, SO2, NOx, VOCs)."""
INDICATORS = (
    "energy_intensity_tce_per_10k_cny",
    "water_intensity_m3_per_10k_cny",
    *(f"{p}_t" for p in POLLUTANTS),
)
"""What a cap may limit: intensities per 10,000 CNY of output, and annual emissions (t)."""

GENERAL_SITE = "general"
"""A site in no environmentally sensitive area."""
SENSITIVE_AREAS: dict[str, str] = {
    "protected_area": "3(1)",
    "drinking_water": "3(1)",
    "ecological_red_line": "3(2)",
    "basic_farmland": "3(2)",
    "other_ecological": "3(2)",
    "residential": "3(3)",
    "cultural_relic": "3(3)",
}
"""Kinds of environmentally sensitive area (环境敏感区) with their clause of article 3 of the
2021 EIA classification list (建设项目环境影响评价分类管理名录（2021年版）):

- 3(1) ``protected_area``: national parks, nature reserves, scenic areas, world heritage sites,
  special marine protected areas; ``drinking_water``: drinking-water source protection zones.
- 3(2) ``ecological_red_line``: the ecological protection red line beyond 3(1);
  ``basic_farmland``: permanent basic farmland and basic grassland; ``other_ecological``:
  natural parks, important wetlands, natural forests, key wildlife habitats, spawning,
  feeding, wintering grounds and migration routes, fishing grounds, key soil-erosion and
  sand-closure areas, enclosed sea areas.
- 3(3) ``residential``: areas mainly for housing, health care, education, research or
  administration; ``cultural_relic``: protected cultural relics.

A rule set names the site classes it knows under ``eia.site_classes``; one that names only
``sensitive`` applies that class to every kind here (see :meth:`EiaRules.steps`).
"""
OVERRIDE_ROLE_NAMES = ("admin", "official", "investment", "park_manager")
"""Staff roles a rule set may allow to override a reject (the platform's role codes)."""
DEFAULT_OVERRIDE_ROLES = ("official",)
"""Who may override a reject when the rule set does not say: the county official."""

ANY_SENSITIVE = "sensitive"
"""The site class that stands for every kind of :data:`SENSITIVE_AREAS` a rule set omits."""


@dataclass(frozen=True)
class CodeRule:
    """Industries (GB/T 4754 codes at any level) that trigger ``outcome``.

    Used for the negative list and for the 两高 sectors.
    """

    id: str
    name: str
    codes: tuple[str, ...]
    outcome: Outcome
    note: str = ""
    note_zh: str = ""
    source: str = ""
    name_zh: str = ""


@dataclass(frozen=True)
class SiteClass:
    """A site sensitivity class: how many steps it raises the EIA category, and its names."""

    steps: int
    name: str = ""
    name_zh: str = ""


@dataclass(frozen=True)
class EiaCategory:
    """One EIA category (registration, report form, report) and what it means for admission."""

    code: str
    name: str
    outcome: Outcome
    note: str = ""
    note_zh: str = ""
    name_zh: str = ""


@dataclass(frozen=True)
class EiaEntry:
    """Industries whose projects fall into an EIA category."""

    id: str
    codes: tuple[str, ...]
    category: str
    note: str = ""
    note_zh: str = ""


@dataclass(frozen=True)
class EiaRules:
    """The EIA classification: categories from mildest to strictest, entries, site classes.

    A sensitive site raises a project's category by the class's ``escalation`` steps.
    """

    id: str
    source: str
    categories: tuple[EiaCategory, ...]
    default_category: str
    entries: tuple[EiaEntry, ...]
    site_classes: Mapping[str, SiteClass]
    default_site: str

    def rank(self, category: str) -> int:
        """The position of ``category`` from mildest (0) to strictest."""
        return [c.code for c in self.categories].index(category)

    def site_class(self, site: str) -> SiteClass | None:
        """The class of a site's sensitivity, or ``None`` when unknown.

        The site's own entry, else ``sensitive`` for a kind of :data:`SENSITIVE_AREAS` that the
        rule set does not list.
        """
        if site in self.site_classes:
            return self.site_classes[site]
        if site in SENSITIVE_AREAS:
            return self.site_classes.get(ANY_SENSITIVE)
        return None


@dataclass(frozen=True)
class EnergyTier:
    """An energy-review tier: reached at ``min_tce`` tce/year or ``min_kwh`` kWh/year."""

    id: str
    name: str
    min_tce: float | None
    min_kwh: float | None
    outcome: Outcome
    note: str = ""
    note_zh: str = ""
    name_zh: str = ""


@dataclass(frozen=True)
class EnergyRules:
    """Energy-review tiers, strictest first; a project below all of them is exempt."""

    source: str
    tiers: tuple[EnergyTier, ...]


@dataclass(frozen=True)
class Cap:
    """An upper limit on one indicator (see :data:`INDICATORS`)."""

    id: str
    indicator: str
    limit: float
    outcome: Outcome
    note: str = ""
    note_zh: str = ""
    source: str = ""


@dataclass(frozen=True)
class Prohibition:
    """Processes or materials that trigger ``outcome``; or hazardous storage above a quantity."""

    id: str
    name: str
    processes: frozenset[str]
    materials: frozenset[str]
    hazardous_storage_max_t: float | None
    outcome: Outcome
    note: str = ""
    note_zh: str = ""
    source: str = ""
    name_zh: str = ""


@dataclass(frozen=True)
class PositioningRule:
    """What happens to a project outside the park's target industries (normally ``refer``)."""

    id: str
    outcome: Outcome
    codes: tuple[str, ...]
    note: str = ""
    note_zh: str = ""


@dataclass(frozen=True)
class RuleSet:
    """A named, versioned admission rule set."""

    name: str
    version: str
    sources: Mapping[str, str]
    negative_list: tuple[CodeRule, ...]
    two_high: tuple[CodeRule, ...]
    eia: EiaRules | None
    energy: EnergyRules | None
    caps: tuple[Cap, ...]
    prohibitions: tuple[Prohibition, ...]
    positioning: PositioningRule | None
    description: str = ""
    languages: tuple[str, ...] = ("en",)
    glossary_zh: Mapping[str, str] = field(default_factory=dict)
    """Chinese for the process and material words the prohibitions name."""
    override_roles: tuple[str, ...] = DEFAULT_OVERRIDE_ROLES
    """Roles that may let a rejected project past the gate, with a written reason."""

    @property
    def label(self) -> str:
        """``name version``, as a park refers to it."""
        return f"{self.name} {self.version}"

    def word_zh(self, word: str) -> str:
        """A process or material word in Chinese (the word itself when not in the glossary)."""
        return self.glossary_zh.get(word, word)

    def codes(self) -> set[str]:
        """Every industry code the rule set names."""
        found: set[str] = set()
        for rule in (*self.negative_list, *self.two_high):
            found.update(rule.codes)
        if self.eia is not None:
            for entry in self.eia.entries:
                found.update(entry.codes)
        if self.positioning is not None:
            found.update(self.positioning.codes)
        return found
