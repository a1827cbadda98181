r"""Scenario: what a candidate region may expect, scaled from a pilot and its peers.

Each reference region :math:`k` with observed outcomes :math:`y_k` (parks, firms, jobs, tax)
gives an estimate for candidate :math:`c`

.. math:: \hat{y}_{c,k} = \frac{y_k}{s_k}\, s_c \left(\frac{R_c}{R_k}\right)^{\varepsilon}

with :math:`s` a scale indicator (e.g. rural working-age population), :math:`R` the readiness
score and :math:`\varepsilon` the readiness elasticity (0 ignores readiness). The central value
is the median over references and the band their quantiles; with fewer than three references
the band is the central value times :math:`(1 \mp b)` with a stated relative width ``b``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from microparks.core.messages import MessageError, gettext_noop, joined

__all__ = ["ScenarioError", "ScenarioResult", "calc_scenario"]


class ScenarioError(MessageError):
    """No scenario: no reference, or a region without a positive scale or score (translatable)."""


@dataclass(frozen=True)
class ScenarioResult:
    """Expected outcomes for a candidate region.

    Attributes
    ----------
    candidate : str
    table : pandas.DataFrame
        Index = outcome; columns ``expected``, ``low``, ``high``.
    estimates : pandas.DataFrame
        Index = reference region, one column per outcome: the per-reference estimates.
    elasticity, relative_band : float
    quantiles : tuple of float

    """

    candidate: str
    table: pd.DataFrame
    estimates: pd.DataFrame
    elasticity: float
    relative_band: float
    quantiles: tuple[float, float]


def calc_scenario(
    outcomes: pd.DataFrame,
    scale: Mapping[str, float] | pd.Series,
    candidate: str,
    *,
    readiness: Mapping[str, float] | pd.Series | None = None,
    elasticity: float = 1.0,
    quantiles: tuple[float, float] = (0.1, 0.9),
    relative_band: float = 0.5,
) -> ScenarioResult:
    r"""Scale the references' outcomes to the candidate, with an uncertainty band.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Index = reference region (the pilot and any peers with known results); one column per
        outcome (e.g. ``parks``, ``firms``, ``jobs``, ``tax_cny``).
    scale : mapping or pandas.Series
        Scale indicator by region, covering the references and the candidate.
    candidate : str
        Region code.
    readiness : mapping or pandas.Series, optional
        Readiness scores by region; required when ``elasticity`` is not 0.
    elasticity : float, default 1.0
        Readiness elasticity :math:`\varepsilon`.
    quantiles : (float, float), default (0.1, 0.9)
        Band from the per-reference estimates (three or more references).
    relative_band : float, default 0.5
        Band half-width relative to the central value with fewer than three references.

    Returns
    -------
    ScenarioResult

    Examples
    --------
    >>> out = pd.DataFrame({"jobs": [3000.0]}, index=["pilot"])
    >>> r = calc_scenario(out, {"pilot": 100.0, "cand": 50.0}, "cand", elasticity=0.0)
    >>> r.table.loc["jobs"].tolist()
    [1500.0, 750.0, 2250.0]

    """
    s = pd.Series(scale, dtype=np.float64)
    refs = list(outcomes.index)
    if not refs:
        raise ScenarioError(gettext_noop("need at least one reference region with outcomes"))
    factor = _scaling(s, readiness, refs, candidate, elasticity)
    estimates = outcomes.astype(np.float64).mul(factor.to_numpy(), axis=0)
    central = estimates.median()
    low, high = _band(estimates, central, quantiles, relative_band)
    table = pd.DataFrame({"expected": central, "low": low, "high": high})
    return ScenarioResult(
        candidate=candidate,
        table=table,
        estimates=estimates,
        elasticity=elasticity,
        relative_band=relative_band,
        quantiles=quantiles,
    )


def _scaling(
    s: pd.Series,
    readiness: Mapping[str, float] | pd.Series | None,
    refs: list[str],
    candidate: str,
    elasticity: float,
) -> pd.Series:
    r"""Per reference :math:`k` the factor :math:`(s_c / s_k) (R_c / R_k)^{\varepsilon}`.

    Every reference and the candidate need a positive scale value, and a positive readiness
    score unless the elasticity is 0 (readiness then plays no part).
    """
    needed = [*refs, candidate]
    lacking = [r for r in needed if r not in s.index or not s[r] > 0]
    if lacking:
        raise ScenarioError(
            gettext_noop("no positive scale value for region(s) %(regions)s"),
            {"regions": joined(lacking)},
        )
    factor: pd.Series = s[candidate] / s[refs]
    if elasticity == 0:
        return factor
    if readiness is None:
        raise ScenarioError(gettext_noop("readiness scores are needed when elasticity is not 0"))
    r = pd.Series(readiness, dtype=np.float64)
    lacking = [x for x in needed if x not in r.index or not r[x] > 0]
    if lacking:
        raise ScenarioError(
            gettext_noop("no positive readiness score for region(s) %(regions)s"),
            {"regions": joined(lacking)},
        )
    with_readiness: pd.Series = factor * (r[candidate] / r[refs]) ** elasticity
    return with_readiness


def _band(
    estimates: pd.DataFrame,
    central: pd.Series,
    quantiles: tuple[float, float],
    relative_band: float,
) -> tuple[pd.Series, pd.Series]:
    """The band: quantiles of three or more estimates, else the central value ± a stated share."""
    if len(estimates) >= 3:
        return estimates.quantile(quantiles[0]), estimates.quantile(quantiles[1])
    return central * (1 - relative_band), central * (1 + relative_band)
