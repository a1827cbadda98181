"""A readiness scheme: indicators with weights and directions, eligibility rules, peers.

Parsed from YAML (``schemes/*.yaml``) by :func:`check_scheme`; every refusal is a
:class:`SchemeError` whose message the web and the commands show in the user's language, and so
is the reason a region is not eligible (:func:`eligibility_message`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from microparks.core.mcda import NORMALIZATIONS, Normalization
from microparks.core.messages import Message, MessageError, gettext_noop

__all__ = [
    "OUTSIDE",
    "Indicator",
    "ReadinessScheme",
    "SchemeError",
    "check_scheme",
    "eligibility_message",
    "eligibility_reason",
]


class SchemeError(MessageError):
    """A readiness scheme is malformed or does not fit the regions' data (translatable)."""


@dataclass(frozen=True)
class Indicator:
    """One indicator of a readiness scheme."""

    name: str
    weight: float
    direction: str  # "benefit" or "cost"
    label: str
    optional: bool = False
    transform: str = "none"  # "none" or "log" (log1p, for heavy-tailed counts)


@dataclass(frozen=True)
class ReadinessScheme:
    """Indicators with weights and directions, normalisation and the peer indicators."""

    name: str
    version: str
    indicators: tuple[Indicator, ...]
    normalization: Normalization
    peer_indicators: tuple[str, ...]
    eligibility: tuple[tuple[str, float, float], ...] = ()
    min_known: int = 10


def check_scheme(data: Mapping[str, Any]) -> ReadinessScheme:
    """Validate a parsed scheme (YAML mapping, see ``schemes/*.yaml``).

    Parameters
    ----------
    data : mapping
        ``name``, ``version``, ``normalization`` (default ``minmax``), ``indicators``
        (name → ``weight``, ``direction``, optional ``label``, ``optional`` and ``transform``;
        ``log`` applies log(1 + x) before normalising, for heavy-tailed counts) and optionally
        ``peers.indicators`` and ``eligibility`` (column → ``min``/``max``: regions outside
        are not scored, e.g. development zones with a few thousand residents), ``min_known``
        (default 10: an optional indicator known for fewer regions is not scored).

    Returns
    -------
    ReadinessScheme

    Raises
    ------
    SchemeError

    """
    raw = data.get("indicators")
    if not isinstance(raw, Mapping) or not raw:
        raise SchemeError(gettext_noop("a scheme needs a non-empty 'indicators' mapping"))
    indicators = [_check_indicator(name, spec) for name, spec in raw.items()]
    if sum(i.weight for i in indicators) <= 0:
        raise SchemeError(gettext_noop("the weights sum to zero"))
    norm = str(data.get("normalization", "minmax"))
    if norm not in NORMALIZATIONS or norm == "none":
        raise SchemeError(gettext_noop("unknown normalization %(name)s"), {"name": repr(norm)})
    peers = data.get("peers", {}) or {}
    peer_names = tuple(str(p) for p in peers.get("indicators", [i.name for i in indicators]))
    eligibility = _check_eligibility(data.get("eligibility") or {})
    try:
        min_known = int(data.get("min_known", 10))
    except (TypeError, ValueError) as exc:
        raise SchemeError(gettext_noop("min_known must be a whole number")) from exc
    if min_known < 2:
        raise SchemeError(
            gettext_noop("min_known must be at least 2 (one value cannot be normalised)")
        )
    return ReadinessScheme(
        min_known=min_known,
        eligibility=eligibility,
        name=str(data.get("name", "")),
        version=str(data.get("version", "")),
        indicators=tuple(indicators),
        normalization=norm,  # type: ignore[arg-type]  # checked against NORMALIZATIONS above
        peer_indicators=peer_names,
    )


def _check_indicator(name: Any, spec: Any) -> Indicator:
    """One indicator's weight (a number ≥ 0), direction and transform, checked."""
    shown = {"name": repr(name)}
    if not isinstance(spec, Mapping):
        raise SchemeError(gettext_noop("indicator %(name)s: expected weight and direction"), shown)
    try:
        weight = float(spec["weight"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemeError(
            gettext_noop("indicator %(name)s: weight must be a number"), shown
        ) from exc
    direction = str(spec.get("direction", "benefit"))
    transform = str(spec.get("transform", "none"))
    if transform not in ("none", "log"):
        raise SchemeError(gettext_noop("indicator %(name)s: transform must be none or log"), shown)
    if direction not in ("benefit", "cost") or not np.isfinite(weight) or weight < 0:
        raise SchemeError(
            gettext_noop(
                "indicator %(name)s: need weight >= 0 and direction benefit|cost "
                "(weight %(weight)s, direction %(direction)s)"
            ),
            {**shown, "weight": repr(spec["weight"]), "direction": repr(direction)},
        )
    label = str(spec.get("label", name))
    return Indicator(str(name), weight, direction, label, bool(spec.get("optional")), transform)


def _check_eligibility(raw: Mapping[Any, Any]) -> tuple[tuple[str, float, float], ...]:
    """The eligibility rules as (column, min, max); an absent bound is unbounded."""
    eligibility = []
    for column, bounds in raw.items():
        try:
            lo = float(bounds.get("min", -np.inf))
            hi = float(bounds.get("max", np.inf))
        except (AttributeError, TypeError, ValueError) as exc:
            raise SchemeError(
                gettext_noop("eligibility %(column)s: expected numeric min and/or max"),
                {"column": repr(column)},
            ) from exc
        eligibility.append((str(column), lo, hi))
    return tuple(eligibility)


OUTSIDE = gettext_noop("%(column)s outside [%(low)s, %(high)s]")
"""Why a region is not scored: the first eligibility rule it fails (or has no value for)."""


def eligibility_message(column: str, low: float, high: float) -> Message:
    """The reason a region fails the rule ``low <= column <= high``, as the table holds it."""
    return Message(OUTSIDE, {"column": column, "low": f"{low:g}", "high": f"{high:g}"})


def eligibility_reason(text: str, scheme: ReadinessScheme) -> Message | None:
    """The message behind a ``not_eligible`` cell read back from a ranking file.

    The file holds the English text; the scheme's rule that wrote it gives the message again,
    so that it can be shown in the reader's language. ``None`` when no rule of ``scheme`` wrote
    it (a file ranked with another scheme).
    """
    for column, low, high in scheme.eligibility:
        message = eligibility_message(column, low, high)
        if message == text:
            return message
    return None
