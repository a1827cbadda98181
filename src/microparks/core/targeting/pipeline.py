"""One county's targeting run: the same steps for the command line and the web page.

::

    employment of all regions (EmploymentTable)
      → complexity of its latest year              calc_panel_complexity
      → national growth between two periods        calc_growth_between
      → county inputs, weights, admission rules    TargetingProblem
      → ranked industries with provenance          run_targeting → TargetingResult

``microparks targeting rank`` builds the inputs from files (:mod:`microparks.io.targeting_inputs`);
the web page (:mod:`microparks.apps.targeting.services`) from the deployment's files and the
county's records in the database, and caches the national complexity. Nothing here opens a file:
each input arrives as a table or a frozen dataclass with its :class:`InputSource` (file name and
SHA-256), which the result carries with the weights' and rules' versions.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from microparks.core.admission import RuleSet
from microparks.core.impact import Concordance
from microparks.core.targeting.chain import ChainTarget
from microparks.core.targeting.components import Component
from microparks.core.targeting.endowment import EndowmentLink
from microparks.core.targeting.growth import calc_national_growth
from microparks.core.targeting.indices import ComplexityResult, TargetingWarning
from microparks.core.targeting.panel import calc_complexity_panel
from microparks.core.targeting.rank import ChainInputs, Classification, CountyInputs, rank_county
from microparks.core.targeting.score import ScoreInputError, ScoreWeights, exclusions_from_rule_set
from microparks.core.targeting.tradable import is_sections_only

__all__ = [
    "ChainTable",
    "EmploymentTable",
    "InputSource",
    "PanelComplexity",
    "RegionNotInPanelError",
    "TargetingProblem",
    "TargetingResult",
    "calc_growth_between",
    "calc_panel_complexity",
    "complexity_columns",
    "run_targeting",
]


class RegionNotInPanelError(ScoreInputError):
    """The county has no row in the employment table, so it cannot be ranked."""

    def __init__(self, region: str, source: str) -> None:
        super().__init__(f"{source}: region {region} is not in the employment table")
        self.region = region
        self.source = source


@dataclass(frozen=True)
class InputSource:
    """Where one input came from: its role, a file name (or label) and the SHA-256 of its bytes."""

    role: str
    name: str
    sha256: str = ""

    @property
    def label(self) -> str:
        """``name`` with the first 12 hex digits of its hash, for pages and messages."""
        return f"{self.name} (sha256 {self.sha256[:12]})" if self.sha256 else self.name


@dataclass(frozen=True)
class EmploymentTable:
    """Employment of all regions: long ``region, industry, value[, year]`` and its source."""

    data: pd.DataFrame
    source: InputSource

    def latest(self) -> pd.DataFrame:
        """The rows of the latest year (all rows when there is no ``year`` column)."""
        if "year" not in self.data.columns:
            return self.data
        latest: pd.DataFrame = self.data[self.data["year"] == max(self.data["year"])]
        return latest

    @property
    def year(self) -> int | None:
        """The latest year, or None without a ``year`` column."""
        if "year" not in self.data.columns or self.data.empty:
            return None
        return int(float(max(self.data["year"])))


@dataclass(frozen=True)
class PanelComplexity:
    """Complexity of the employment table's latest year, over all its regions.

    ``notes`` holds the :class:`~.indices.TargetingWarning` messages of the computation.
    """

    result: ComplexityResult
    year: int | None
    source: InputSource
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChainTable:
    """An input–output table's coefficients and its GB/T 4754 concordance, with their sources."""

    A: NDArray[np.float64]
    concordance: Concordance
    sources: tuple[InputSource, ...] = ()


@dataclass(frozen=True)
class TargetingProblem:
    """Everything one county's ranking uses besides the national complexity.

    A component without its input (no endowments, no chain table or no targets, no growth)
    is left out of the weighted mean; :attr:`TargetingResult.left_out` names it. The
    industries of ``weights.non_tradable`` are excluded unless ``include_non_tradable``.
    """

    region: str
    weights: ScoreWeights
    rules: RuleSet
    classification: Classification
    links: Sequence[EndowmentLink] = ()
    endowments: Mapping[str, float] = field(default_factory=dict)
    chain_table: ChainTable | None = None
    targets: tuple[ChainTarget, ...] = ()
    growth: Component | None = None
    labour_supply: float = 1.0
    sources: tuple[InputSource, ...] = ()
    include_non_tradable: bool = False


@dataclass(frozen=True)
class TargetingResult:
    """The ranked table and what it was computed from.

    Attributes
    ----------
    table : pandas.DataFrame
        :func:`~microparks.core.targeting.rank.rank_county`'s table.
    region : str
    year : int or None
        The employment table's year.
    weights_version, rules_version : str
        Versions of the weight set and of the admission rule set (``name version``).
    sources : tuple of InputSource
        The employment table's, then the problem's (chain table, growth periods, …).
    left_out : tuple of str
        Components without an input, left out of every industry's score.
    notes : tuple of str
        Warnings of the complexity computation.
    sections_only : bool
        The employment table holds only GB/T 4754 sections (门类): whole sections are ranked,
        and finer data (大类/中类 from the economic census) is needed to choose targets.
    non_tradable : tuple of str
        The weights document's non-tradable codes.
    non_tradable_included : bool
        Whether they were ranked on request (else excluded).

    """

    table: pd.DataFrame
    region: str
    year: int | None
    weights_version: str
    rules_version: str
    sources: tuple[InputSource, ...]
    left_out: tuple[str, ...]
    notes: tuple[str, ...] = ()
    sections_only: bool = False
    non_tradable: tuple[str, ...] = ()
    non_tradable_included: bool = False


def calc_panel_complexity(table: EmploymentTable, *, threshold: float = 1.0) -> PanelComplexity:
    """Complexity of the latest year of ``table`` (warnings kept as notes, not raised).

    Parameters
    ----------
    table : EmploymentTable
        Employment of all regions.
    threshold : float, default 1.0
        Presence when LQ >= threshold.

    Returns
    -------
    PanelComplexity

    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TargetingWarning)
        result = calc_complexity_panel(table.latest(), threshold=threshold).years[0]
    notes = tuple(str(w.message) for w in caught)
    return PanelComplexity(result=result, year=table.year, source=table.source, notes=notes)


def calc_growth_between(
    start: EmploymentTable, end: EmploymentTable, mapping: pd.DataFrame | None = None
) -> Component:
    """National growth of each industry from ``start``'s latest year to ``end``'s.

    The periods are labelled by their years (``start``/``end`` without a year column), and
    ``mapping`` (``source, target[, weight]``) brings the start period's codes to the end's.
    """
    return calc_national_growth(
        start.latest(),
        end.latest(),
        mapping=mapping,
        years=(start.year or "start", end.year or "end"),
    )


def _left_out(problem: TargetingProblem) -> tuple[str, ...]:
    out = []
    if not problem.endowments:
        out.append("endowment_fit")
    if problem.chain_table is None or not problem.targets:
        out.append("chain_fit")
    if problem.growth is None:
        out.append("national_growth")
    return tuple(out)


def run_targeting(panel: PanelComplexity, problem: TargetingProblem) -> TargetingResult:
    """Rank ``problem.region``'s industries on every component that has an input.

    Parameters
    ----------
    panel : PanelComplexity
        From :func:`calc_panel_complexity`.
    problem : TargetingProblem
        The county's inputs, weights and admission rules (两高 and negative-list exclusions).

    Returns
    -------
    TargetingResult

    Raises
    ------
    RegionNotInPanelError
        The county is not in the employment table.
    ScoreInputError
        Unknown endowments, chain targets outside the concordance, labour supply out of range.

    """
    if problem.region not in panel.result.regions:
        raise RegionNotInPanelError(problem.region, panel.source.name)
    chain = None
    chain_sources: tuple[InputSource, ...] = ()
    if problem.chain_table is not None and problem.targets:
        chain_sources = problem.chain_table.sources
        chain = ChainInputs(
            A=problem.chain_table.A,
            concordance=problem.chain_table.concordance,
            targets=problem.targets,
            source=", ".join(s.name for s in chain_sources),
        )
    table = rank_county(
        panel.result,
        problem.region,
        weights=problem.weights,
        classification=problem.classification,
        exclusions=exclusions_from_rule_set(problem.rules),
        inputs=CountyInputs(
            endowments=problem.endowments,
            links=problem.links,
            chain=chain,
            growth=problem.growth,
            labour_supply=problem.labour_supply,
        ),
        include_non_tradable=problem.include_non_tradable,
    )
    return TargetingResult(
        table=table,
        region=problem.region,
        year=panel.year,
        weights_version=problem.weights.version,
        rules_version=f"{problem.rules.name} {problem.rules.version}",
        sources=(panel.source, *chain_sources, *problem.sources),
        left_out=_left_out(problem),
        notes=panel.notes,
        sections_only=is_sections_only(panel.result.industries),
        non_tradable=problem.weights.non_tradable,
        non_tradable_included=problem.include_non_tradable,
    )


def complexity_columns(panel: PanelComplexity, region: str) -> pd.DataFrame:
    """Each industry's PCI and the region's employment in it (``industry, pci, employment``)."""
    r = panel.result.regions.index(region)
    return pd.DataFrame(
        {
            "industry": list(panel.result.industries),
            "pci": panel.result.pci,
            "employment": panel.result.matrix[r],
        }
    )
