"""``microparks enterprises import``: the county's enterprise directory (企业名录), as it is kept.

Upserts enterprises by unified social credit code (check character verified) into a region,
all or nothing; a code of another region's enterprise is refused by row. See
:mod:`microparks.cli.firm_imports` for the language, the problems and the exit codes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from microparks.cli.firm_imports import DbOption, FileArgument, RegionOption, run_import
from microparks.cli.translation import LangOption

app = typer.Typer(help="Enterprises: import the county's directory.", no_args_is_help=True)


def register(parent: typer.Typer) -> None:
    """Add the ``enterprises`` command group to ``parent``."""
    parent.add_typer(app, name="enterprises")


@app.command("import")
def import_enterprises(
    file: FileArgument, region: RegionOption, db: DbOption = None, lang: LangOption = "zh"
) -> None:
    """Upsert the directory's enterprises by credit code into a region; every row or none."""

    def importer(path: Path, target: Any, progress: Any) -> Any:
        from microparks.apps.attraction.directory_import import import_enterprises as run

        return run(path, target, None, progress=progress)

    run_import(file, region, db, lang, importer)
