"""Park performance rubrics (园区绩效评价细则) and star criteria (星级评定标准).

A ``park_rubric`` document gives the basic conditions, the industry-concentration rule, the
counted and scored sections, the benefit bands and the grading quotas; a ``park_stars``
document the criteria of each star level. The methods are :mod:`microparks.core.parkeval`.
Shares are written in percent. See ``shipped/park_rubric/hangzhou.yaml`` and
``shipped/park_stars/sample.yaml`` for the formats.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from microparks.core.parkeval import (
    GRADES,
    LEVELS,
    MEASURES,
    Band,
    Concentration,
    Condition,
    Flag,
    Grading,
    Item,
    Rubric,
    Section,
    StarLevel,
    StarRules,
)
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

META = ("name", "version", "title", "source")
SECTIONS = ("cultivation", "technology", "service", "safety", "other")
SCORED = frozenset({"service"})
"""Sections whose items reviewers score up to ``max``; the others count × ``points``."""
TOP = (*META, "basic_conditions", "concentration", *SECTIONS, "benefit", "grading")
MAX_POINTS = 1000.0
"""No rubric gives one line more than 1,000 points: a larger figure is a typing error."""


def _dec(value: float | None) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value)).normalize() + Decimal(0)


def _share(r: Reader, data: Mapping[str, Any], key: str, path: str, default: float) -> Decimal:
    pct = r.number(data, key, path, required=False, maximum=100.0, default=default)
    return _dec(pct) / 100


def _key(r: Reader, entry: Mapping[str, Any], path: str, seen: set[str]) -> str:
    key = r.text(entry, "key", path)
    if key and key in seen:
        r.fail(f"{path}.key", m.DUPLICATE, value=key)
    seen.add(key)
    return key


def _conditions(r: Reader, raw: Any, seen: set[str]) -> tuple[Condition, ...]:
    out = []
    for i, item in enumerate(r.items(raw, "basic_conditions")):
        path = f"basic_conditions[{i}]"
        entry = r.mapping(item, path, ("key", "label", "measure", "min"))
        key, label = _key(r, entry, path, seen), r.text(entry, "label", path)
        measure = None
        if "measure" in entry:
            measure = r.choice(entry, "measure", path, MEASURES)
            if "min" not in entry:
                r.fail(f"{path}.min", m.CONDITION_NEEDS_MIN)
        minimum = r.number(entry, "min", path, required=False)
        out.append(Condition(key, label, measure, None if minimum is None else _dec(minimum)))
    return tuple(out)


def _concentration(r: Reader, raw: Any) -> Concentration:
    keys = ("threshold_pct", "base_points", "step_pct", "step_points", "max_points")
    data = r.mapping(raw, "concentration", keys)
    threshold = r.number(data, "threshold_pct", "concentration", maximum=99.99)
    step = r.number(data, "step_pct", "concentration", positive=True, maximum=100.0)
    return Concentration(
        threshold=_dec(threshold) / 100,
        step=_dec(step or 10) / 100,
        step_points=_dec(r.number(data, "step_points", "concentration", maximum=MAX_POINTS)),
        base_points=_dec(r.number(data, "base_points", "concentration", required=False)),
        max_points=_maybe(r.number(data, "max_points", "concentration", required=False)),
    )


def _maybe(value: float | None) -> Decimal | None:
    return None if value is None else _dec(value)


def _section(r: Reader, name: str, raw: Any, seen: set[str]) -> Section:
    data = r.mapping(raw, name, ("label", "items", "max_points", "direct_d"))
    scored = name in SCORED
    field = "max" if scored else "points"
    items = []
    for i, item in enumerate(r.items(data.get("items"), f"{name}.items", required=True)):
        path = f"{name}.items[{i}]"
        entry = r.mapping(item, path, ("key", "label", field))
        key, label = _key(r, entry, path, seen), r.text(entry, "label", path)
        lowest = 0.0 if scored else -MAX_POINTS
        points = r.number(entry, field, path, minimum=lowest, maximum=MAX_POINTS)
        items.append(Item(key, label, _dec(points)))
    flags = []
    for i, item in enumerate(r.items(data.get("direct_d"), f"{name}.direct_d")):
        path = f"{name}.direct_d[{i}]"
        entry = r.mapping(item, path, ("key", "label"))
        flags.append(Flag(_key(r, entry, path, seen), r.text(entry, "label", path)))
    return Section(
        key=name,
        label=r.text(data, "label", name),
        items=tuple(items),
        scored=scored,
        max_points=_maybe(r.number(data, "max_points", name, required=False)),
        direct_d=tuple(flags),
    )


def _bands(r: Reader, raw: Any) -> tuple[tuple[Band, ...], Decimal]:
    data = r.mapping(raw, "benefit", ("bands", "multi_storey_points"))
    bands = []
    for i, item in enumerate(r.items(data.get("bands"), "benefit.bands", required=True)):
        path = f"benefit.bands[{i}]"
        entry = r.mapping(item, path, ("from", "points"))
        lower = r.number(entry, "from", path, positive=True, maximum=MAX_POINTS)
        points = r.number(entry, "points", path, maximum=MAX_POINTS)
        bands.append(Band(_dec(lower), _dec(points)))
    if not r.failed_at("benefit.bands") and any(b.lower <= a.lower for a, b in pairwise(bands)):
        r.fail("benefit.bands", m.BANDS_INCREASING)
    storey = r.number(data, "multi_storey_points", "benefit", required=False, maximum=MAX_POINTS)
    return tuple(bands), _dec(storey)


def _grading(r: Reader, raw: Any) -> Grading:
    keys = ("a_max_pct", "b_max_pct", "d_min_pct", "stars_outside_quota", "not_evaluated_years")
    data = r.mapping(raw, "grading", keys)
    a, b = _share(r, data, "a_max_pct", "grading", 20), _share(r, data, "b_max_pct", "grading", 30)
    d = _share(r, data, "d_min_pct", "grading", 5)
    if a + b + d > 1:
        r.fail("grading", m.QUOTAS_EXCEED)
    stars = r.integer(data, "stars_outside_quota", "grading", default=4, minimum=1)
    if stars > 6:
        r.fail("grading.stars_outside_quota", m.ABOVE_MAXIMUM, value=stars, maximum=6)
    years = r.integer(data, "not_evaluated_years", "grading", default=3)
    if r.failed_at("grading"):
        return Grading()
    return Grading(a, b, d, stars, years)


def parse_park_rubric(data: Mapping[str, Any]) -> Rubric:
    """Check a park rubric; build :class:`~microparks.core.parkeval.Rubric`.

    Raises
    ------
    DocumentError
        Listing every problem with its path (``service.items[2].max``, …).

    """
    r = Reader()
    doc = r.mapping(data, "", TOP)
    for required in ("concentration", "benefit"):
        if required not in doc:
            r.fail(required, m.MISSING)
    seen: set[str] = set()
    conditions = _conditions(r, doc.get("basic_conditions"), seen)
    concentration = _concentration(r, doc["concentration"]) if "concentration" in doc else None
    sections = tuple(_section(r, s, doc[s], seen) for s in SECTIONS if s in doc)
    bands, storey = _bands(r, doc.get("benefit") or {}) if "benefit" in doc else ((), _dec(0))
    grading = _grading(r, doc.get("grading") or {})
    r.check()
    assert concentration is not None  # checked: a missing part is a problem
    return Rubric(
        conditions=conditions,
        concentration=concentration,
        sections=sections,
        bands=bands,
        multi_storey_points=storey,
        grading=grading,
        version=str(doc.get("version") or ""),
    )


def _level(r: Reader, item: Any, path: str) -> StarLevel:
    keys = ("stars", "level", "min_score", "grades", "minimums")
    entry = r.mapping(item, path, keys)
    stars = r.integer(entry, "stars", path, default=0, minimum=1)
    level = r.choice(entry, "level", path, LEVELS)
    score = r.number(entry, "min_score", path, required=False, minimum=None)
    grades = r.items(entry.get("grades"), f"{path}.grades") or list(GRADES)
    for j, grade in enumerate(grades):
        if grade not in GRADES:
            r.fail(f"{path}.grades[{j}]", m.NOT_A_CHOICE, value=repr(grade), choices="A, B, C, D")
    raw = entry.get("minimums")
    minimums = r.mapping(raw, f"{path}.minimums", MEASURES) if raw is not None else {}
    floors = tuple(
        (k, _dec(r.number(minimums, k, f"{path}.minimums"))) for k in MEASURES if k in minimums
    )
    return StarLevel(stars, level, _maybe(score), frozenset(str(g) for g in grades), floors)


def parse_park_stars(data: Mapping[str, Any]) -> StarRules:
    """Check star criteria; build :class:`~microparks.core.parkeval.StarRules`.

    Raises
    ------
    DocumentError
        Listing every problem with its path (``levels[2].minimums.firms``, …).

    """
    r = Reader()
    doc = r.mapping(data, "", (*META, "levels"))
    raw = r.items(doc.get("levels"), "levels", required=True)
    levels = tuple(_level(r, item, f"levels[{i}]") for i, item in enumerate(raw))
    if not r.failed_at("levels") and [lv.stars for lv in levels] != list(range(1, len(levels) + 1)):
        r.fail("levels", m.STAR_LEVELS_ORDER)
    r.check()
    return StarRules(levels, version=str(doc.get("version") or ""))
