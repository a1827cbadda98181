"""``microparks labour import-pool``: a county's 人社 labour register into the database.

The register (CSV in UTF-8 or GBK, Excel, ODS) is read as the county keeps it: title rows,
Chinese headers with units, merged township cells, 合计/小计 rows (checked against their rows).
Every row is written, as the next version of the county's pool for ``--year``, or none. Row
problems are printed one a line on standard error (file, row, column as written, reason,
value), in Chinese by default (``--lang en`` for English); exit 1 when the file is refused,
2 on usage errors.

The command joins the ``labour`` group of :mod:`microparks.cli.labour` (:func:`register`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from microparks.cli.firm_imports import DbOption, FileArgument, imported
from microparks.cli.translation import LangOption

CountyOption = Annotated[
    str, typer.Option("--county", help="Code of the county (6 digits) the register is of.")
]
YearOption = Annotated[
    int, typer.Option("--year", min=2000, max=2100, help="The year the register counts.")
]


def register(group: typer.Typer) -> None:
    """Add ``import-pool`` to the ``labour`` command group ``group``."""
    group.command("import-pool")(import_pool_command)


def import_pool_command(
    file: FileArgument,
    county: CountyOption,
    year: YearOption,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Import the county's labour register as the next version of its pool for the year."""

    def importer(path: Path, target: Any, progress: Callable[[int, str], None]) -> Any:
        from microparks.apps.labour.services import import_pool

        return import_pool(path, target, year, None, file_name=path.name, progress=progress)

    target, pool = imported(file, county, db, lang, importer)
    summary = {
        "county": target.code,
        "year": pool.year,
        "version": pool.version,
        "file": pool.file_name,
        "rows": pool.created_count,
        "totals_checked": pool.totals_checked,
        "vocabulary": pool.vocabulary.label if pool.vocabulary else "shipped",
        "sha256": pool.sha256,
    }
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
