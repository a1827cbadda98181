"""``manage.py load_industries [--path FILE]``: load the GB/T 4754-2017 classification."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from microparks.apps.industries.services import DEFAULT_CSV, load_industries


class Command(BaseCommand):
    help = "Load (or update) the GB/T 4754-2017 industry classification from its CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path", type=Path, default=None,
            help=f"CSV file with the classification (default: the shipped {DEFAULT_CSV.name})",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["path"]
        if path is not None and not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            count = load_industries(path)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Loaded %(count)d industries.") % {"count": count}))
