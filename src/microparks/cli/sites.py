"""``microparks sites score`` and ``sites import``: idle assets from files.

``score`` works on files only, without Django (no settings, no database), like the core it
wraps; ``import`` upserts the assets into the database (Django starts inside the command)
and prints its row problems in Chinese by default (``--lang en`` for English).
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import geopandas as gpd
import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from microparks.cli.errors import EXIT_INPUT, fail
from microparks.cli.translation import DJANGO_LANGUAGE, LangOption, translator
from microparks.core.suitability import (
    MissingLayerError,
    Scheme,
    SuitabilityResult,
    run_suitability,
)
from microparks.io.errors import ImportFileError, ImportValidationError, gettext_noop
from microparks.io.rules import DocumentError
from microparks.io.schemes import read_scheme
from microparks.io.spatial import (
    SITE_MAPPING,
    FieldMapping,
    read_field_mapping,
    read_layer,
    write_layer,
)

if TYPE_CHECKING:
    from microparks.apps.regions.models import Region
    from microparks.apps.suitability.models import AssetImport

app = typer.Typer(help="Idle assets: score them for micro-park use.", no_args_is_help=True)


def register(parent: typer.Typer) -> None:
    """Add the ``sites`` command group to ``parent``."""
    parent.add_typer(app, name="sites")


def _split_layer(spec: str) -> tuple[str, Path, str | None]:
    name, sep, rest = spec.partition("=")
    if not sep or not name or not rest:
        raise fail(f"--layers takes name=FILE (or name=FILE#layer), not {spec!r}")
    file, _, layer = rest.partition("#")
    return name.strip(), Path(file), layer or None


def result_frame(sites: gpd.GeoDataFrame, result: SuitabilityResult) -> gpd.GeoDataFrame:
    """The sites with score, rank, vetoes and each criterion's value, utility, contribution."""
    out = gpd.GeoDataFrame(
        {"code": list(result.ids)}, geometry=sites.geometry.to_numpy(), crs=sites.crs
    )
    for j, name in enumerate(result.criteria):
        out[f"{name}_value"] = result.values[:, j]
        out[f"{name}_utility"] = result.utilities[:, j]
        out[f"{name}_contribution"] = result.contributions[:, j]
    out["vetoed"] = result.vetoed
    out["vetoes"] = [";".join(r) for r in result.veto_reasons]
    out["rank"] = result.ranks
    out["scheme"] = f"{result.scheme_name} {result.scheme_version}"
    out["score"] = result.scores
    return out


@app.command("score")
def score(
    sites: Annotated[
        Path,
        typer.Option(
            "--sites",
            help="Idle assets: GeoPackage, zipped Shapefile, GeoJSON, CSV or Excel.",
            dir_okay=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Output file: .gpkg, .geojson or .csv.", dir_okay=False)
    ],
    layers: Annotated[
        list[str] | None,
        typer.Option("--layers", help="Context layer as name=FILE or name=FILE#layer; repeat."),
    ] = None,
    scheme: Annotated[
        Path | None,
        typer.Option(
            "--scheme", help="Scheme YAML (default: the shipped default scheme).", dir_okay=False
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="Field-mapping template (JSON or YAML) of the sites file.",
            dir_okay=False,
        ),
    ] = None,
    crs: Annotated[
        str | None, typer.Option("--crs", help="CRS of input files that declare none.")
    ] = None,
) -> None:
    """Score the sites, print the top ten and write every site's score and explanation."""
    chosen, site_layer, context = _read_score_inputs(sites, layers, scheme, mapping, crs)
    missing = [name for name in chosen.layers if name not in context]
    if missing:
        raise fail(f"the scheme needs the layers {', '.join(missing)}; give --layers name=FILE")
    result = _score_with_progress(site_layer, context, chosen)
    frame = result_frame(site_layer, result)
    try:
        write_layer(frame, out, layer="suitability")
    except ImportFileError as exc:
        raise fail(str(exc), EXIT_INPUT) from None
    typer.echo(json.dumps(_score_summary(chosen, result, out), ensure_ascii=False, indent=2))


def _read_score_inputs(
    sites: Path,
    layers: list[str] | None,
    scheme: Path | None,
    mapping: Path | None,
    crs: str | None,
) -> tuple[Scheme, gpd.GeoDataFrame, dict[str, gpd.GeoDataFrame]]:
    """The scheme (the shipped default without a file), the sites and the context layers."""
    try:
        chosen = read_scheme(scheme)
        site_mapping = (
            read_field_mapping(mapping) if mapping else FieldMapping(numeric=SITE_MAPPING.numeric)
        )
        site_layer = read_layer(sites, mapping=site_mapping, crs=crs).frame
        context: dict[str, gpd.GeoDataFrame] = {}
        for spec in layers or []:
            name, file, layer = _split_layer(spec)
            context[name] = read_layer(file, layer=layer, crs=crs, require_code=False).frame
    except ImportFileError as exc:  # which of the files: the sites or a context layer
        named = str(exc) if sites.name in str(exc) else f"{sites.name} (or a --layers file): {exc}"
        raise fail(named, EXIT_INPUT) from None
    except (ImportValidationError, DocumentError) as exc:
        raise fail(str(exc), EXIT_INPUT) from None
    return chosen, site_layer, context


def _score_with_progress(
    site_layer: gpd.GeoDataFrame, context: dict[str, gpd.GeoDataFrame], chosen: Scheme
) -> SuitabilityResult:
    """Run the suitability pipeline with a progress bar (one step per criterion) on stderr."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("criteria", total=len(chosen.criteria))

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=name)

        try:
            return run_suitability(site_layer, context, chosen, progress=progress)
        except (MissingLayerError, ValueError) as exc:
            raise fail(str(exc), EXIT_INPUT) from None


def _score_summary(chosen: Scheme, result: SuitabilityResult, out: Path) -> dict[str, object]:
    """The scheme, the counts and the ten best sites not vetoed, best first."""
    ok = ~result.vetoed
    order = np.argsort(result.ranks + np.where(ok, 0, len(result.ranks) + 1))[: min(10, ok.sum())]
    return {
        "scheme": chosen.name,
        "scheme_version": chosen.version,
        "sites": len(result.ids),
        "vetoed": int(result.vetoed.sum()),
        "top": [
            {"code": result.ids[i], "rank": int(result.ranks[i]), "score": float(result.scores[i])}
            for i in order
        ],
        "out": str(out),
    }


def _import_mapping(spec: str | None, region: Region) -> FieldMapping:
    """``--mapping``: a template file (.yaml/.yml/.json) or the name of a saved template."""
    from microparks.apps.suitability import mappings

    if spec is None:
        return SITE_MAPPING
    path = Path(spec)
    if path.suffix.lower() in (".yaml", ".yml", ".json") and path.is_file():
        read = read_field_mapping(path)
        return FieldMapping(
            code=read.code,
            fields=read.fields,
            numeric=read.numeric or SITE_MAPPING.numeric,
            geometry_types=read.geometry_types or SITE_MAPPING.geometry_types,
        )
    templates = mappings.templates_in(region)
    found = templates.filter(name=spec).first()
    if found is None:
        known = ", ".join(sorted(templates.values_list("name", flat=True))) or "none saved"
        raise fail(f"no field-mapping file or template {spec!r} (templates: {known})")
    return mappings.site_mapping(mappings.choice_of(found))


@app.command("import")
def import_sites(
    file: Annotated[
        Path, typer.Argument(help="GeoPackage, zipped Shapefile, GeoJSON, CSV or Excel.")
    ],
    region: Annotated[str, typer.Option("--region", help="Code of the region to import into.")],
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            help="Field mapping: a template file (.yaml/.json) or a saved template's name.",
        ),
    ] = None,
    layer: Annotated[
        str | None, typer.Option("--layer", help="Layer of a GeoPackage (default: the first).")
    ] = None,
    crs: Annotated[
        str | None, typer.Option("--crs", help="CRS of a file that declares none.")
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite database file (overrides DATABASE_URL).", dir_okay=False),
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """Upsert idle assets by code into a region, all or nothing, and print what changed.

    Row problems are printed in Chinese by default (``--lang en`` for English), one a line
    naming the file, row, field, reason and value, as the web import shows them.
    """
    from microparks.cli.django_setup import setup_django_for_command

    setup_django_for_command(db)
    from django.utils import translation

    from microparks.apps.regions.models import Region

    translation.activate(DJANGO_LANGUAGE[lang])  # the model's own messages, in that language
    target = Region.objects.filter(code=region).first()
    if target is None:
        raise fail(f"no region with code {region!r}")
    chosen = _import_mapping(mapping, target)
    record = _import_with_progress(file, target, chosen, layer, crs, translator(lang))
    summary = {
        "region": target.code,
        "file": record.file_name,
        "created": record.created_count,
        "updated": record.updated_count,
        "source_crs": record.source_crs,
        "sha256": record.sha256,
    }
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))


def _import_with_progress(
    file: Path,
    target: Region,
    chosen: FieldMapping,
    layer: str | None,
    crs: str | None,
    words: gettext.NullTranslations,
) -> AssetImport:
    """Import the file with a transient progress bar; every row problem printed, all or none."""
    from microparks.apps.suitability import site_import

    say = words.gettext
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(file.name, total=100)

        def progress(percent: int, message: str) -> None:
            bar.update(task, completed=percent, description=say(message))

        try:
            return site_import.import_sites(
                file, target, None, mapping=chosen, layer=layer, crs=crs, progress=progress
            )
        except ImportValidationError as exc:
            for error in exc.errors:  # one 'error:' line a problem, the file named
                typer.echo(f"error: {exc.source}: {error.line(say)}", err=True)
            summary = say(NOTHING_IMPORTED) % {"count": len(exc.errors)}
            raise fail(summary, 1) from None
        except ImportFileError as exc:
            text = exc.text(say)
            raise fail(text if file.name in text else f"{file.name}: {text}", 1) from None


NOTHING_IMPORTED = gettext_noop("nothing was imported (row problems: %(count)s)")
