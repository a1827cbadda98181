"""``microparks labour import-records``: a quarter's employment sheet (用工季报) into the database.

The sheet (CSV in UTF-8 or GBK, Excel, ODS) is read as the county collects it: a title row,
Chinese headers with units, one row per firm of its parks, 合计 rows. Firms are found by credit
code (by name where the code is empty and the name unique). Every row is filed as the firm's
record of ``--year`` Q``--quarter`` with the form's checks and previous-quarter flags, or none;
a quarter imported again replaces the figures as each record's next revision. Problems are
printed one a line on standard error (file, row, column as written, reason, value), in Chinese
by default (``--lang en`` for English); exit 1 when the file is refused, 2 on usage errors.

The command joins the ``labour`` group of :mod:`microparks.cli.labour` (:func:`register`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from microparks.cli.firm_imports import DbOption, FileArgument, imported
from microparks.cli.labour_pool import CountyOption, YearOption
from microparks.cli.translation import LangOption

QuarterOption = Annotated[
    int, typer.Option("--quarter", min=1, max=4, help="The quarter the sheet counts (1-4).")
]


def register(group: typer.Typer) -> None:
    """Add ``import-records`` to the ``labour`` command group ``group``."""
    group.command("import-records")(import_records_command)


def import_records_command(
    file: FileArgument,
    county: CountyOption,
    year: YearOption,
    quarter: QuarterOption,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Import a quarter's employment sheet as the records of the county's firms."""

    def importer(path: Path, target: Any, progress: Callable[[int, str], None]) -> Any:
        from microparks.apps.labour.records_import import import_records

        return import_records(
            path, target, year, quarter, None, file_name=path.name, progress=progress
        )

    target, done = imported(file, county, db, lang, importer)
    summary = {
        "county": target.code,
        "year": done.year,
        "quarter": done.quarter,
        "file": done.file_name,
        "created": done.created,
        "updated": done.updated,
        "unchanged": done.unchanged,
        "flagged": done.flagged,
        "vocabulary": str(done.vocabulary) if done.vocabulary else "shipped",
        "sha256": done.sha256,
    }
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
