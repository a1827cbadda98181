"""``microparks targeting complexity``, ``shift-share`` and ``rank`` over long CSV files.

Plain English messages: these commands run without Django, like the core they wrap.
"""

from __future__ import annotations

import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from microparks.cli.errors import fail
from microparks.cli.targeting_inputs import (
    chain_inputs,
    latest_year,
    national_growth,
    read_employment,
    read_long,
)
from microparks.core.admission import RuleSetError
from microparks.core.targeting import (
    OUTPUT_COLUMNS,
    TargetingWarning,
    calc_complexity_panel,
    calc_shift_share_panel,
)
from microparks.core.targeting.rank import Classification, CountyInputs, rank_county
from microparks.core.targeting.score import ScoreInputError, exclusions_from_rule_set
from microparks.io.admission import read_rule_set
from microparks.io.tables import (
    LongTableError,
    read_classification,
    read_long_csv,
    read_score_weights,
)
from microparks.io.targeting_inputs import (
    read_county_endowments,
    read_endowment_links,
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
    s, e = read_long(start), read_long(end)
    table = None
    if mapping is not None:
        try:
            table = read_long_csv(
                mapping, required=("source", "target"), optional=("weight",), numeric=("weight",)
            )
        except LongTableError as exc:
            raise fail(f"{mapping}: {exc}") from None
    try:
        result = calc_shift_share_panel(s, e, region, mapping=table)
    except ValueError as exc:
        raise fail(str(exc)) from None
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
            help="Long CSV region,industry,value[,year] over all regions (latest year used), "
            "or a county census workbook (.xlsx).",
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
    endowments: Annotated[
        Path | None,
        typer.Option(
            "--endowments",
            help="The county's farm products, crafts and resources: CSV endowment[,abundance]"
            "[,region] or YAML 'endowments: {茶叶: 1}' (names as in the shipped endowment table).",
            dir_okay=False,
        ),
    ] = None,
    io_table: Annotated[
        Path | None,
        typer.Option(
            "--io-table",
            help="Symmetric input-output table CSV for the chain fit (see docs/methods/impact.md).",
            dir_okay=False,
        ),
    ] = None,
    make: Annotated[
        Path | None,
        typer.Option(
            "--make", help="BEA-layout make table (instead of --io-table).", dir_okay=False
        ),
    ] = None,
    use: Annotated[
        Path | None,
        typer.Option("--use", help="BEA-layout use table (with --make).", dir_okay=False),
    ] = None,
    concordance: Annotated[
        Path | None,
        typer.Option(
            "--concordance",
            help="CSV code,sector[,share]: GB/T 4754 codes to the table's sectors (default: the "
            "shipped divisions → BEA 2017 summary one).",
            dir_okay=False,
        ),
    ] = None,
    targets: Annotated[
        Path | None,
        typer.Option(
            "--targets",
            help="CSV industry,kind[,name,where,region]: the county's leading industries "
            "(kind=leading) and nearby large parks' anchor industries (kind=anchor).",
            dir_okay=False,
        ),
    ] = None,
    growth_start: Annotated[
        Path | None,
        typer.Option(
            "--growth-start",
            help="Earlier period (long CSV or 2010 census workbook) for the national growth "
            "component; --employment is the later one.",
            dir_okay=False,
        ),
    ] = None,
    growth_mapping: Annotated[
        Path | None,
        typer.Option(
            "--growth-mapping",
            help="CSV source,target[,weight] from the earlier period's codes to the later's "
            "(default for a 2010 census workbook: the shipped 2002→2017 sections).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Rank industries to attract, each with its components and reasons in Chinese and English.

    Components: density, outlook gain, labour fit, endowment fit (--endowments), chain fit
    (--io-table or --make/--use, with --targets) and national growth (--growth-start); a
    component without its input drops out of the weighted mean. 两高 and negative-list industries
    stay in the table, unranked, with the rule as the reason.
    """
    data = read_employment(employment)
    try:
        weight_set = read_score_weights(weights) if weights else read_score_weights()
        rule_set = read_rule_set(rules) if rules else read_rule_set()
        declared = read_county_endowments(endowments, region) if endowments else {}
        links = read_endowment_links()
        chain = chain_inputs(io_table, make, use, concordance, targets, region)
        growth = national_growth(growth_start, growth_mapping, data)
    except (ScoreInputError, RuleSetError, LongTableError, ValueError) as exc:
        raise fail(str(exc)) from None
    classification = Classification.from_frame(read_classification())
    data = latest_year(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TargetingWarning)
        result = calc_complexity_panel(data, threshold=threshold).years[0]
    for w in caught:
        typer.echo(f"warning: {w.message}", err=True)
    try:
        ranked = rank_county(
            result,
            region,
            weights=weight_set,
            classification=classification,
            exclusions=exclusions_from_rule_set(rule_set),
            inputs=CountyInputs(
                endowments=declared,
                links=links,
                chain=chain,
                growth=growth,
                labour_supply=labour_supply,
            ),
        )
    except ScoreInputError as exc:
        raise fail(str(exc)) from None
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
