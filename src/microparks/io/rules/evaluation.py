"""Per-mu (亩均) evaluation schemes: groups and weighted indicators, benchmarks, classes, policies.

A group's item weights sum to 100 (the published schemes give points out of 100); published
benchmarks are positive; quotas add up to at most 100 %; thresholds are ordered A ≥ B ≥ C;
a quota group smaller than ``classes.min_quota_group`` (default 5) is graded by score bands;
policies are given per class A–D. See ``shipped/evaluation/*.yaml`` for the format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from microparks.core.evaluation import (
    CLASSES,
    DEFAULT_MIN_QUOTA_GROUP,
    INDICATORS,
    BenchmarkRule,
    ClassRule,
    Group,
    Item,
    Policy,
    Scheme,
)
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

TOP = (
    "name",
    "version",
    "title",
    "title_zh",
    "source",
    "method",
    "groups",
    "benchmarks",
    "classes",
    "exempt",
    "policies",
)
APPLIES_TO = ("above_size", "below_size", "all")
POLICY_TERMS = tuple(f.name for f in fields(Policy))
WEIGHT_TOTAL = 100.0
WEIGHT_TOLERANCE = 0.01


def parse_evaluation(data: Mapping[str, Any]) -> Scheme:
    """Check a scheme mapping and build the :class:`~microparks.core.evaluation.Scheme`.

    Raises
    ------
    DocumentError
        Listing every problem with its path (``groups.above_size.items[2].weight``, …).

    """
    r = Reader()
    doc = r.mapping(data, "", TOP)
    name = str(doc.get("name") or "scheme")
    groups = _groups(r, doc.get("groups"))
    scheme = Scheme(
        name=name,
        version=str(doc.get("version") or ""),
        title=str(doc.get("title") or name),
        source=str(doc.get("source") or ""),
        method=r.choice(doc, "method", "", ("ratio", "minmax")),  # type: ignore[arg-type]
        groups=groups,
        benchmarks=_benchmarks(r, doc.get("benchmarks") or {}),
        classes=_classes(r, doc.get("classes") or {}),
        policies=_policies(r, doc.get("policies") or {}),
        **_exempt(r, doc.get("exempt") or {}),
    )
    r.check()
    return scheme


def _groups(r: Reader, raw: Any) -> tuple[Group, ...]:
    if raw is None:
        r.fail("groups", m.MISSING)
        return ()
    out = []
    for key, value in r.mapping(raw, "groups").items():
        path = f"groups.{key}"
        item = r.mapping(value, path, ("applies_to", "items"))
        applies = r.choice(item, "applies_to", path, APPLIES_TO, "all")
        items = []
        total = 0.0
        for i, entry in enumerate(r.items(item.get("items"), f"{path}.items", required=True)):
            where = f"{path}.items[{i}]"
            e = r.mapping(entry, where, ("indicator", "weight", "cap", "missing"))
            indicator = r.choice(e, "indicator", where, tuple(INDICATORS))
            weight = r.number(e, "weight", where, positive=True) or 0.0
            cap = r.number(e, "cap", where, required=False, positive=True)
            missing = r.choice(e, "missing", where, ("zero", "average"), "zero")
            total += weight
            items.append(Item(indicator, weight, cap, missing))  # type: ignore[arg-type]
        indicators = [i.indicator for i in items]
        for dup in sorted({x for x in indicators if indicators.count(x) > 1}):
            r.fail(f"{path}.items", m.DUPLICATE, value=repr(dup))
        if items and not r.failed_at(f"{path}.items"):
            r.weights_sum(total, f"{path}.items", WEIGHT_TOTAL, WEIGHT_TOLERANCE)
        out.append(Group(name=key, applies_to=applies, items=tuple(items)))  # type: ignore[arg-type]
    kinds = [g.applies_to for g in out]
    if not out:
        r.fail("groups", m.EMPTY_LIST)
    elif len(set(kinds)) != len(kinds) or ("all" in kinds and len(kinds) > 1):
        r.fail("groups", m.GROUPS_COVER)
    return tuple(out)


def _benchmarks(r: Reader, raw: Any) -> BenchmarkRule:
    bench = r.mapping(raw, "benchmarks", ("table", "otherwise", "multiple"))
    table: dict[int, dict[str, dict[str, float]]] = {}
    for year, by_group in r.mapping(bench.get("table") or {}, "benchmarks.table").items():
        path = f"benchmarks.table.{year}"
        if not str(year).isdigit():
            r.fail(path, m.EXPECTED_WHOLE_NUMBER, value=repr(year), minimum=1990)
            continue
        table[int(year)] = {}
        for group, values in r.mapping(by_group, path).items():
            where = f"{path}.{group}"
            row = r.mapping(values, where)
            table[int(year)][group] = {}
            for indicator in row:
                if indicator not in INDICATORS:
                    r.fail(
                        f"{where}.{indicator}",
                        m.UNKNOWN_NAME,
                        what="indicator",
                        value=repr(indicator),
                        known=", ".join(INDICATORS),
                    )
                    continue
                value = r.number(row, indicator, where, positive=True)
                if value is not None:
                    table[int(year)][group][indicator] = value
    return BenchmarkRule(
        table=table,
        otherwise=r.choice(bench, "otherwise", "benchmarks", ("mean", "none"), "mean"),  # type: ignore[arg-type]
        multiple=r.number(
            bench, "multiple", "benchmarks", required=False, positive=True, default=1.0
        )
        or 1.0,
    )


def _classes(r: Reader, raw: Any) -> ClassRule:
    cls = r.mapping(
        raw, "classes", ("method", "by_group", "quota", "thresholds", "min_quota_group")
    )
    method = r.choice(cls, "method", "classes", ("quota", "thresholds"), "quota")
    quota = r.mapping(cls.get("quota") or {}, "classes.quota", ("A", "B", "D"))
    shares = {
        k: r.number(quota, k, "classes.quota", required=False, maximum=1.0, default=d) or 0.0
        for k, d in (("A", 0.20), ("B", 0.40), ("D", 0.05))
    }
    if method == "quota" and sum(shares.values()) > 1 + 1e-9:
        r.fail("classes.quota", m.QUOTAS_EXCEED)
    raw_t = r.mapping(cls.get("thresholds") or {}, "classes.thresholds", ("A", "B", "C"))
    thresholds = {
        k: r.number(raw_t, k, "classes.thresholds", required=method == "thresholds", minimum=None)
        for k in ("A", "B", "C")
        if k in raw_t or method == "thresholds"
    }
    if method == "thresholds" and None not in thresholds.values():
        t = {k: float(v) for k, v in thresholds.items() if v is not None}
        if not t["A"] >= t["B"] >= t["C"]:
            r.fail("classes.thresholds", m.THRESHOLDS_ORDER)
    return ClassRule(
        method=method,  # type: ignore[arg-type]
        by_group=r.boolean(cls, "by_group", "classes", True),
        quota_a=shares["A"],
        quota_b=shares["B"],
        quota_d=shares["D"],
        thresholds={k: float(v) for k, v in thresholds.items() if v is not None},
        min_quota_group=r.integer(cls, "min_quota_group", "classes", DEFAULT_MIN_QUOTA_GROUP),
    )


def _policies(r: Reader, raw: Any) -> dict[str, Policy]:
    out = {}
    for key, value in r.mapping(raw, "policies").items():
        path = f"policies.{key}"
        if key not in CLASSES:
            r.fail(path, m.ONLY_CLASSES, classes=", ".join(CLASSES))
            continue
        terms = r.mapping(value, path, POLICY_TERMS)
        out[key] = Policy(
            electricity_surcharge_cny_per_kwh=r.number(
                terms, "electricity_surcharge_cny_per_kwh", path, required=False, default=0.0
            )
            or 0.0,
            water_surcharge_cny_per_t=r.number(
                terms, "water_surcharge_cny_per_t", path, required=False, default=0.0
            )
            or 0.0,
            rent_support_share=r.number(
                terms, "rent_support_share", path, required=False, maximum=1.0, default=0.0
            )
            or 0.0,
            land_priority=r.boolean(terms, "land_priority", path, False),
            subsidy_priority=r.boolean(terms, "subsidy_priority", path, False),
        )
    return out


def _exempt(r: Reader, raw: Any) -> dict[str, Any]:
    exempt = r.mapping(raw, "exempt", ("min_age_years", "below_size_min_land_mu"))
    return {
        "min_age_years": r.integer(exempt, "min_age_years", "exempt", default=2),
        "below_size_min_land_mu": r.number(
            exempt, "below_size_min_land_mu", "exempt", required=False, default=0.0
        )
        or 0.0,
    }
