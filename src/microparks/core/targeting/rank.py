"""One county's full targeting table: every component built and combined (CLI and web share it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from microparks.core.impact import Concordance
from microparks.core.targeting.chain import ChainTarget, calc_chain_fit
from microparks.core.targeting.components import Component
from microparks.core.targeting.endowment import (
    EndowmentLink,
    calc_endowment_fit,
    check_endowments,
)
from microparks.core.targeting.growth import spread_to
from microparks.core.targeting.indices import ComplexityResult
from microparks.core.targeting.score import Exclusion, ScoreWeights, score_industries
from microparks.core.targeting.tradable import non_tradable_exclusion, non_tradable_flags

INCLUDED_EN = "non-tradable (local) industry, ranked on request"
INCLUDED_ZH = "非贸易（本地服务）行业，应要求参与排序"


@dataclass(frozen=True)
class Classification:
    """What the score needs from GB/T 4754: parents, names and labour intensity by code."""

    parents: Mapping[str, str | None]
    names: Mapping[str, str]
    labour_intensity: Mapping[str, str]

    @classmethod
    def from_frame(cls, table: pd.DataFrame) -> Classification:
        """From the shipped classification table (``code, name, parent, labour_intensity``)."""
        codes = table["code"].astype(str)
        return cls(
            parents={c: (p or None) for c, p in zip(codes, table["parent"], strict=True)},
            names=dict(zip(codes, table["name"], strict=True)),
            labour_intensity={
                c: v for c, v in zip(codes, table["labour_intensity"], strict=True) if v
            },
        )


@dataclass(frozen=True)
class ChainInputs:
    """An input–output table's coefficients, its concordance and the targets to link to."""

    A: NDArray[np.float64]
    concordance: Concordance
    targets: tuple[ChainTarget, ...]
    source: str = ""


@dataclass(frozen=True)
class CountyInputs:
    """Everything beyond the complexity result that one county's ranking uses."""

    endowments: Mapping[str, float] = field(default_factory=dict)
    links: Sequence[EndowmentLink] = ()
    chain: ChainInputs | None = None
    growth: Component | None = None
    labour_supply: float = 1.0


def rank_county(
    result: ComplexityResult,
    region: str,
    *,
    weights: ScoreWeights,
    classification: Classification,
    exclusions: tuple[Exclusion, ...] = (),
    inputs: CountyInputs | None = None,
    include_non_tradable: bool = False,
) -> pd.DataFrame:
    """Rank a county's candidate industries on all the components that have inputs.

    Parameters
    ----------
    result : ComplexityResult
        Complexity of the year over all regions.
    region : str
        The county.
    weights : ScoreWeights
        Component weights.
    classification : Classification
        GB/T 4754 parents, names, labour intensity.
    exclusions : tuple of Exclusion
        两高 and negative-list rules.
    inputs : CountyInputs, optional
        Endowments, chain inputs, national growth and labour supply.
    include_non_tradable : bool, default False
        Rank the industries of ``weights.non_tradable`` too (by default they are excluded:
        listed last, unranked, with the reason).

    Returns
    -------
    pandas.DataFrame
        :func:`~microparks.core.targeting.score.score_industries`'s table with a ``name``
        column, and ``non_tradable`` (bool) after ``excluded``.

    Raises
    ------
    ScoreInputError
        Unknown region, unknown endowments or chain targets outside the concordance.

    """
    inp = inputs or CountyInputs()
    inds = list(result.industries)
    extra: list[Component] = []
    if inp.endowments:
        declared = check_endowments(inp.endowments, inp.links)
        extra.append(
            calc_endowment_fit(
                inds,
                declared,
                inp.links,
                parents=classification.parents,
                names=classification.names,
            )
        )
    if inp.chain is not None and inp.chain.targets and region in result.regions:
        extra.append(
            calc_chain_fit(
                inds,
                result.mcp[result.regions.index(region)] == 1,
                inp.chain.A,
                inp.chain.concordance,
                inp.chain.targets,
                parents=classification.parents,
            )
        )
    if inp.growth is not None:
        extra.append(spread_to(inp.growth, inds, classification.parents))
    listed = weights.non_tradable
    if listed and not include_non_tradable:
        exclusions = (*exclusions, non_tradable_exclusion(listed, weights.version))
    table = score_industries(
        result,
        region,
        weights=weights,
        labour_intensity=classification.labour_intensity,
        labour_supply=inp.labour_supply,
        exclusions=exclusions,
        parents=classification.parents,
        extra=tuple(extra),
    )
    table.insert(2, "name", table["industry"].map(dict(classification.names)).fillna(""))
    flags = non_tradable_flags(table["industry"], listed, classification.parents)
    table.insert(list(table.columns).index("excluded") + 1, "non_tradable", flags)
    if include_non_tradable:
        marked = table["non_tradable"] & ~table["excluded"]
        for col, note, sep in (("reason_en", INCLUDED_EN, "; "), ("reason_zh", INCLUDED_ZH, "；")):
            table.loc[marked, col] = note + sep + table.loc[marked, col]
    return table
