r"""Park impact: direct effects of tenants, indirect and induced effects, net additional impact.

Gross effects follow the input–output ratio (Type I / Type II) multipliers of
:mod:`~microparks.core.impact.multipliers`: for a measure with direct effect :math:`d_s` in sector
:math:`s`, total Type I is :math:`d_s m^{I}_s`, so indirect :math:`= d_s (m^{I}_s - 1)` and
induced :math:`= d_s (m^{II}_s - m^{I}_s)`. Output uses the output multipliers (the tenants'
output treated as new final demand); jobs, income and tax use their own ratio multipliers where
the table has them and the output multipliers otherwise (effects proportional to output).

Net additional impact (HCA 2014, *Additionality Guide*, 4th ed., ch. 4):
:math:`\text{net} = \text{gross} (1 - \text{deadweight}) (1 - \text{leakage})
(1 - \text{displacement})`, with the multiplier part scaled by a factor :math:`k` for table error.
Uncertainty bands: Monte Carlo over triangular distributions of the shares and of :math:`k`
(seeded, so a run is reproducible).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from microparks.core.impact.iomath import FloatArray
from microparks.core.impact.multipliers import MultiplierResult
from microparks.core.messages import Message, MessageError, gettext_noop

__all__ = [
    "MEASURES",
    "AdditionalityRanges",
    "ImpactResult",
    "ShareRange",
    "calc_park_impact",
    "check_additionality",
]

MEASURES = ("output", "jobs", "income", "tax")
_RATIO = {"output": "output", "jobs": "employment", "income": "income", "tax": "tax"}
SHARES = ("deadweight", "displacement", "leakage")


@dataclass(frozen=True)
class ShareRange:
    """A central value and a (low, high) range."""

    default: float
    low: float
    high: float


@dataclass(frozen=True)
class AdditionalityRanges:
    """Deadweight, displacement, leakage shares and the multiplier factor, with ranges."""

    deadweight: ShareRange
    displacement: ShareRange
    leakage: ShareRange
    multiplier: ShareRange
    version: str = ""

    def factor(self) -> float:
        """The central additionality factor :math:`(1-dw)(1-lk)(1-dp)`."""
        return (
            (1 - self.deadweight.default)
            * (1 - self.leakage.default)
            * (1 - self.displacement.default)
        )


OUTPUT_MULTIPLIER_USED = gettext_noop(
    "%(measure)s: %(kind)s multiplier missing for some sectors; output multiplier used"
)
NOT_CLOSED = gettext_noop(
    "%(measure)s: model not closed to households; induced effects set to zero"
)
DIRECT_ONLY = gettext_noop("no input-output table: direct effects only")


def _range(data: Mapping[str, Any], name: str, upper: float) -> ShareRange:
    try:
        r = ShareRange(float(data["default"]), float(data["low"]), float(data["high"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise MessageError(
            gettext_noop("%(name)s: needs numeric default, low and high"), {"name": name}
        ) from exc
    if not 0 <= r.low <= r.default <= r.high <= upper:
        raise MessageError(
            gettext_noop("%(name)s: need 0 <= low <= default <= high <= %(upper)s, got %(range)s"),
            {"name": name, "upper": upper, "range": r},
        )
    return r


def check_additionality(data: Mapping[str, Any]) -> AdditionalityRanges:
    """Validate parsed additionality data (see ``data/additionality.yaml``).

    Parameters
    ----------
    data : mapping
        ``{"shares": {name: {default, low, high}}, "multiplier": {default, low, high}}``.

    Returns
    -------
    AdditionalityRanges

    Raises
    ------
    ValueError

    """
    shares = data.get("shares", {})
    parsed = {name: _range(shares.get(name, {}), name, 0.999) for name in SHARES}
    mult = _range(data.get("multiplier", {"default": 1, "low": 1, "high": 1}), "multiplier", 10.0)
    return AdditionalityRanges(
        deadweight=parsed["deadweight"],
        displacement=parsed["displacement"],
        leakage=parsed["leakage"],
        multiplier=mult,
        version=str(data.get("version", "")),
    )


@dataclass(frozen=True)
class ImpactResult:
    """Gross and net impact per measure, with Monte Carlo bands.

    Attributes
    ----------
    table : pandas.DataFrame
        Index = measure (output, jobs, income, tax); columns ``direct, indirect, induced,
        gross_total, net_direct, net_total, net_total_p05, net_total_p50, net_total_p95``.
    assumptions : AdditionalityRanges
    seed : int
    draws : int
    notes : tuple of Message
        Assumptions made on the way (e.g. a measure scaled with the output multiplier), in
        English as strings, translatable by their template.

    """

    table: pd.DataFrame
    assumptions: AdditionalityRanges
    seed: int
    draws: int
    notes: tuple[Message, ...] = field(default=())


def _multiplier(
    mult: MultiplierResult, measure: str, kind: str, notes: list[Message]
) -> FloatArray:
    values = mult.multipliers[f"{_RATIO[measure]}_{kind}"]
    fallback = mult.multipliers[f"output_{kind}"]
    if measure != "output" and np.isnan(values).any():
        notes.append(Message(OUTPUT_MULTIPLIER_USED, {"measure": measure, "kind": kind}))
        values = np.where(np.isnan(values), fallback, values)
    if kind == "type2" and np.isnan(values).any():
        notes.append(Message(NOT_CLOSED, {"measure": measure}))
        values = np.where(np.isnan(values), _multiplier(mult, measure, "type1", notes), values)
    return values


def _triangular(rng: np.random.Generator, r: ShareRange, size: int) -> FloatArray:
    if r.high == r.low:
        return np.full(size, r.default)
    return rng.triangular(r.low, r.default, r.high, size)


def calc_park_impact(
    direct: Mapping[str, FloatArray | list[float]],
    multipliers: MultiplierResult | None,
    assumptions: AdditionalityRanges,
    *,
    draws: int = 2000,
    seed: int = 0,
) -> ImpactResult:
    """Gross (direct, indirect, induced) and net impact of a park's tenants, with bands.

    Parameters
    ----------
    direct : mapping of measure to array_like, shape (n_sectors,)
        Direct annual effects by table sector (use
        :func:`~microparks.core.impact.concordance.calc_sector_totals` to map tenants'
        industry codes): keys among ``output``, ``jobs``, ``income`` (wages), ``tax``.
    multipliers : MultiplierResult or None
        Multipliers of the table the sectors belong to; None when no input–output table is
        available: direct effects only (all multipliers 1), which the notes say.
    assumptions : AdditionalityRanges
        Deadweight, displacement, leakage and multiplier factor, with ranges.
    draws : int, default 2000
        Monte Carlo draws (0 for none).
    seed : int, default 0
        Seed of the random generator (the same seed gives the same bands).

    Returns
    -------
    ImpactResult

    """
    notes: list[Message] = []
    n = _n_sectors(direct, multipliers, notes)
    factor, k = _draw_factors(np.random.default_rng(seed), assumptions, draws)
    rows = []
    for measure in MEASURES:
        if measure not in direct:
            continue
        d = np.asarray(direct[measure], dtype=np.float64).reshape(-1)
        if d.size != n:
            raise MessageError(
                gettext_noop("direct %(measure)s has %(size)s sectors, expected %(expected)s"),
                {"measure": measure, "size": d.size, "expected": n},
            )
        if multipliers is None:
            m1 = m2 = np.ones(n)
        else:
            m1 = _multiplier(multipliers, measure, "type1", notes)
            m2 = _multiplier(multipliers, measure, "type2", notes)
        rows.append({"measure": measure, **_effects(d, m1, m2, assumptions, factor, k)})
    table = pd.DataFrame(rows).set_index("measure")
    return ImpactResult(
        table=table,
        assumptions=assumptions,
        seed=seed,
        draws=draws,
        notes=tuple(dict.fromkeys(notes)),
    )


def _n_sectors(
    direct: Mapping[str, FloatArray | list[float]],
    multipliers: MultiplierResult | None,
    notes: list[Message],
) -> int:
    """The number of table sectors: the multipliers' or, without a table, the direct effects'."""
    if multipliers is not None:
        return len(multipliers.sectors)
    sizes = {np.asarray(v, dtype=np.float64).size for v in direct.values()}
    if len(sizes) > 1:
        raise MessageError(gettext_noop("direct effects must all have the same number of sectors"))
    notes.append(Message(DIRECT_ONLY))
    return sizes.pop() if sizes else 0


def _draw_factors(
    rng: np.random.Generator, a: AdditionalityRanges, draws: int
) -> tuple[FloatArray, FloatArray]:
    """Monte Carlo draws of the additionality factor and of the multiplier factor ``k``.

    Each share is drawn from its triangular range, in a fixed order (deadweight, leakage,
    displacement, multiplier) so that a seed always gives the same bands.
    """
    factor = (
        (1 - _triangular(rng, a.deadweight, draws))
        * (1 - _triangular(rng, a.leakage, draws))
        * (1 - _triangular(rng, a.displacement, draws))
    )
    return factor, _triangular(rng, a.multiplier, draws)


def _effects(
    d: FloatArray,
    m1: FloatArray,
    m2: FloatArray,
    a: AdditionalityRanges,
    factor: FloatArray,
    k: FloatArray,
) -> dict[str, float]:
    """One measure's gross effects (direct, indirect, induced) and net ones, with bands.

    Net = additionality factor × (direct + multiplier factor × spill-over), where the spill-over
    is the Type II total less the direct effect; the bands are the 5th, 50th and 95th
    percentiles over the draws (NaN without draws).
    """
    central = a.factor()
    dsum = float(d.sum())
    type1 = float(d @ m1)
    type2 = float(d @ m2)
    spill = type2 - dsum  # the multiplier part, scaled by k in the simulation
    sims = factor * (dsum + k * spill)
    p05, p50, p95 = np.percentile(sims, [5, 50, 95]) if factor.size else (np.nan,) * 3
    return {
        "direct": dsum,
        "indirect": type1 - dsum,
        "induced": type2 - type1,
        "gross_total": type2,
        "net_direct": central * dsum,
        "net_total": central * (dsum + a.multiplier.default * spill),
        "net_total_p05": float(p05),
        "net_total_p50": float(p50),
        "net_total_p95": float(p95),
    }
