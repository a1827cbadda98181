"""``microparks labour shed``: the labour reachable from each site within minutes on the roads.

Files in, a CSV out; no database (Django is not started). Messages are in Chinese by default
(``--lang en`` for English); a bad row is one ``error:`` line naming the file, the row and the
field, and the command exits with 1 (2 for a wrong command line).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from microparks.cli.errors import EXIT_INPUT, EXIT_USAGE, fail
from microparks.cli.translation import LangOption, translator
from microparks.core.labour.graph import DEFAULT_SNAP_M, build_road_graph
from microparks.core.labour.shed import ShedResult, calc_labour_shed
from microparks.core.labour.speeds import DEFAULT_ACCESS_SPEED_KMH
from microparks.core.messages import MessageError
from microparks.io.errors import ImportFileError, ImportValidationError, gettext_noop
from microparks.io.labour_layers import read_pool, read_roads, read_sites, write_shed

app = typer.Typer(help="Rural labour: the labour shed of sites.", no_args_is_help=True)

DEFAULT_MINUTES = (15.0, 30.0, 45.0)
WROTE = gettext_noop(
    "wrote %(file)s: %(sites)s sites × %(thresholds)s thresholds (%(minutes)s minutes); road "
    "network of %(nodes)s nodes and %(edges)s edges in %(crs)s"
)
BAD_MINUTES = gettext_noop("--minutes must be above 0, not %(value)s")
BAD_OUT = gettext_noop("--out must be a .csv file, not %(file)s")
FAR_POINTS = gettext_noop(
    "%(file)s: %(count)s of %(total)s points lie more than %(metres)s m from the nearest road "
    "vertex (farthest: row %(row)s, %(far)s m); check the CRS and the road layer's extent"
)
FAR_SITES = gettext_noop(
    "%(file)s: %(count)s of %(total)s sites lie more than %(metres)s m from the nearest road "
    "vertex (farthest: %(code)s, %(far)s m); check the CRS and the road layer's extent"
)
#: A point this far from every road vertex is worth a note: a wrong CRS or a clipped layer.
FAR_M = 2_000.0
STEP_ROADS = gettext_noop("Reading the roads")
STEP_GRAPH = gettext_noop("Building the road network")
STEP_POINTS = gettext_noop("Reading the labour and the sites")
STEP_SHED = gettext_noop("Labour shed of the sites")
STEP_WRITE = gettext_noop("Writing the table")


def register(parent: typer.Typer) -> None:
    """Add the ``labour`` command group to ``parent``."""
    parent.add_typer(app, name="labour")


@app.command("shed")
def shed(
    roads: Annotated[
        Path,
        typer.Option(
            "--roads",
            help="Road lines (GeoPackage, Shapefile, GeoJSON, CSV/Excel with WKT) with speed_kmh "
            "or a road class (道路等级: 高速公路, 国道, 省道, 县道, 乡道, 村道, 城市道路 …).",
            dir_okay=False,
        ),
    ],
    pool: Annotated[
        Path,
        typer.Option(
            "--pool",
            help="Labour points or township polygons with 在家可就业人数 or labour.",
            dir_okay=False,
        ),
    ],
    sites: Annotated[
        Path,
        typer.Option("--sites", help="Site points or polygons with code or 编号.", dir_okay=False),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="Output CSV: site_code, minutes, labour (UTF-8).", dir_okay=False
        ),
    ],
    minutes: Annotated[
        list[float] | None,
        typer.Option(
            "--minutes", help="Travel-time threshold in minutes; repeat (default 15, 30, 45)."
        ),
    ] = None,
    access_speed: Annotated[
        float,
        typer.Option(
            "--access-speed",
            min=0.0,
            help="km/h on the straight line from a point to its nearest road vertex; 0 ignores "
            "that distance.",
        ),
    ] = DEFAULT_ACCESS_SPEED_KMH,
    snap_m: Annotated[
        float,
        typer.Option(
            "--snap-m", min=0.0, help="Road vertices closer than this (metres) are joined."
        ),
    ] = DEFAULT_SNAP_M,
    crs: Annotated[
        str | None, typer.Option("--crs", help="CRS of input files that declare none.")
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """Sum the available labour reachable from each site within each number of minutes.

    Exit status 0 on success, 1 when a file or a row is wrong (named by file, row and field),
    2 for a wrong command line.
    """
    say = translator(lang).gettext
    thresholds = tuple(minutes) if minutes else DEFAULT_MINUTES
    for value in thresholds:
        if not value > 0:
            raise fail(say(BAD_MINUTES) % {"value": f"{value:g}"}, EXIT_USAGE)
    if out.suffix.lower() != ".csv":
        raise fail(say(BAD_OUT) % {"file": out.name}, EXIT_USAGE)
    try:
        done = _run((roads, pool, sites, out), thresholds, access_speed or None, snap_m, crs, lang)
    except ImportValidationError as exc:
        for error in exc.errors:
            typer.echo(f"error: {exc.source}: {error.line(say)}", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    except (ImportFileError, MessageError) as exc:
        raise fail(exc.text(say), EXIT_INPUT) from None
    result = done.result
    _note_far(pool.name, sites.name, done, say)
    shown = ", ".join(f"{m:g}" for m in result.minutes)
    typer.echo(
        say(WROTE)
        % {
            "file": out,
            "sites": len(done.codes),
            "thresholds": len(result.minutes),
            "minutes": shown,
            "nodes": result.n_nodes,
            "edges": result.n_edges,
            "crs": done.crs_name,
        }
    )


@dataclass(frozen=True)
class _Done:
    """What the command computed: the sites' codes, the labour points' rows, the result."""

    codes: tuple[str, ...]
    pool_rows: tuple[int, ...]
    result: ShedResult
    crs_name: str


def _note_far(pool: str, sites: str, done: _Done, say: Callable[[str], str]) -> None:
    """A note on standard error for points and sites far from every road vertex."""
    result = done.result
    for file, distances, name, template in (
        (pool, result.pool_access_m, done.pool_rows, FAR_POINTS),
        (sites, result.site_access_m, done.codes, FAR_SITES),
    ):
        far = distances > FAR_M
        if not far.any():
            continue
        worst = int(np.argmax(distances))
        params = {
            "file": file,
            "count": int(far.sum()),
            "total": distances.size,
            "metres": f"{FAR_M:,.0f}",
            "row": name[worst],
            "code": name[worst],
            "far": f"{distances[worst]:,.0f}",
        }
        typer.echo("note: " + say(template) % params, err=True)


def _run(
    files: tuple[Path, Path, Path, Path],
    thresholds: tuple[float, ...],
    access_speed: float | None,
    snap_m: float,
    crs: str | None,
    lang: str,
) -> _Done:
    """Read ROADS, POOL and SITES, build the network, sum the shed, write OUT; a progress bar."""
    roads, pool, sites, out = files
    say = translator("en" if lang == "en" else "zh").gettext
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    # on a terminal only, and gone when done: a log or a pipe gets the result lines alone
    console = Console(stderr=True)
    shown = console.is_terminal
    with Progress(
        *columns, TimeElapsedColumn(), console=console, transient=True, disable=not shown
    ) as bar:
        steps = bar.add_task(say(STEP_ROADS), total=5)
        lines = read_roads(roads, crs=crs)
        bar.update(steps, advance=1, description=say(STEP_GRAPH))
        graph = build_road_graph(lines.xy, lines.offsets, lines.speed_kmh, snap_m=snap_m)
        bar.update(steps, advance=1, description=say(STEP_POINTS))
        labour = read_pool(pool, lines.crs, crs=crs)
        places = read_sites(sites, lines.crs, crs=crs)
        bar.update(steps, advance=1, description=say(STEP_SHED))
        searched = bar.add_task(say(STEP_SHED), total=len(places.codes))

        def progress(done: int, total: int) -> None:
            bar.update(searched, completed=done, total=total)

        result = calc_labour_shed(
            graph,
            places.xy,
            labour.xy,
            labour.labour,
            thresholds,
            access_speed_kmh=access_speed,
            progress=progress,
        )
        bar.update(steps, advance=1, description=say(STEP_WRITE))
        write_shed(out, places.codes, result.minutes, result.labour)
        bar.update(steps, advance=1)
    return _Done(places.codes, labour.rows, result, lines.crs.name)
