"""``microparks prospects import``: the investment office's project ledger (招商项目台账).

Upserts projects by name within a region, all or nothing. A stage in the file moves the
project by the pipeline's rules (``attraction.services.check_move``): signing goes through the
signing form and its admission decision, never a file; lost and abandoned need the reason in the
notes. The command acts as the server's operator (stage changes are recorded without an
author), as ``sites import`` does. See :mod:`microparks.cli.firm_imports` for the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from microparks.cli.firm_imports import DbOption, FileArgument, RegionOption, run_import
from microparks.cli.translation import LangOption

app = typer.Typer(help="Prospects: import the project ledger.", no_args_is_help=True)


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
