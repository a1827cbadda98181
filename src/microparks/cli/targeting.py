"""``microparks targeting complexity``, ``shift-share`` and ``rank`` over long CSV files.

These commands run without Django, like the core they wrap: messages are plain English, except
the county missing from the employment table (Chinese first). ``rank`` runs the same pipeline as
the web page (:func:`microparks.core.targeting.pipeline.run_targeting`). Exit codes: 0 done,
1 an input file that cannot be used (the file and the reason on one line), 2 wrong options.
"""

from __future__ import annotations

import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from microparks.cli import targeting_options as opts
from microparks.cli.errors import fail
from microparks.cli.table_input import refuse_table
from microparks.cli.targeting_inputs import (
    RANK_INPUT_ERRORS,
    RankFiles,
    check_chain_options,
    missing_region,
    rank_problem,
    ranking_notes,
    read_employment_table,
    read_long,
)
from microparks.core.targeting import (
    OUTPUT_COLUMNS,
    TargetingWarning,
    calc_complexity_panel,
    calc_shift_share_panel,
)
from microparks.core.targeting.pipeline import (
    RegionNotInPanelError,
    TargetingResult,
    calc_panel_complexity,
    run_targeting,
)
from microparks.io.tables import LongTableError, read_long_csv

app = typer.Typer(
    help="Industry targeting: specialisation, relatedness, complexity and shift-share.",
    no_args_is_help=True,
)


class DensitySelf(StrEnum):
    """Whether an industry's proximity to itself counts in its density."""

    include = "include"
    exclude = "exclude"


def register(parent: typer.Typer) -> None:
    """Add the ``targeting`` command group to ``parent``."""
    parent.add_typer(app, name="targeting")


@app.command("complexity")
def complexity(
    input_file: Annotated[
        Path,
        typer.Option(
            "--input",
            help="Long CSV with columns region,industry,value and optionally year.",
            dir_okay=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="CSV to write, one row per (year, region, industry).", dir_okay=False
        ),
    ],
    threshold: opts.Threshold = 1.0,
    density_self: Annotated[
        DensitySelf,
        typer.Option(
            "--density-self",
            help="Count an industry's proximity to itself in its density (include = "
            "py-ecomplexity's convention).",
        ),
    ] = DensitySelf.exclude,
) -> None:
    """Write value, rca, mcp, density, diversity, ubiquity, eci, pci, coi and cog."""
    data = read_long(input_file)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TargetingWarning)
        result = calc_complexity_panel(data, threshold=threshold, density_self=density_self.value)
    for w in caught:
        typer.echo(f"warning: {w.message}", err=True)
    frame = result.to_frame()
    if "year" not in data.columns:
        frame = frame.drop(columns="year")
    frame.to_csv(out, index=False, float_format="%.12g")
    years = len(result.years)
    typer.echo(
        f"wrote {len(frame)} rows ({years} year{'s' if years != 1 else ''}) to {out}", err=True
    )


@app.command("shift-share")
def shift_share(
    start: opts.PeriodStart,
    end: opts.PeriodEnd,
    region: opts.AnalysedRegion,
    mapping: opts.PeriodMapping = None,
    out: opts.TableOut = None,
) -> None:
    """National share, industry mix and competitive components per industry and in total."""
    s, e = read_long(start), read_long(end)
    table = None
    if mapping is not None:
        try:
            table = read_long_csv(
                mapping, required=("source", "target"), optional=("weight",), numeric=("weight",)
            )
        except LongTableError as exc:
            raise refuse_table(exc) from None
    try:
        result = calc_shift_share_panel(s, e, region, mapping=table)
    except ValueError as exc:  # the tables read but do not go together: both named
        raise fail(f"{start.name}, {end.name}: {exc}", 1) from None
    for note in result.warnings:
        typer.echo(f"warning: {note}", err=True)
    frame = result.to_frame()
    if out is not None:
        frame.to_csv(out, index=False, float_format="%.12g")
        typer.echo(f"wrote {len(frame)} rows to {out}", err=True)
        return
    _print_shift_share(frame, region)


SHIFT_SHARE_FIGURES = ("start", "end", "change", "national_share", "industry_mix", "competitive")


def _print_shift_share(frame: pd.DataFrame, region: str) -> None:
    grid = Table(title=f"Shift-share of {region}")
    grid.add_column("industry", justify="left")
    for col in SHIFT_SHARE_FIGURES:
        grid.add_column(col, justify="right")
    for row in frame.itertuples(index=False):
        grid.add_row(str(row.industry), *(f"{getattr(row, c):,.1f}" for c in SHIFT_SHARE_FIGURES))
    Console(width=120).print(grid)


@app.command("rank")
def rank(
    employment: opts.Employment,
    region: opts.Region,
    out: opts.Out,
    weights: opts.Weights = None,
    labour_supply: opts.LabourSupply = 1.0,
    threshold: opts.Threshold = 1.0,
    rules: opts.Rules = None,
    endowments: opts.Endowments = None,
    io_table: opts.IOTable = None,
    make: opts.Make = None,
    use: opts.Use = None,
    concordance: opts.Concordance = None,
    targets: opts.Targets = None,
    growth_start: opts.GrowthStart = None,
    growth_mapping: opts.GrowthMapping = None,
    include_non_tradable: opts.IncludeNonTradable = False,
) -> None:
    """Rank industries to attract, each with its components and reasons in Chinese and English.

    Components: density, outlook gain, labour fit, endowment fit (--endowments), chain fit
    (--io-table or --make/--use, with --targets) and national growth (--growth-start); a
    component without its input drops out of the weighted mean. 两高 and negative-list industries,
    and the non-tradable ones of the weights document (unless --include-non-tradable), stay in
    the table, unranked, with the reason.
    """
    files = RankFiles(
        employment, weights, rules, endowments, io_table, make, use, concordance, targets,
        growth_start, growth_mapping,
    )  # fmt: skip
    check_chain_options(files)
    try:
        table = read_employment_table(employment)
        problem = rank_problem(files, region, labour_supply, table, include_non_tradable)
        panel = calc_panel_complexity(table, threshold=threshold)
        result = run_targeting(panel, problem)
    except RegionNotInPanelError as exc:
        raise fail(missing_region(exc), 1) from None
    except RANK_INPUT_ERRORS as exc:
        raise refuse_table(exc) from None
    for note in result.notes:
        typer.echo(f"warning: {note}", err=True)
    for note in ranking_notes(result):
        typer.echo(note, err=True)
    _write_ranking(result, out)


def _write_ranking(result: TargetingResult, out: Path) -> None:
    ranked = result.table.assign(
        weights_version=result.weights_version, rules_version=result.rules_version
    )
    ranked.to_csv(out, index=False, float_format="%.6g")
    top = ranked[ranked["rank"].notna()].head(5)
    typer.echo(
        f"wrote {len(ranked)} industries to {out}; top: "
        + ", ".join(f"{c} {n}" for c, n in zip(top["industry"], top["name"], strict=True)),
        err=True,
    )


__all__ = ["OUTPUT_COLUMNS", "app", "register"]
