"""``microparks targeting complexity``, ``shift-share`` and ``rank`` over long CSV files.

Plain English messages: these commands run without Django, like the core they wrap.
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

from microparks.core.admission import RuleSetError
from microparks.core.targeting import (
    OUTPUT_COLUMNS,
    TargetingWarning,
    calc_complexity_panel,
    calc_shift_share_panel,
)
from microparks.core.targeting.score import (
    ScoreInputError,
    exclusions_from_rule_set,
    score_industries,
)
from microparks.io.admission import read_rule_set
from microparks.io.tables import (
    LongTableError,
    read_classification,
    read_long_csv,
    read_score_weights,
)

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


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _read(path: Path) -> pd.DataFrame:
    try:
        return read_long_csv(path)
    except LongTableError as exc:
        raise _fail(f"{path}: {exc}") from None


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
    threshold: Annotated[
        float, typer.Option("--threshold", help="Presence when LQ >= threshold.", min=0.0)
    ] = 1.0,
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
    data = _read(input_file)
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
    start: Annotated[
        Path,
        typer.Option(
            "--start", help="Long CSV region,industry,value of the first period.", dir_okay=False
        ),
    ],
    end: Annotated[
        Path,
        typer.Option(
            "--end", help="Long CSV region,industry,value of the second period.", dir_okay=False
        ),
    ],
    region: Annotated[str, typer.Option("--region", help="Code of the region analysed.")],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="CSV source,target[,weight] mapping the first period's industry codes to the "
            "second's.",
            dir_okay=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write the table to this CSV instead of printing it.", dir_okay=False
        ),
    ] = None,
) -> None:
    """National share, industry mix and competitive components per industry and in total."""
    s, e = _read(start), _read(end)
    table = None
    if mapping is not None:
        try:
            table = read_long_csv(
                mapping, required=("source", "target"), optional=("weight",), numeric=("weight",)
            )
        except LongTableError as exc:
            raise _fail(f"{mapping}: {exc}") from None
    try:
        result = calc_shift_share_panel(s, e, region, mapping=table)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    for note in result.warnings:
        typer.echo(f"warning: {note}", err=True)
    frame = result.to_frame()
    if out is not None:
        frame.to_csv(out, index=False, float_format="%.12g")
        typer.echo(f"wrote {len(frame)} rows to {out}", err=True)
        return
    grid = Table(title=f"Shift-share of {region}")
    for col in (
        "industry",
        "start",
        "end",
        "change",
        "national_share",
        "industry_mix",
        "competitive",
    ):
        grid.add_column(col, justify="left" if col == "industry" else "right")
    for row in frame.itertuples(index=False):
        grid.add_row(
            str(row.industry),
            *(
                f"{getattr(row, c):,.1f}"
                for c in ("start", "end", "change", "national_share", "industry_mix", "competitive")
            ),
        )
    Console(width=120).print(grid)


@app.command("rank")
def rank(
    employment: Annotated[
        Path,
        typer.Option(
            "--employment",
            help="Long CSV region,industry,value[,year] over all regions (latest year used).",
            dir_okay=False,
        ),
    ],
    region: Annotated[str, typer.Option("--region", help="Code of the county to rank for.")],
    out: Annotated[Path, typer.Option("--out", help="CSV to write.", dir_okay=False)],
    weights: Annotated[
        Path | None,
        typer.Option(
            "--weights", help="YAML weight set (default: the shipped one).", dir_okay=False
        ),
    ] = None,
    labour_supply: Annotated[
        float,
        typer.Option(
            "--labour-supply",
            min=0.0,
            max=1.0,
            help="The county's surplus rural labour, 0 (none) to 1 (abundant).",
        ),
    ] = 1.0,
    threshold: Annotated[
        float, typer.Option("--threshold", help="Presence when LQ >= threshold.", min=0.0)
    ] = 1.0,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="Admission rule set YAML for the 两高 and negative-list "
            "exclusions (default: the shipped one).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Rank industries to attract: density, outlook gain, labour fit; 两高 excluded, reasons."""
    data = _read(employment)
    try:
        weight_set = read_score_weights(weights) if weights else read_score_weights()
        rule_set = read_rule_set(rules) if rules else read_rule_set()
    except (ScoreInputError, RuleSetError) as exc:
        raise _fail(str(exc)) from None
    table = read_classification()
    if "year" in data.columns:
        latest = max(data["year"])
        data = data[data["year"] == latest]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TargetingWarning)
        result = calc_complexity_panel(data, threshold=threshold).years[0]
    for w in caught:
        typer.echo(f"warning: {w.message}", err=True)
    try:
        ranked = score_industries(
            result,
            region,
            weights=weight_set,
            labour_intensity=dict(zip(table["code"], table["labour_intensity"], strict=True)),
            labour_supply=labour_supply,
            exclusions=exclusions_from_rule_set(rule_set),
            parents={c: (p or None) for c, p in zip(table["code"], table["parent"], strict=True)},
        )
    except ScoreInputError as exc:
        raise _fail(str(exc)) from None
    names = dict(zip(table["code"], table["name"], strict=True))
    ranked.insert(2, "name", ranked["industry"].map(names).fillna(""))
    ranked["weights_version"] = weight_set.version
    ranked["rules_version"] = f"{rule_set.name} {rule_set.version}"
    ranked.to_csv(out, index=False, float_format="%.6g")
    top = ranked[ranked["rank"].notna()].head(5)
    typer.echo(
        f"wrote {len(ranked)} industries to {out}; top: "
        + ", ".join(f"{c} {n}" for c, n in zip(top["industry"], top["name"], strict=True)),
        err=True,
    )


__all__ = ["OUTPUT_COLUMNS", "app", "register"]
