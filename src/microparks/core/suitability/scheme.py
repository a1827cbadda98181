"""Suitability schemes as versioned data: criteria, value functions, weights and vetoes.

A scheme is parsed from a plain mapping (the YAML of a scheme file, read by
:mod:`microparks.io.schemes`). Weights come either with each criterion (``weight``) or from an
AHP pairwise matrix (``pairwise``), whose consistency ratio must not exceed 0.1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from microparks.core.mcda import AHPResult, MCDAInputError, calc_ahp_weights
from microparks.core.mcda._common import FloatArray, frozen
from microparks.core.suitability.criteria import CriterionError, Transform

Source = Literal["attribute", "nearest_distance", "catchment"]
SOURCES: tuple[str, ...] = ("attribute", "nearest_distance", "catchment")


class SchemeError(ValueError):
    """A scheme that cannot be used; the message names the offending entry."""


@dataclass(frozen=True)
class Criterion:
    """One criterion: where its raw value comes from and its value function.

    ``source`` is ``attribute`` (column ``field`` of the sites), ``nearest_distance`` (metres to
    the nearest feature of context ``layer``) or ``catchment`` (sum of ``field`` of the points
    of ``layer`` within ``radius_m``).
    """

    name: str
    label: str
    source: Source
    transform: Transform
    field: str | None = None
    layer: str | None = None
    radius_m: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class Veto:
    """A hard veto: sites inside a zone of ``layer`` or within ``buffer_m`` of one never rank."""

    name: str
    label: str
    layer: str
    buffer_m: float = 0.0


@dataclass(frozen=True)
class Scheme:
    """A parsed, checked suitability scheme; ``weights`` sum to 1 in criterion order."""

    name: str
    version: str
    description: str
    method: Literal["wsm", "topsis"]
    criteria: tuple[Criterion, ...]
    weights: FloatArray
    vetoes: tuple[Veto, ...]
    ahp: AHPResult | None = None

    @property
    def criterion_names(self) -> tuple[str, ...]:
        """Names of the criteria, in order."""
        return tuple(c.name for c in self.criteria)

    @property
    def layers(self) -> tuple[str, ...]:
        """Names of the context layers the scheme needs (criteria and vetoes)."""
        names = [c.layer for c in self.criteria if c.layer] + [v.layer for v in self.vetoes]
        return tuple(dict.fromkeys(n for n in names if n))


def _number(value: Any, where: str) -> float:
    try:
        if isinstance(value, str):
            return float(Fraction(value.replace(" ", "")))
        if isinstance(value, bool):
            raise TypeError
        result = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise SchemeError(f"{where}: {value!r} is not a number") from None
    if not np.isfinite(result):
        raise SchemeError(f"{where}: {value!r} is not a finite number")
    return result


def _optional(entry: Mapping[str, Any], key: str, where: str) -> float | None:
    return None if entry.get(key) is None else _number(entry[key], f"{where}.{key}")


def _criterion(entry: Any, i: int) -> tuple[Criterion, float | None]:
    where = f"criteria[{i}]"
    if not isinstance(entry, Mapping) or not entry.get("name"):
        raise SchemeError(f"{where}: a criterion is a mapping with at least a 'name'")
    where = f"criteria[{i}] ({entry['name']})"
    source = entry.get("source", "attribute")
    if source not in SOURCES:
        raise SchemeError(f"{where}: source {source!r} is not one of {', '.join(SOURCES)}")
    if source == "attribute" and not entry.get("field"):
        raise SchemeError(f"{where}: an attribute criterion needs 'field'")
    if source != "attribute" and not entry.get("layer"):
        raise SchemeError(f"{where}: a {source} criterion needs 'layer'")
    radius = _optional(entry, "radius_m", where)
    if source == "catchment" and (radius is None or radius <= 0 or not entry.get("field")):
        raise SchemeError(f"{where}: a catchment criterion needs 'field' and 'radius_m' > 0")
    try:
        transform = Transform(
            name=entry.get("transform", "linear"),
            kind=entry.get("kind", "benefit"),
            lower=_optional(entry, "lower", where),
            upper=_optional(entry, "upper", where),
            ideal=_optional(entry, "ideal", where),
            threshold=_optional(entry, "threshold", where),
            points=tuple(_number(p, f"{where}.points") for p in entry.get("points", ())),
            values=tuple(_number(v, f"{where}.values") for v in entry.get("values", ())),
        )
    except CriterionError as exc:
        raise SchemeError(f"{where}: {exc}") from None
    criterion = Criterion(
        name=str(entry["name"]),
        label=str(entry.get("label", entry["name"])),
        source=source,
        transform=transform,
        field=entry.get("field"),
        layer=entry.get("layer"),
        radius_m=radius,
        unit=str(entry.get("unit", "")),
    )
    return criterion, _optional(entry, "weight", where)


def _veto(entry: Any, i: int) -> Veto:
    if not isinstance(entry, Mapping) or not entry.get("layer"):
        raise SchemeError(f"vetoes[{i}]: a veto is a mapping with at least a 'layer'")
    buffer = _optional(entry, "buffer_m", f"vetoes[{i}]") or 0.0
    if buffer < 0:
        raise SchemeError(f"vetoes[{i}]: buffer_m must be non-negative")
    name = str(entry.get("name", entry["layer"]))
    return Veto(name, str(entry.get("label", name)), str(entry["layer"]), buffer)


def _weights(
    data: Mapping[str, Any], criteria: Sequence[Criterion], given: Sequence[float | None]
) -> tuple[FloatArray, AHPResult | None]:
    names = [c.name for c in criteria]
    pairwise = data.get("pairwise")
    if pairwise is not None:
        if any(w is not None for w in given):
            raise SchemeError("give either 'pairwise' judgements or per-criterion weights")
        matrix = [
            [_number(v, f"pairwise[{i}][{j}]") for j, v in enumerate(row)]
            for i, row in enumerate(pairwise)
        ]
        try:
            ahp = calc_ahp_weights(matrix, names)
        except MCDAInputError as exc:
            raise SchemeError(f"pairwise: {exc}") from None
        return frozen(np.array(ahp.weights)), ahp
    if any(w is None for w in given):
        missing = [n for n, w in zip(names, given, strict=True) if w is None]
        raise SchemeError(f"criteria without a weight: {', '.join(missing)}")
    w = np.array(given, dtype=np.float64)
    if np.any(w < 0) or w.sum() <= 0:
        raise SchemeError("weights must be non-negative and not all zero")
    return frozen(w / w.sum()), None


def parse_scheme(data: Mapping[str, Any]) -> Scheme:
    """Check and parse a scheme mapping (see ``schemes/default.yaml`` for the format).

    Raises
    ------
    SchemeError
        Naming the entry at fault.

    """
    if not isinstance(data, Mapping):
        raise SchemeError("a scheme is a mapping with name, version, criteria and vetoes")
    for key in ("name", "version", "criteria"):
        if not data.get(key):
            raise SchemeError(f"the scheme has no {key!r}")
    method = data.get("method", "wsm")
    if method not in ("wsm", "topsis"):
        raise SchemeError(f"method {method!r} is not 'wsm' or 'topsis'")
    entries = data["criteria"]
    if not isinstance(entries, Sequence) or isinstance(entries, str) or not entries:
        raise SchemeError("'criteria' must be a non-empty list")
    parsed = [_criterion(entry, i) for i, entry in enumerate(entries)]
    criteria = tuple(c for c, _ in parsed)
    names = [c.name for c in criteria]
    if len(set(names)) != len(names):
        raise SchemeError("criterion names must be unique")
    weights, ahp = _weights(data, criteria, [w for _, w in parsed])
    vetoes = tuple(_veto(entry, i) for i, entry in enumerate(data.get("vetoes") or ()))
    return Scheme(
        name=str(data["name"]),
        version=str(data["version"]),
        description=str(data.get("description", "")),
        method=method,
        criteria=criteria,
        weights=weights,
        vetoes=vetoes,
        ahp=ahp,
    )
