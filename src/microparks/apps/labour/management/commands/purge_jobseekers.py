"""Erase the job seekers' records past their ``delete_after`` date (run it daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from microparks.apps.labour.jobseekers import purge_expired


class Command(BaseCommand):
    help = "Erase every job seeker's record whose retention period is over (audit entry each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Treat this ISO date as today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        erased = purge_expired(options["today"])
        self.stdout.write(
            self.style.SUCCESS(_("%(n)d job seeker record(s) erased") % {"n": len(erased)})
        )
