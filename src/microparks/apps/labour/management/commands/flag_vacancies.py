"""File a service case for each vacancy left open for 30 days (run it daily)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from microparks.apps.labour.vacancies import flag_stale_vacancies


class Command(BaseCommand):
    help = "Open a labour-and-recruitment ticket for every vacancy unfilled for 30 days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Treat this ISO date as today, for replaying a backlog",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tickets, skipped = flag_stale_vacancies(options["today"])
        for ticket in tickets:
            self.stdout.write(f"{ticket.pk}\t{ticket.enterprise}\t{ticket.title}")
        for vacancy in skipped:
            self.stderr.write(
                f"not filed (no filer who may file it): vacancy {vacancy.pk} {vacancy}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(tickets)} case(s) filed"))
