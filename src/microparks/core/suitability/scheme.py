"""Suitability schemes: criteria, value functions, weights and vetoes, as frozen dataclasses.

A scheme is a rules document of kind ``suitability``, read and checked by
:mod:`microparks.io.rules.suitability`. Weights come either with each criterion or from an AHP
pairwise matrix, whose consistency ratio must not exceed 0.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from microparks.core.labour.speeds import DEFAULT_ACCESS_SPEED_KMH
from microparks.core.mcda import AHPResult
from microparks.core.mcda._common import FloatArray
from microparks.core.suitability.criteria import Transform

Source = Literal["attribute", "nearest_distance", "catchment", "labour_shed"]
SOURCES: tuple[str, ...] = ("attribute", "nearest_distance", "catchment", "labour_shed")


@dataclass(frozen=True)
class Criterion:
    """One criterion: where its raw value comes from and its value function.

    ``source`` is ``attribute`` (column ``field`` of the sites), ``nearest_distance`` (metres to
    the nearest feature of context ``layer``), ``catchment`` (sum of ``field`` of the points
    of ``layer`` within ``radius_m``) or ``labour_shed`` (sum of ``field`` of the labour points
    of layer ``pool`` within ``minutes`` of travel over the road ``layer``; roads without a
    speed or class go at ``speed_kmh``, the straight line to the road at ``access_speed_kmh``,
    ``None`` to ignore it: :mod:`microparks.core.suitability.labour`).
    """

    name: str
    label: str
    source: Source
    transform: Transform
    field: str | None = None
    layer: str | None = None
    radius_m: float | None = None
    unit: str = ""
    minutes: float | None = None
    pool: str | None = None
    speed_kmh: float | None = None
    access_speed_kmh: float | None = DEFAULT_ACCESS_SPEED_KMH


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
        names = [c.layer for c in self.criteria if c.layer]
        names += [c.pool for c in self.criteria if c.pool]
        names += [v.layer for v in self.vetoes]
        return tuple(dict.fromkeys(n for n in names if n))
