"""The park rubric and star criteria as data, and one park's inputs for a year.

A ``park_rubric`` rules document parses into :class:`Rubric`; a ``park_stars`` document into
:class:`StarRules`. Every number is a parameter of the document: nothing here is a city's value.
Shares are fractions (0.6 for 60 %), money in CNY, land in mu (亩) as the rubrics write it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from microparks.core.messages import gettext_noop

__all__ = [
    "CATEGORIES",
    "CITY",
    "COUNTY",
    "GRADES",
    "LEVELS",
    "LEVEL_LABELS",
    "MANUFACTURING",
    "MEASURES",
    "MEASURE_LABELS",
    "PROVINCE",
    "SERVICES",
    "Band",
    "CityAverage",
    "Concentration",
    "Condition",
    "Flag",
    "Grading",
    "Item",
    "ParkInputs",
    "Rubric",
    "Section",
    "StarLevel",
    "StarRules",
]

MANUFACTURING, SERVICES = "manufacturing", "services"
CATEGORIES = (MANUFACTURING, SERVICES)
"""Park categories, graded in separate tables: 生产制造类 and 生产性服务类."""
GRADES = ("A", "B", "C", "D")
COUNTY, CITY, PROVINCE = "county", "city", "province"
LEVELS = (COUNTY, CITY, PROVINCE)
"""Who awards a star level: 县级, 市级, 省级."""
LEVEL_LABELS: Mapping[str, str] = {
    COUNTY: gettext_noop("county level"),
    CITY: gettext_noop("city level"),
    PROVINCE: gettext_noop("province level"),
}
MEASURES = ("land_mu", "floor_area_m2", "firms", "above_size_firms", "occupancy_pct", "jobs")
"""The figures basic conditions and star criteria may set thresholds on."""
MEASURE_LABELS: Mapping[str, str] = {
    "land_mu": gettext_noop("Land (mu)"),
    "floor_area_m2": gettext_noop("Floor area (m²)"),
    "firms": gettext_noop("Firms in the park"),
    "above_size_firms": gettext_noop("Above-size firms"),
    "occupancy_pct": gettext_noop("Occupancy (%)"),
    "jobs": gettext_noop("Jobs"),
}
"""The figures' names (English msgids, translated where shown)."""
ZERO = Decimal(0)


@dataclass(frozen=True)
class Condition:
    """A basic condition: a figure at least ``minimum``, or (no measure) a reviewer's yes."""

    key: str
    label: str
    measure: str | None = None
    minimum: Decimal | None = None


@dataclass(frozen=True)
class Item:
    """A line of a section: points per count, or (a scored section) the most a reviewer gives."""

    key: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class Flag:
    """An event that makes a park D whatever its score (a major accident, falsified data)."""

    key: str
    label: str


@dataclass(frozen=True)
class Section:
    """Cultivation, technology, service, safety or other: items, an optional cap, direct-D flags.

    ``scored``: reviewers give each item up to its points; otherwise each item's count (firms,
    honours, events) times its points, negative for deductions.
    """

    key: str
    label: str
    items: tuple[Item, ...]
    scored: bool = False
    max_points: Decimal | None = None
    direct_d: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Concentration:
    """Leading-industry shares: over ``threshold``, ``base_points`` + ``step_points`` a step."""

    threshold: Decimal
    step: Decimal
    step_points: Decimal
    base_points: Decimal = ZERO
    max_points: Decimal | None = None

    def __post_init__(self) -> None:
        if self.step <= 0 or not 0 <= self.threshold < 1:
            raise ValueError("the step is positive and the threshold a share below 1")


@dataclass(frozen=True)
class Band:
    """A ratio to the city average from ``lower`` (inclusive) up to the next band: ``points``."""

    lower: Decimal
    points: Decimal


@dataclass(frozen=True)
class Grading:
    """Quotas of the ranked parks, the stars that put a park outside them, the years spared."""

    a_max: Decimal = Decimal("0.2")
    b_max: Decimal = Decimal("0.3")
    d_min: Decimal = Decimal("0.05")
    stars_outside_quota: int = 4
    not_evaluated_years: int = 3

    def __post_init__(self) -> None:
        if min(self.a_max, self.b_max, self.d_min) < 0 or self.a_max + self.b_max + self.d_min > 1:
            raise ValueError("quotas are shares adding up to at most 1")


@dataclass(frozen=True)
class Rubric:
    """A park performance rubric (the parsed ``park_rubric`` document)."""

    conditions: tuple[Condition, ...]
    concentration: Concentration
    sections: tuple[Section, ...]
    bands: tuple[Band, ...]
    multi_storey_points: Decimal = ZERO
    grading: Grading = field(default_factory=Grading)
    version: str = ""

    def __post_init__(self) -> None:
        lowers = [b.lower for b in self.bands]
        if lowers != sorted(set(lowers)):
            raise ValueError("bands start at increasing ratios")
        keys = [i.key for s in self.sections for i in s.items]
        keys += [f.key for s in self.sections for f in s.direct_d]
        if len(keys) != len(set(keys)):
            raise ValueError("item and flag keys are unique across the sections")

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Every direct-D flag of the sections."""
        return tuple(f for s in self.sections for f in s.direct_d)


@dataclass(frozen=True)
class CityAverage:
    """The city's average per-mu tax and output for one park category (CNY per mu)."""

    tax_per_mu_cny: Decimal
    output_per_mu_cny: Decimal

    def __post_init__(self) -> None:
        if self.tax_per_mu_cny <= 0 or self.output_per_mu_cny <= 0:
            raise ValueError("city averages are positive")


@dataclass(frozen=True)
class ParkInputs:
    """One park's year: platform figures, reviewers' scores and confirmations, events found.

    ``counts`` holds the counted items (above-size firms, honours, safety hazards, missed
    reports …) and ``reviewer_scores`` the scored ones, both by item key; ``confirmed`` the basic
    conditions a reviewer has confirmed; ``events`` the direct-D flags found; ``stars`` the star
    rating the park holds going into the evaluation.
    """

    park: str
    category: str
    year: int
    opened_year: int
    land_mu: Decimal
    tax_cny: Decimal
    output_cny: Decimal
    leading_tax_share: Decimal
    leading_firm_share: Decimal
    stars: int = 0
    multi_storey: bool = False
    figures: Mapping[str, Decimal] = field(default_factory=dict)
    counts: Mapping[str, Decimal] = field(default_factory=dict)
    reviewer_scores: Mapping[str, Decimal] = field(default_factory=dict)
    confirmed: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown park category {self.category!r}")
        if self.land_mu <= 0:
            raise ValueError("a park's land is positive")
        shares = (self.leading_tax_share, self.leading_firm_share)
        if not all(0 <= s <= 1 for s in shares) or not 0 <= self.stars <= 5:
            raise ValueError("shares are fractions and stars 0 to 5")
        given = (*self.counts.values(), *self.reviewer_scores.values(), *self.figures.values())
        if any(v < 0 for v in given) or self.tax_cny < 0 or self.output_cny < 0:
            raise ValueError("counts, scores, figures and amounts are not negative")
        unknown = (set(self.figures) - set(MEASURES)) | ({"land_mu"} & set(self.figures))
        if unknown:
            raise ValueError(f"unknown figures {sorted(unknown)} (land is land_mu itself)")

    @property
    def age(self) -> int:
        """The year of evaluation counted from the opening year as year 1."""
        return self.year - self.opened_year + 1

    def measure(self, name: str) -> Decimal | None:
        """A figure by its name in :data:`MEASURES` (``None`` when not reported)."""
        if name == "land_mu":
            return self.land_mu
        return self.figures.get(name)


@dataclass(frozen=True)
class StarLevel:
    """What ``stars`` stars need, and who awards them: all thresholds must be met."""

    stars: int
    level: str
    min_score: Decimal | None = None
    grades: frozenset[str] = frozenset(GRADES)
    minimums: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class StarRules:
    """The star levels from 1 up (the parsed ``park_stars`` document)."""

    levels: tuple[StarLevel, ...]
    version: str = ""

    def __post_init__(self) -> None:
        if [lv.stars for lv in self.levels] != list(range(1, len(self.levels) + 1)):
            raise ValueError("star levels run 1, 2, … in order")
