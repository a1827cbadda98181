"""The input files of ``microparks targeting``, read into the problem of ``run_targeting``.

Files are read by :mod:`microparks.io.targeting_inputs`; the web page builds the same
:class:`~microparks.core.targeting.pipeline.TargetingProblem` from the deployment's files and the
database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from microparks.cli.errors import fail
from microparks.cli.table_input import note_reading, refuse_table
from microparks.core.targeting.components import Component
from microparks.core.targeting.pipeline import (
    EmploymentTable,
    InputSource,
    RegionNotInPanelError,
    TargetingProblem,
    TargetingResult,
    calc_growth_between,
)
from microparks.core.targeting.score import ScoreInputError, ScoreWeights
from microparks.io.admission import read_industry_tree, read_rule_set
from microparks.io.rules import DocumentError, load_shipped, read_rules_file
from microparks.io.tables import LongTableError, read_long_csv
from microparks.io.targeting_inputs import (
    file_source,
    read_chain_table,
    read_chain_targets,
    read_county_endowments,
    read_employment_table,
    read_endowment_links,
    read_growth_mapping,
    read_targeting_classification,
)

RANK_INPUT_ERRORS = (ScoreInputError, DocumentError, LongTableError)
"""What a wrong input file raises: the command ends with exit code 1 and the message."""


@dataclass(frozen=True)
class RankFiles:
    """The files given to ``microparks targeting rank`` (None: not given)."""

    employment: Path
    weights: Path | None = None
    rules: Path | None = None
    endowments: Path | None = None
    io_table: Path | None = None
    make: Path | None = None
    use: Path | None = None
    concordance: Path | None = None
    targets: Path | None = None
    growth_start: Path | None = None
    growth_mapping: Path | None = None


def read_long(path: Path) -> pd.DataFrame:
    """A long table ``region, industry, value[, year]`` (CSV or workbook, our or Chinese headers).

    A bad file ends the command (exit 1), each bad cell printed in Chinese; total and blank rows
    left out and a GBK file are noted on standard error.
    """
    try:
        table = read_long_csv(path)
    except LongTableError as exc:
        raise refuse_table(exc) from None
    if table.empty:
        raise fail(f"{path.name}: the table has no rows below its header", 1)
    note_reading(path.name, table.attrs.get("encoding"), table.attrs.get("skipped", ()))
    return table


def check_chain_options(files: RankFiles) -> None:
    """The chain fit needs a table and targets together (a usage error otherwise: exit 2)."""
    table = files.io_table or files.make or files.use
    if files.targets is None and table:
        raise fail("--io-table/--make/--use need --targets (leading and anchor industries)")
    if files.targets is not None and files.io_table is None and not (files.make and files.use):
        raise fail("--targets needs --io-table FILE, or --make FILE and --use FILE")


def missing_region(exc: RegionNotInPanelError) -> str:
    """One line, Chinese first, naming the file and the county missing from it."""
    return (
        f"{exc.source}: 就业数据中没有地区 {exc.region}，无法排序"
        f"（请加入该县的 region,industry,value 行） — "
        f"region {exc.region} is not in the employment table"
    )


def _growth(files: RankFiles, end: EmploymentTable) -> tuple[Component | None, list[InputSource]]:
    if files.growth_start is None:
        return None, []
    start = read_employment_table(files.growth_start, role="growth_start")
    mapping = read_growth_mapping(files.growth_start, files.growth_mapping)
    sources = [start.source]
    if files.growth_mapping is not None:
        sources.append(file_source(files.growth_mapping, "growth_mapping"))
    return calc_growth_between(start, end, mapping), sources


def read_weights(path: Path | None) -> ScoreWeights:
    """The weights document of ``--weights`` (a rules-document YAML), else the shipped one.

    Raises
    ------
    ScoreInputError
        If the file cannot be read or the weights are invalid; the file is named.

    """
    known = read_industry_tree().parents.keys()
    if path is None:
        shipped: ScoreWeights = load_shipped("targeting", known_codes=known)
        return shipped
    try:
        weights: ScoreWeights = read_rules_file("targeting", path, known_codes=known).value
    except DocumentError as exc:
        raise ScoreInputError(f"{path}: {exc}") from None
    return weights


def rank_problem(
    files: RankFiles,
    region: str,
    labour_supply: float,
    employment: EmploymentTable,
    include_non_tradable: bool = False,
) -> TargetingProblem:
    """Read every input file of ``rank`` (``employment`` is also the growth's end period).

    Raises
    ------
    ScoreInputError, DocumentError, LongTableError
        A file that cannot be used (see :data:`RANK_INPUT_ERRORS`).

    """
    weights = read_weights(files.weights)
    rules = read_rule_set(files.rules) if files.rules else read_rule_set()
    endowments = read_county_endowments(files.endowments, region) if files.endowments else {}
    targets = tuple(read_chain_targets(files.targets, region)) if files.targets else ()
    chain_table = None
    if files.targets is not None:
        chain_table = read_chain_table(
            files.io_table, make=files.make, use=files.use, concordance=files.concordance
        )
    growth, sources = _growth(files, employment)
    given = {"weights": files.weights, "rules": files.rules, "endowments": files.endowments}
    given["targets"] = files.targets
    sources += [file_source(path, role) for role, path in given.items() if path is not None]
    return TargetingProblem(
        region=region,
        weights=weights,
        rules=rules,
        classification=read_targeting_classification(),
        links=read_endowment_links(),
        endowments=endowments,
        chain_table=chain_table,
        targets=targets,
        growth=growth,
        labour_supply=labour_supply,
        sources=tuple(sources),
        include_non_tradable=include_non_tradable,
    )


def ranking_notes(result: TargetingResult) -> list[str]:
    """What the reader of a ranking must know, Chinese first: sections only, non-tradables."""
    notes = []
    if result.sections_only:
        notes.append(
            "note: 就业数据只有门类（一位字母行业代码），排序的是整个门类，不是可招商的具体行业；"
            "请使用经济普查的大类/中类就业数据以确定招商目标 — the employment data holds only "
            "GB/T 4754 sections (门类): whole sections are ranked, not industries to attract; "
            "use divisions or groups (大类/中类) from the economic census to choose targets"
        )
    listed = ", ".join(result.non_tradable) if result.table["non_tradable"].any() else ""
    if listed and result.non_tradable_included:
        notes.append(
            f"note: 非贸易行业（{listed}）按要求参与排序，但不是小微园区的招商对象 — "
            f"non-tradable industries ({listed}) are ranked on request; they are not "
            "micro-park targets"
        )
    elif listed:
        notes.append(
            f"note: 非贸易行业（{listed}）不列入招商目标（列在表末，不排名；"
            f"--include-non-tradable 可参与排序） — non-tradable industries ({listed}) are "
            "excluded from the targets (listed last, unranked; --include-non-tradable ranks them)"
        )
    return notes


__all__ = [
    "RANK_INPUT_ERRORS",
    "RankFiles",
    "check_chain_options",
    "missing_region",
    "rank_problem",
    "ranking_notes",
    "read_employment_table",
    "read_long",
    "read_weights",
]
