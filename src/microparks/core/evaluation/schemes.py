"""Scoring schemes as versioned data: the YAML files shipped in ``schemes/``.

A scheme names its groups of firms (above-size, below-size or all), the indicators each group is
scored on with their weights, optional caps and missing-data rule, how benchmarks are found
(a published table per year, or a multiple of the population mean), how classes are drawn
(quota or thresholds), which firms are not evaluated (class T), and the differential policies
per class. Reading the shipped files is reading package data (``importlib.resources``), not user
files; user-supplied benchmark files are read in :mod:`microparks.io`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml

from microparks.core.evaluation.indicators import INDICATORS

Method = Literal["ratio", "minmax"]
AppliesTo = Literal["above_size", "below_size", "all"]
CLASSES = ("A", "B", "C", "D")
NOT_EVALUATED = "T"


class SchemeError(ValueError):
    """A scheme file that does not describe a valid scheme."""


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


@dataclass(frozen=True)
class ClassRule:
    """Classes by quota (shares of evaluated firms) or by score thresholds."""

    method: Literal["quota", "thresholds"] = "quota"
    by_group: bool = True
    quota_a: float = 0.20
    quota_b: float = 0.40
    quota_d: float = 0.05
    thresholds: Mapping[str, float] = field(default_factory=dict)


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


def scheme_names() -> tuple[str, ...]:
    """Names of the schemes shipped in the package."""
    folder = resources.files("microparks.core.evaluation") / "schemes"
    return tuple(
        sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))
    )


def load_scheme(name: str) -> Scheme:
    """Load a shipped scheme by name (``huangyan``, ``jingde``, ``huaian``).

    Parameters
    ----------
    name
        File name without ``.yaml`` in the package's ``schemes`` folder.

    Returns
    -------
    Scheme
        The parsed, validated scheme.

    Raises
    ------
    SchemeError
        If there is no such scheme or it is invalid.

    """
    if name not in scheme_names():
        raise SchemeError(f"unknown scheme {name!r}; known: {', '.join(scheme_names())}")
    path = resources.files("microparks.core.evaluation") / "schemes" / f"{name}.yaml"
    return scheme_from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def scheme_from_dict(data: Mapping[str, Any]) -> Scheme:
    """Build and validate a :class:`Scheme` from parsed YAML."""
    try:
        groups = tuple(_group(name, g) for name, g in data["groups"].items())
        bench = data.get("benchmarks", {})
        table = {
            int(year): {
                str(group): {str(k): float(v) for k, v in values.items()}
                for group, values in groups_.items()
            }
            for year, groups_ in (bench.get("table") or {}).items()
        }
        rule = BenchmarkRule(
            table=table,
            otherwise=bench.get("otherwise", "mean"),
            multiple=float(bench.get("multiple", 1.0)),
        )
        cls = data.get("classes", {})
        quota = cls.get("quota", {})
        classes = ClassRule(
            method=cls.get("method", "quota"),
            by_group=bool(cls.get("by_group", True)),
            quota_a=float(quota.get("A", 0.20)),
            quota_b=float(quota.get("B", 0.40)),
            quota_d=float(quota.get("D", 0.05)),
            thresholds={str(k): float(v) for k, v in (cls.get("thresholds") or {}).items()},
        )
        exempt = data.get("exempt") or {}
        policies = {str(k): Policy(**v) for k, v in (data.get("policies") or {}).items()}
        scheme = Scheme(
            name=str(data["name"]),
            version=str(data["version"]),
            title=str(data.get("title", data["name"])),
            source=str(data.get("source", "")),
            method=data["method"],
            groups=groups,
            benchmarks=rule,
            classes=classes,
            policies=policies,
            min_age_years=int(exempt.get("min_age_years", 2)),
            below_size_min_land_mu=float(exempt.get("below_size_min_land_mu", 0.0)),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise SchemeError(f"invalid scheme: {exc!r}") from exc
    check_scheme(scheme)
    return scheme


def check_scheme(scheme: Scheme) -> None:
    """Raise :class:`SchemeError` unless ``scheme`` is consistent."""
    if scheme.method not in ("ratio", "minmax"):
        raise SchemeError(f"unknown method {scheme.method!r}")
    if not scheme.groups:
        raise SchemeError("a scheme needs at least one group")
    kinds = [g.applies_to for g in scheme.groups]
    if len(set(kinds)) != len(kinds) or ("all" in kinds and len(kinds) > 1):
        raise SchemeError("groups must cover firms once: 'all' alone, or above/below size")
    for g in scheme.groups:
        if g.applies_to not in ("above_size", "below_size", "all"):
            raise SchemeError(f"group {g.name}: unknown applies_to {g.applies_to!r}")
        for item in g.items:
            if item.indicator not in INDICATORS:
                raise SchemeError(f"group {g.name}: unknown indicator {item.indicator!r}")
            if item.weight <= 0 or (item.cap is not None and item.cap <= 0):
                raise SchemeError(f"group {g.name}: weights and caps must be positive")
            if item.missing not in ("zero", "average"):
                raise SchemeError(f"group {g.name}: unknown missing rule {item.missing!r}")
    c = scheme.classes
    if c.method == "quota":
        if min(c.quota_a, c.quota_b, c.quota_d) < 0:
            raise SchemeError("quotas must not be negative")
        if c.quota_a + c.quota_b + c.quota_d > 1:
            raise SchemeError("quotas A + B + D exceed 100 %")
    elif c.method == "thresholds":
        t = c.thresholds
        if set(t) != {"A", "B", "C"} or not t["A"] >= t["B"] >= t["C"]:
            raise SchemeError("thresholds need A ≥ B ≥ C")
    else:
        raise SchemeError(f"unknown class method {c.method!r}")
    if set(scheme.policies) - set(CLASSES):
        raise SchemeError("policies may only be given for classes A, B, C, D")


def _group(name: str, data: Mapping[str, Any]) -> Group:
    items = tuple(
        Item(
            indicator=str(i["indicator"]),
            weight=float(i["weight"]),
            cap=None if i.get("cap") is None else float(i["cap"]),
            missing=i.get("missing", "zero"),
        )
        for i in data["items"]
    )
    return Group(name=name, applies_to=data.get("applies_to", "all"), items=items)
