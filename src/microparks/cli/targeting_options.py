"""Options of the `targeting rank` and `shift-share` commands (threshold also of `complexity`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Threshold = Annotated[
    float, typer.Option("--threshold", help="Presence when LQ >= threshold.", min=0.0)
]
Employment = Annotated[
    Path,
    typer.Option(
        "--employment",
        help="Long CSV region,industry,value[,year] over all regions (latest year used), "
        "or a county census workbook (.xlsx).",
        dir_okay=False,
    ),
]
Region = Annotated[str, typer.Option("--region", help="Code of the county to rank for.")]
Out = Annotated[Path, typer.Option("--out", help="CSV to write.", dir_okay=False)]
Weights = Annotated[
    Path | None,
    typer.Option("--weights", help="YAML weight set (default: the shipped one).", dir_okay=False),
]
LabourSupply = Annotated[
    float,
    typer.Option(
        "--labour-supply",
        min=0.0,
        max=1.0,
        help="The county's surplus rural labour, 0 (none) to 1 (abundant).",
    ),
]
Rules = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="Admission rule set YAML for the 两高 and negative-list "
        "exclusions (default: the shipped one).",
        dir_okay=False,
    ),
]
Endowments = Annotated[
    Path | None,
    typer.Option(
        "--endowments",
        help="The county's farm products, crafts and resources: CSV endowment[,abundance]"
        "[,region] or YAML 'endowments: {茶叶: 1}' (names as in the shipped endowment table).",
        dir_okay=False,
    ),
]
IOTable = Annotated[
    Path | None,
    typer.Option(
        "--io-table",
        help="Symmetric input-output table CSV for the chain fit (see docs/methods/impact.md).",
        dir_okay=False,
    ),
]
Make = Annotated[
    Path | None,
    typer.Option("--make", help="BEA-layout make table (instead of --io-table).", dir_okay=False),
]
Use = Annotated[
    Path | None,
    typer.Option("--use", help="BEA-layout use table (with --make).", dir_okay=False),
]
Concordance = Annotated[
    Path | None,
    typer.Option(
        "--concordance",
        help="CSV code,sector[,share]: GB/T 4754 codes to the table's sectors (default: the "
        "shipped divisions → BEA 2017 summary one).",
        dir_okay=False,
    ),
]
Targets = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        help="CSV industry,kind[,name,where,region]: the county's leading industries "
        "(kind=leading) and nearby large parks' anchor industries (kind=anchor).",
        dir_okay=False,
    ),
]
GrowthStart = Annotated[
    Path | None,
    typer.Option(
        "--growth-start",
        help="Earlier period (long CSV or 2010 census workbook) for the national growth "
        "component; --employment is the later one.",
        dir_okay=False,
    ),
]
GrowthMapping = Annotated[
    Path | None,
    typer.Option(
        "--growth-mapping",
        help="CSV source,target[,weight] from the earlier period's codes to the later's "
        "(default for a 2010 census workbook: the shipped 2002→2017 sections).",
        dir_okay=False,
    ),
]
IncludeNonTradable = Annotated[
    bool,
    typer.Option(
        "--include-non-tradable",
        help="Rank the non-tradable industries of the weights document too (real estate, "
        "public administration, education, health, …); by default they are listed last, "
        "unranked, as not targets for a micro-park.",
    ),
]
PeriodStart = Annotated[
    Path,
    typer.Option(
        "--start", help="Long CSV region,industry,value of the first period.", dir_okay=False
    ),
]
PeriodEnd = Annotated[
    Path,
    typer.Option(
        "--end", help="Long CSV region,industry,value of the second period.", dir_okay=False
    ),
]
AnalysedRegion = Annotated[str, typer.Option("--region", help="Code of the region analysed.")]
PeriodMapping = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        help="CSV source,target[,weight] mapping the first period's industry codes to the "
        "second's.",
        dir_okay=False,
    ),
]
TableOut = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Write the table to this CSV instead of printing it.", dir_okay=False
    ),
]
