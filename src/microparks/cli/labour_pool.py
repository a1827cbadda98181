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
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from microparks.cli.errors import EXIT_INPUT, fail
from microparks.cli.firm_imports import DbOption, FileArgument
from microparks.cli.translation import DJANGO_LANGUAGE, LangOption, translator
from microparks.io.errors import ImportFileError, ImportValidationError, gettext_noop

NOTHING_IMPORTED = gettext_noop("nothing was imported (row problems: %(count)s)")
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
    if not file.is_file():
        raise fail(f"{file}: no such file")
    from microparks.cli.django_setup import setup_django_for_command

    setup_django_for_command(db)
    from django.utils import translation

    from microparks.apps.labour.services import import_pool
    from microparks.apps.regions.models import Region

    translation.activate(DJANGO_LANGUAGE[lang])
    target = Region.objects.filter(code=county).first()
    if target is None:
        raise fail(f"no region with code {county!r}")
    say = translator(lang).gettext
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(file.name, total=100)

        def progress(percent: int, message: str) -> None:
            bar.update(task, completed=percent, description=say(message))

        try:
            pool = import_pool(file, target, year, None, file_name=file.name, progress=progress)
        except ImportValidationError as exc:
            for error in exc.errors:
                typer.echo(f"{exc.source}: {error.line(say)}", err=True)
            raise fail(say(NOTHING_IMPORTED) % {"count": len(exc.errors)}, EXIT_INPUT) from None
        except ImportFileError as exc:
            raise fail(f"{file.name}: {exc.text(say)}", EXIT_INPUT) from None
    summary = {
        "county": target.code,
        "year": pool.year,
        "version": pool.version,
        "file": pool.file_name,
        "rows": pool.created_count,
        "totals_checked": pool.totals_checked,
        "sha256": pool.sha256,
    }
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
