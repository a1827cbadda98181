"""Suitability schemes: criteria with their value functions, weights or AHP judgements, vetoes.

Weights come either with each criterion (``weight``, summing to 1) or from an AHP pairwise
matrix (``pairwise``, one row per criterion), whose consistency ratio must not exceed 0.1
(Saaty 1980). See ``shipped/suitability/default.yaml`` for the format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from microparks.core.labour.speeds import DEFAULT_ACCESS_SPEED_KMH
from microparks.core.mcda import AHPResult, MCDAInputError, calc_ahp_weights
from microparks.core.mcda.ahp import MAX_CONSISTENCY_RATIO, InconsistentJudgementsError
from microparks.core.suitability import Criterion, Scheme, Veto
from microparks.core.suitability.criteria import KINDS, TRANSFORMS, CriterionError, Transform
from microparks.core.suitability.labour import DEFAULT_POOL_LAYER
from microparks.core.suitability.scheme import SOURCES
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

TOP = (
    "name",
    "version",
    "title",
    "description",
    "source",
    "method",
    "site_attributes",
    "criteria",
    "pairwise",
    "vetoes",
)
CRITERION = (
    "name",
    "label",
    "label_zh",
    "source",
    "field",
    "layer",
    "radius_m",
    "minutes",
    "pool",
    "speed_kmh",
    "access_speed_kmh",
    "unit",
    "kind",
    "transform",
    "lower",
    "upper",
    "ideal",
    "threshold",
    "points",
    "values",
    "weight",
)
WEIGHT_TOLERANCE = 1e-3


def parse_suitability(data: Mapping[str, Any]) -> Scheme:
    """Check a scheme mapping and build the :class:`~microparks.core.suitability.Scheme`.

    Raises
    ------
    DocumentError
        Listing every problem with its path (``criteria[2].upper``, ``pairwise``, …).

    """
    r = Reader()
    doc = r.mapping(data, "", TOP)
    method = r.choice(doc, "method", "", ("wsm", "topsis"), "wsm")
    entries = r.items(doc.get("criteria"), "criteria", required=True)
    parsed = [_criterion(r, entry, f"criteria[{i}]") for i, entry in enumerate(entries)]
    criteria = tuple(c for c, _ in parsed if c is not None)
    names = [c.name for c in criteria]
    for name in sorted({n for n in names if names.count(n) > 1}):
        r.fail("criteria", m.DUPLICATE, value=repr(name))
    weights, ahp = _weights(r, doc, criteria, [w for c, w in parsed if c is not None])
    vetoes = tuple(
        v
        for i, entry in enumerate(r.items(doc.get("vetoes"), "vetoes"))
        if (v := _veto(r, entry, f"vetoes[{i}]")) is not None
    )
    _site_attributes(r, doc.get("site_attributes"))
    r.check()
    return Scheme(
        name=str(doc.get("name") or "scheme"),
        version=str(doc.get("version") or ""),
        description=str(doc.get("description") or ""),
        method=method,  # type: ignore[arg-type]
        criteria=criteria,
        weights=weights,
        vetoes=vetoes,
        ahp=ahp,
    )


def _value(r: Reader, value: Any, where: str) -> float | None:
    """A number, or a fraction written as text (``"1/3"``), as AHP judgements often are."""
    if isinstance(value, str):
        try:
            return float(Fraction(value.replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            r.fail(where, m.EXPECTED_NUMBER, value=repr(value))
            return None
    return r.as_number(value, where, minimum=None)


def _criterion(r: Reader, entry: Any, path: str) -> tuple[Criterion | None, float | None]:
    item = r.mapping(entry, path, CRITERION)
    name = r.text(item, "name", path)
    source = r.choice(item, "source", path, SOURCES, "attribute")
    if source == "attribute" and not item.get("field"):
        r.fail(f"{path}.field", m.CRITERION_NEEDS, source=source, field="field")
    if source != "attribute" and not item.get("layer"):
        r.fail(f"{path}.layer", m.CRITERION_NEEDS, source=source, field="layer")
    radius = r.number(item, "radius_m", path, required=source == "catchment", positive=True)
    if source == "catchment" and not item.get("field"):
        r.fail(f"{path}.field", m.CRITERION_NEEDS, source=source, field="field")
    shed = source == "labour_shed"
    minutes = r.number(item, "minutes", path, required=shed, positive=True)
    speed = r.number(item, "speed_kmh", path, required=False, positive=True)
    # 0 ignores the straight line from a point to its road vertex (as --access-speed 0)
    access = r.number(
        item, "access_speed_kmh", path, required=False, default=DEFAULT_ACCESS_SPEED_KMH
    )
    bounds = {
        k: r.number(item, k, path, required=False, minimum=None)
        for k in ("lower", "upper", "ideal", "threshold")
    }
    points = [
        _value(r, p, f"{path}.points[{i}]")
        for i, p in enumerate(r.items(item.get("points"), f"{path}.points"))
    ]
    values = [
        _value(r, v, f"{path}.values[{i}]")
        for i, v in enumerate(r.items(item.get("values"), f"{path}.values"))
    ]
    weight = r.number(item, "weight", path, required=False)
    kind = r.choice(item, "kind", path, KINDS, "benefit")
    name_of = r.choice(item, "transform", path, TRANSFORMS, "linear")
    if r.failed_at(path) or None in points or None in values:
        return None, weight
    try:
        transform = Transform(
            name=name_of,  # type: ignore[arg-type]
            kind=kind,  # type: ignore[arg-type]
            points=tuple(p for p in points if p is not None),
            values=tuple(v for v in values if v is not None),
            **bounds,
        )
    except CriterionError as exc:
        r.fail(path, m.BAD_VALUE_FUNCTION, reason=str(exc))
        return None, weight
    criterion = Criterion(
        name=name,
        label=str(item.get("label") or name),
        source=source,  # type: ignore[arg-type]
        transform=transform,
        field=item.get("field"),
        layer=item.get("layer"),
        radius_m=radius,
        unit=str(item.get("unit") or ""),
        minutes=minutes,
        pool=(str(item.get("pool") or DEFAULT_POOL_LAYER)) if shed else None,
        speed_kmh=speed,
        access_speed_kmh=access or None,
    )
    return criterion, weight


def _veto(r: Reader, entry: Any, path: str) -> Veto | None:
    item = r.mapping(entry, path, ("name", "label", "label_zh", "layer", "buffer_m"))
    layer = r.text(item, "layer", path)
    buffer = r.number(item, "buffer_m", path, required=False, default=0.0)
    if not layer or buffer is None:
        return None
    name = str(item.get("name") or layer)
    return Veto(name, str(item.get("label") or name), layer, buffer)


def _weights(
    r: Reader, doc: Mapping[str, Any], criteria: Sequence[Criterion], given: Sequence[float | None]
) -> tuple[np.ndarray, AHPResult | None]:
    names = [c.name for c in criteria]
    n = len(names)
    pairwise = doc.get("pairwise")
    if pairwise is not None:
        if any(w is not None for w in given):
            r.fail("pairwise", m.WEIGHTS_OR_PAIRWISE)
        rows = r.items(pairwise, "pairwise")
        if len(rows) != n or any(not isinstance(row, list) or len(row) != n for row in rows):
            r.fail("pairwise", m.PAIRWISE_SHAPE, n=n)
            return np.full(n, 1.0 / max(n, 1)), None
        matrix = [
            [_value(r, v, f"pairwise[{i}][{j}]") for j, v in enumerate(row)]
            for i, row in enumerate(rows)
        ]
        if r.failed_at("pairwise") or r.failed_at("criteria"):
            return np.full(n, 1.0 / max(n, 1)), None
        return _ahp(r, matrix, names)
    if not n:
        return np.zeros(0), None
    missing = [c for c, w in zip(names, given, strict=True) if w is None]
    if missing:
        if not any(r.failed_at(f"criteria[{i}].weight") for i in range(n)):
            r.fail("criteria", m.NO_WEIGHT, names=", ".join(missing))
        return np.full(n, 1.0 / n), None
    w = np.array(given, dtype=np.float64)
    if w.sum() <= 0:
        r.fail("criteria", m.ALL_ZERO)
        return np.full(n, 1.0 / n), None
    r.weights_sum(float(w.sum()), "criteria", 1.0, WEIGHT_TOLERANCE)
    weights = w / w.sum()
    weights.setflags(write=False)
    return weights, None


def _ahp(
    r: Reader, matrix: list[list[float | None]], names: list[str]
) -> tuple[np.ndarray, AHPResult | None]:
    n = len(names)
    try:
        ahp = calc_ahp_weights([[float(v or 0.0) for v in row] for row in matrix], names)
    except InconsistentJudgementsError as exc:
        r.fail(
            "pairwise",
            m.INCONSISTENT,
            cr=f"{exc.result.consistency_ratio:.3f}",
            limit=f"{MAX_CONSISTENCY_RATIO:g}",
        )
        return np.full(n, 1.0 / n), None
    except MCDAInputError as exc:
        r.fail("pairwise", m.PAIRWISE_INVALID, reason=str(exc))
        return np.full(n, 1.0 / n), None
    weights = np.array(ahp.weights, dtype=np.float64)
    weights.setflags(write=False)
    return weights, ahp


def _site_attributes(r: Reader, raw: Any) -> None:
    if raw is None:
        return
    attrs = r.mapping(raw, "site_attributes", ("conversion_cost_by_condition",))
    costs = attrs.get("conversion_cost_by_condition")
    if costs is not None:
        path = "site_attributes.conversion_cost_by_condition"
        for key in r.mapping(costs, path):
            r.number(costs, str(key), path)
