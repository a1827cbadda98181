"""``microparks evaluate``: a records file in, per-firm indicators, scores, class and terms out.

The command runs without Django (no settings, no database), like the core it wraps; the
records file may be a county's own 亩均 data sheet (see :mod:`microparks.io.evaluation_records`).
Problems with the input are printed in Chinese by default (``--lang en`` for English), one a
line naming the file, row, column, value and reason.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from microparks.cli.translation import LangOption, translator
from microparks.core.evaluation import (
    BenchmarkError,
    EvaluationResult,
    IndicatorInputError,
    Scheme,
    evaluate_firms,
)
from microparks.io.errors import gettext_noop
from microparks.io.evaluation_files import read_benchmarks, write_evaluation_results
from microparks.io.evaluation_records import (
    EvaluationRecords,
    RecordsFileError,
    read_evaluation_records,
)
from microparks.io.rules import load_shipped


class SchemeName(StrEnum):
    """The shipped schemes the command offers."""

    HUANGYAN = "huangyan"
    JINGDE = "jingde"
    HUAIAN = "huaian"


def register(parent: typer.Typer) -> None:
    """Add the ``evaluate`` command to ``parent``."""
    parent.command("evaluate")(evaluate)


def evaluate(
    records: Annotated[
        Path,
        typer.Option(
            "--records", help="Annual records, one row per firm (.csv or .xlsx).", dir_okay=False
        ),
    ],
    scheme: Annotated[SchemeName, typer.Option("--scheme", help="Scoring scheme.")],
    out: Annotated[
        Path,
        typer.Option("--out", help="Results file (.csv or .xlsx).", dir_okay=False),
    ],
    benchmarks: Annotated[
        Path | None,
        typer.Option(
            "--benchmarks",
            help="Benchmarks per group and indicator (.csv group,indicator,value or .yaml); "
            "override the scheme's.",
            dir_okay=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Year evaluated (picks published benchmarks); default: last calendar year.",
            min=1990,
            max=2100,
        ),
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """Score firms' per-mu performance and put each in class A, B, C, D (or T)."""
    console = Console()
    err = Console(stderr=True)
    the_year = year if year is not None else date.today().year - 1
    chosen: Scheme = load_shipped("evaluation", scheme.value)
    try:
        data = read_evaluation_records(records)
        given = read_benchmarks(benchmarks) if benchmarks is not None else None
    except RecordsFileError as exc:
        say = translator(lang).gettext
        lines = exc.lines(say)
        for line in lines if exc.file_error else [f"{exc.source}: {line}" for line in lines]:
            err.print(f"error: {line}", markup=False, highlight=False)
        summary = say(NOTHING_USED) % {"count": len(lines)}
        err.print(f"error: {summary}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    try:
        result = evaluate_firms(chosen, data.inputs, the_year, given)
    except (IndicatorInputError, BenchmarkError) as exc:
        err.print(f"[red]Cannot evaluate:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    frame = results_frame(data, result, chosen)
    write_evaluation_results(out, frame)
    _print_summary(console, result, the_year, out)


NOTHING_USED = gettext_noop("the input was not used (problems: %(count)s)")


def results_frame(
    data: EvaluationRecords, result: EvaluationResult, scheme: Scheme
) -> pd.DataFrame:
    """One row per firm: code, name, group, indicators, scores, total, class, graded_by, terms."""
    frame = result.to_frame()
    groups = [g.name for g in scheme.groups]
    group = ["" if i < 0 else groups[i] for i in result.scores.group]
    head = pd.DataFrame(
        {"credit_code": list(data.credit_codes), "name": list(data.names), "group": group}
    )
    out = pd.concat([head, frame], axis=1)
    # quota, thresholds, or small_group: score bands for a group too small for quotas
    out.insert(list(out.columns).index("class") + 1, "graded_by", result.basis)
    out.insert(len(out.columns), "scheme", result.scheme)
    out.insert(len(out.columns), "year", result.year)
    out.insert(len(out.columns), "inputs_hash", result.inputs_hash)
    return out


def _print_summary(console: Console, result: EvaluationResult, year: int, out: Path) -> None:
    table = Table(title=f"{result.scheme}, {year}")
    table.add_column("Class")
    table.add_column("Firms", justify="right")
    counts = pd.Series(result.classes).value_counts()
    for cls in ("A", "B", "C", "D", "T"):
        table.add_row(cls, str(int(counts.get(cls, 0))))
    console.print(table)
    for group, source in result.scores.benchmark_source.items():
        console.print(f"Benchmarks of {group}: {source}", highlight=False)
    console.print(f"Wrote {len(result.classes)} firms to {out}", highlight=False)
