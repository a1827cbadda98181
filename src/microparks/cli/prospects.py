"""``microparks prospects import`` and ``move``: the project ledger (招商项目台账), one move.

Upserts projects by name within a region, all or nothing. A stage in the file moves the
project by the pipeline's rules (``attraction.services.check_move``): signing goes through the
signing form and its admission decision, never a file; lost and abandoned need the reason in the
notes. The command acts as the server's operator (stage changes are recorded without an
author), as ``sites import`` does. See :mod:`microparks.cli.firm_imports` for the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from microparks.cli.errors import EXIT_INPUT, fail
from microparks.cli.firm_imports import DbOption, FileArgument, RegionOption, run_import
from microparks.cli.translation import DJANGO_LANGUAGE, LangOption

app = typer.Typer(
    help="Prospects: import the project ledger, move a project.", no_args_is_help=True
)


def register(parent: typer.Typer) -> None:
    """Add the ``prospects`` command group to ``parent``."""
    parent.add_typer(app, name="prospects")


@app.command("import")
def import_prospects(
    file: FileArgument, region: RegionOption, db: DbOption = None, lang: LangOption = "zh"
) -> None:
    """Upsert the ledger's projects by name into a region; every row or none."""

    def importer(path: Path, target: Any, progress: Any) -> Any:
        from microparks.apps.attraction.imports import import_prospects as run

        return run(path, target, None, progress=progress)

    run_import(file, region, db, lang, importer)


@app.command("move")
def move_prospect(
    name: Annotated[str, typer.Argument(help="The project's name (项目名称) in the county.")],
    region: RegionOption,
    to: Annotated[str, typer.Option("--to", help="Stage code: contacted, visited, lost, …")],
    reason: Annotated[str, typer.Option("--reason", help="Why it leaves (lost, abandoned).")] = "",
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Move a project to another stage by the pipeline's rules and the admission gate.

    A project whose latest admission decision rejects it goes no further than contacted
    (exit 1, naming the rules that failed); signing needs the web's signing form.
    """
    from microparks.cli.django_setup import setup_django_for_command

    setup_django_for_command(db)
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from microparks.apps.attraction import services
    from microparks.apps.attraction.models import Prospect
    from microparks.apps.regions.models import Region

    translation.activate(DJANGO_LANGUAGE[lang])
    county = Region.objects.filter(code=region).first()
    if county is None:
        raise fail(f"no region with code {region!r}")
    found = list(Prospect.objects.filter(region_id__in=county.descendant_ids(), name=name)[:2])
    if len(found) != 1:
        problem = "no project" if not found else "more than one project"
        raise fail(f"{problem} named {name!r} in region {region}", EXIT_INPUT)
    prospect = found[0]
    try:
        services.move_by_import(prospect, to, None, reason=reason)
    except ValidationError as exc:
        raise fail(f"{name}: {' '.join(exc.messages)}", EXIT_INPUT) from None
    typer.echo(f"{name}: {prospect.get_stage_display()}")
