"""Scoring schemes: what a rules document of kind ``evaluation`` holds, as frozen dataclasses.

A scheme names its groups of firms (above-size, below-size or all), the indicators each group is
scored on with their weights, optional caps and missing-data rule, how benchmarks are found
(a published table per year, or a multiple of the population mean), how classes are drawn
(quota or thresholds), which firms are not evaluated (class T), and the differential policies
per class. Documents are read and checked by :mod:`microparks.io.rules.evaluation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Method = Literal["ratio", "minmax"]
AppliesTo = Literal["above_size", "below_size", "all"]
CLASSES = ("A", "B", "C", "D")
NOT_EVALUATED = "T"


@dataclass(frozen=True)
class Item:
    """One scored indicator of a group: weight, optional cap on its score, missing-data rule."""

    indicator: str
    weight: float
    cap: float | None = None
    missing: Literal["zero", "average"] = "zero"


@dataclass(frozen=True)
class Group:
    """Firms scored alike (e.g. above designated size) and their items."""

    name: str
    applies_to: AppliesTo
    items: tuple[Item, ...]


@dataclass(frozen=True)
class BenchmarkRule:
    """Published benchmarks per year and group, else ``multiple`` × the population mean."""

    table: Mapping[int, Mapping[str, Mapping[str, float]]] = field(default_factory=dict)
    otherwise: Literal["mean", "none"] = "mean"
    multiple: float = 1.0


SMALL_GROUP_BANDS: Mapping[str, float] = {"A": 90.0, "B": 70.0, "C": 50.0}
"""Score bands for a group too small for quotas, when the scheme gives no thresholds."""

DEFAULT_MIN_QUOTA_GROUP = 5
"""Fewest evaluated firms a quota is drawn over when a scheme document names no number."""


@dataclass(frozen=True)
class ClassRule:
    """Classes by quota (shares of evaluated firms) or by score thresholds.

    A quota group with fewer than ``min_quota_group`` evaluated firms is graded by score bands
    instead (``thresholds`` where the scheme gives them, else :data:`SMALL_GROUP_BANDS`): shares
    of one to four firms would make a lone firm D whatever it scores. 0 draws quotas over any
    group.
    """

    method: Literal["quota", "thresholds"] = "quota"
    by_group: bool = True
    quota_a: float = 0.20
    quota_b: float = 0.40
    quota_d: float = 0.05
    thresholds: Mapping[str, float] = field(default_factory=dict)
    min_quota_group: int = 0

    @property
    def bands(self) -> Mapping[str, float]:
        """The score bands of a group too small for quotas."""
        return self.thresholds or SMALL_GROUP_BANDS


@dataclass(frozen=True)
class Policy:
    """Differential terms for one class."""

    electricity_surcharge_cny_per_kwh: float = 0.0
    water_surcharge_cny_per_t: float = 0.0
    rent_support_share: float = 0.0
    land_priority: bool = False
    subsidy_priority: bool = False


@dataclass(frozen=True)
class Scheme:
    """A versioned scoring scheme."""

    name: str
    version: str
    title: str
    source: str
    method: Method
    groups: tuple[Group, ...]
    benchmarks: BenchmarkRule
    classes: ClassRule
    policies: Mapping[str, Policy]
    min_age_years: int = 2
    below_size_min_land_mu: float = 0.0

    @property
    def indicators(self) -> tuple[str, ...]:
        """Every indicator any group is scored on, in first-use order."""
        seen: dict[str, None] = {}
        for g in self.groups:
            for item in g.items:
                seen.setdefault(item.indicator, None)
        return tuple(seen)

    @property
    def label(self) -> str:
        """``name@version``, recorded with every result."""
        return f"{self.name}@{self.version}"
