"""What ``enterprises import`` and ``prospects import`` share: Django, progress, problems.

Both read a county's own file (CSV in UTF-8 or GBK, Excel, ODS) with the region's vocabulary
in effect, check every row, and write all rows or none. Row problems are printed one a line on
standard error — file, row, column as written, reason, value — in Chinese by default
(``--lang en`` for English); exit 1 when the file is refused, 2 on usage errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from microparks.cli.errors import fail
from microparks.cli.translation import DJANGO_LANGUAGE, Lang, translator
from microparks.io.errors import ImportFileError, ImportValidationError, gettext_noop

Importer = Callable[[Path, Any, Callable[[int, str], None]], Any]
"""``(file, region, progress) -> import record``; raises the io errors when it refuses."""

FileArgument = Annotated[Path, typer.Argument(help="CSV (UTF-8 or GBK), Excel or ODS file.")]
RegionOption = Annotated[str, typer.Option("--region", help="Code of the region to import into.")]
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite database file (overrides DATABASE_URL).", dir_okay=False),
]
NOTHING_IMPORTED = gettext_noop("nothing was imported (row problems: %(count)s)")


def run_import(file: Path, region: str, db: Path | None, lang: Lang, importer: Importer) -> None:
    """Start Django, find the region, run ``importer`` with a progress bar, print the summary."""
    target, record = imported(file, region, db, lang, importer)
    summary = {
        "region": target.code,
        "file": record.file_name,
        "created": record.created_count,
        "updated": record.updated_count,
        "unchanged": record.unchanged_count,
        "vocabulary": record.vocabulary.label if record.vocabulary else "shipped",
        "sha256": record.sha256,
    }
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))


def imported(
    file: Path, region: str, db: Path | None, lang: Lang, importer: Importer
) -> tuple[Any, Any]:
    """The region and what ``importer`` returned, run with a progress bar after Django starts.

    Every row problem is printed on standard error and the command ends with exit 1 when the
    file is refused; an unknown region code ends it too.
    """
    if not file.is_file():
        raise fail(f"{file}: no such file")
    from microparks.cli.django_setup import setup_django_for_command

    setup_django_for_command(db)
    from django.utils import translation

    from microparks.apps.regions.models import Region

    translation.activate(DJANGO_LANGUAGE[lang])  # the model's and services' own messages
    target = Region.objects.filter(code=region).first()
    if target is None:
        raise fail(f"no region with code {region!r}")
    say = translator(lang).gettext
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(file.name, total=100)

        def progress(percent: int, message: str) -> None:
            bar.update(task, completed=percent, description=say(message))

        try:
            record = importer(file, target, progress)
        except ImportValidationError as exc:
            for error in exc.errors:
                typer.echo(f"{exc.source}: {error.line(say)}", err=True)
            raise fail(say(NOTHING_IMPORTED) % {"count": len(exc.errors)}, 1) from None
        except ImportFileError as exc:
            raise fail(f"{file.name}: {exc.text(say)}", 1) from None
    return target, record
