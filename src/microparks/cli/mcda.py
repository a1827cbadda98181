"""``microparks mcda weights`` and ``rank``: AHP weights and TOPSIS/WSM scores of CSV tables.

Messages are plain English here: these commands run without Django (no settings, no database),
like the core they wrap.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from microparks.cli.errors import EXIT_INPUT, fail
from microparks.cli.table_input import refuse_table
from microparks.cli.translation import LangOption
from microparks.core.mcda import (
    METHODS,
    NORMALIZATIONS,
    InconsistentJudgementsError,
    MCDAInputError,
    calc_ahp_weights,
    score_alternatives,
)
from microparks.io.mcda_tables import TableError, parse_number, read_decision_csv, read_pairwise_csv

app = typer.Typer(
    help="Multi-criteria decision analysis: AHP weights, TOPSIS and weighted-sum ranking.",
    no_args_is_help=True,
)


def register(parent: typer.Typer) -> None:
    """Add the ``mcda`` command group to ``parent``."""
    parent.add_typer(app, name="mcda")


@app.command("weights")
def weights(
    pairwise: Annotated[
        Path,
        typer.Option(
            "--pairwise",
            help="CSV pairwise comparison matrix: criterion names as the header row and the "
            "first column; entries such as 3 or 1/3.",
            dir_okay=False,
        ),
    ],
    max_cr: Annotated[
        float,
        typer.Option("--max-cr", help="Largest accepted consistency ratio (Saaty: 0.1)."),
    ] = 0.1,
    lang: LangOption = "zh",
) -> None:
    """Print AHP weights, lambda_max, consistency index and ratio as JSON."""
    try:
        names, matrix = read_pairwise_csv(pairwise)
        result = calc_ahp_weights(matrix, names, max_consistency_ratio=max_cr)
    except InconsistentJudgementsError as exc:
        raise fail(f"{pairwise.name}: {exc}", code=EXIT_INPUT) from None
    except TableError as exc:
        raise refuse_table(exc, lang, code=EXIT_INPUT) from None
    except MCDAInputError as exc:  # a judgement of the file (diagonal, sign): the file named
        raise fail(f"{pairwise.name}: {exc}", EXIT_INPUT) from None
    out = result.as_dict()
    out["source"] = str(pairwise)
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@app.command("rank")
def rank(
    matrix: Annotated[
        Path,
        typer.Option(
            "--matrix",
            help="CSV decision matrix: one alternative per row, a header row of criterion "
            "names; an extra first column is read as the alternatives' labels.",
            dir_okay=False,
        ),
    ],
    weights: Annotated[
        str, typer.Option("--weights", help="Comma-separated weights, one per criterion.")
    ],
    types: Annotated[
        str | None,
        typer.Option("--types", help="Comma-separated benefit/cost, one per criterion."),
    ] = None,
    method: Annotated[str, typer.Option("--method", help="topsis or wsm.")] = "topsis",
    normalization: Annotated[
        str | None,
        typer.Option(
            "--normalization",
            help="vector, minmax, max, sum or linear (default: vector for TOPSIS, linear for WSM).",
        ),
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """Print CSV with each alternative's rank and score (score in the last column)."""
    w, kinds = _rank_options(method, normalization, weights, types)
    try:
        table = read_decision_csv(matrix, len(w))
        result = score_alternatives(
            method,  # type: ignore[arg-type]
            table.matrix,
            w,
            kinds,
            normalization=normalization,  # type: ignore[arg-type]
            criteria=table.criteria,
        )
    except TableError as exc:
        raise refuse_table(exc, lang, code=EXIT_INPUT) from None
    except MCDAInputError as exc:
        raise fail(f"{matrix.name}: {exc}", EXIT_INPUT) from None
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["alternative", "rank", "score"])
    for label, position, score in zip(table.labels, result.ranks, result.scores, strict=True):
        writer.writerow([label, int(position), repr(float(score))])
    typer.echo(
        f"# method={result.method} normalization={result.normalization} "
        f"input_sha256={result.input_hash}",
        err=True,
    )


def _rank_options(
    method: str, normalization: str | None, weights: str, types: str | None
) -> tuple[list[float], list[str] | None]:
    """The weights and criterion types, once method and normalisation are known names.

    Exit 2 naming the option at fault; types, when given, number one per weight.
    """
    if method not in METHODS:
        raise fail(f"--method must be one of {', '.join(METHODS)}, not {method!r}")
    if normalization is not None and normalization not in NORMALIZATIONS:
        raise fail(
            f"--normalization must be one of {', '.join(NORMALIZATIONS)}, not {normalization!r}"
        )
    try:
        w = [parse_number(part) for part in _split(weights)]
    except (ValueError, ZeroDivisionError):
        raise fail(f"--weights must be comma-separated numbers, not {weights!r}") from None
    kinds = _split(types) if types is not None else None
    if kinds is not None and len(kinds) != len(w):
        raise fail(f"{len(w)} weights but {len(kinds)} types; give one of each per criterion")
    for j, kind in enumerate(kinds or []):
        if kind not in ("benefit", "cost"):
            raise fail(f"--types: {kind!r} (position {j + 1}) is neither 'benefit' nor 'cost'")
    return w, kinds
