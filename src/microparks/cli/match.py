"""``microparks match``: prospects and sites files in, optimal assignment and shortlists out.

Messages are plain English here: the command runs without Django (no settings, no database),
like the core it wraps.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from microparks.cli.errors import EXIT_INPUT
from microparks.cli.table_input import refuse_table
from microparks.cli.translation import LangOption
from microparks.core.matching import (
    SITE_COLUMNS,
    AssignmentError,
    AssignmentResult,
    InfeasibleAssignmentError,
    MatchingInputError,
    MatchTables,
    MatchWeights,
    build_match_tables,
    check_table,
    recommend_prospects,
    recommend_sites,
    solve_assignment,
)
from microparks.io.matching_files import (
    MatchingFileError,
    check_lon_lat,
    read_matching_table,
    write_matching_results,
)
from microparks.io.rules import DocumentError, load_shipped, read_rules_file

FileOption = Annotated[Path, typer.Option(dir_okay=False)]


def register(parent: typer.Typer) -> None:
    """Add the ``match`` command to ``parent``."""
    parent.command("match")(match)


def match(
    prospects: Annotated[
        Path,
        typer.Option(
            "--prospects",
            help="Prospects table (.csv or .xlsx); optional lon/lat columns give each "
            "prospect's current plant or office (EPSG:4326), copied to the assignment.",
            dir_okay=False,
        ),
    ],
    sites: Annotated[
        Path, typer.Option("--sites", help="Sites or units table (.csv or .xlsx).", dir_okay=False)
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Output: .xlsx (sheets assignment, recommendations, site_shortlists) or .csv "
            "(assignment; the other tables beside it as <stem>.<table>.csv).",
            dir_okay=False,
        ),
    ],
    top_k: Annotated[
        int, typer.Option("--top-k", min=1, max=100, help="Sites per prospect and per site.")
    ] = 5,
    weights: Annotated[
        Path | None,
        typer.Option(
            "--weights", help="Weights YAML (default: the shipped weights).", dir_okay=False
        ),
    ] = None,
    penalty: Annotated[
        float | None,
        typer.Option(
            "--penalty",
            help="Cost of leaving a prospect unassigned (default: 10 × the sum of the weights).",
        ),
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """Assign prospects to sites at least total cost and list each prospect's best sites.

    Exit status 0 on success, 1 when a file or a value is invalid (each bad cell of a table
    named by row and column, in Chinese by default; ``--lang en`` for English).
    """
    try:
        w = _read_weights(weights)
        result, written = _match_files(prospects, sites, out, w, top_k=top_k, penalty=penalty)
    except MatchingFileError as exc:
        raise refuse_table(exc, lang, code=EXIT_INPUT) from None
    except (
        MatchingInputError,
        DocumentError,
        AssignmentError,
        InfeasibleAssignmentError,
    ) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    typer.echo(_summary(result, w))
    for path in written:
        typer.echo(f"wrote {path}")


def _summary(result: AssignmentResult, w: MatchWeights) -> str:
    """One line: prospects assigned, total cost, whether it is proven optimal, the weights."""
    n = len(result.site_of_prospect)
    return (
        f"{n - result.n_unassigned} of {n} prospects assigned; total cost "
        f"{result.total_cost:.4f} ({'proven optimal' if result.proven_optimal else 'best found'}"
        f", weights {w.version})"
    )


def _match_files(
    prospects: Path, sites: Path, out: Path, w: MatchWeights, *, top_k: int, penalty: float | None
) -> tuple[AssignmentResult, list[Path]]:
    """Read both tables, solve the assignment, recommend, write; a progress bar on stderr.

    Returns the assignment and the files written.
    """
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        task = bar.add_task("Reading files", total=5)
        p_table = read_matching_table(prospects, "prospects")
        s_table = read_matching_table(sites, "sites")
        for path, table in ((prospects, p_table), (sites, s_table)):
            if table.empty:  # nothing to match: say so rather than fail inside the solver
                raise MatchingInputError(f"{path.name}: the table has no rows below its header")
        p_lon, p_lat = check_lon_lat(p_table, "prospects")
        bar.update(task, advance=1, description="Checking feasibility and costs")
        tables = build_match_tables(p_table, s_table, w)
        bar.update(task, advance=1, description="Solving the assignment")
        pen = 10.0 * sum(w.weights.values()) if penalty is None else penalty
        capacity = check_table(s_table, SITE_COLUMNS, "sites")["capacity"].to_numpy()
        result = solve_assignment(tables.cost, capacity, unassigned_penalty=pen)
        bar.update(task, advance=1, description="Recommending sites")
        recs = recommend_sites(
            p_table, s_table, tables, k=top_k, site_of_prospect=result.site_of_prospect
        )
        shortlists = recommend_prospects(p_table, s_table, tables, k=top_k)
        bar.update(task, advance=1, description="Writing results")
        written = write_matching_results(
            out,
            {
                "assignment": _assignment_table(tables, result).assign(
                    prospect_lon=p_lon, prospect_lat=p_lat
                ),
                "recommendations": recs,
                "site_shortlists": shortlists,
            },
        )
        bar.update(task, advance=1, description="Done")
    return result, written


def _read_weights(path: Path | None) -> MatchWeights:
    """The weights of a file, or the shipped default ones."""
    if path is None:
        weights: MatchWeights = load_shipped("matching")
        return weights
    return read_rules_file("matching", path).value  # type: ignore[no-any-return]


def _assignment_table(tables: MatchTables, result: AssignmentResult) -> pd.DataFrame:
    feas = tables.feasibility
    site_of = result.site_of_prospect
    placed = site_of >= 0
    cost = np.full(site_of.size, np.nan)
    cost[placed] = tables.cost[np.flatnonzero(placed), site_of[placed]]
    n_feasible = feas.feasible.sum(axis=1)
    status = np.where(
        placed, "assigned", np.where(n_feasible > 0, "unassigned", "no_feasible_site")
    )
    return pd.DataFrame(
        {
            "prospect_id": list(feas.prospect_ids),
            "site_id": [feas.site_ids[j] if j >= 0 else "" for j in site_of],
            "cost": cost,
            "status": status,
            "feasible_sites": n_feasible,
        }
    )
