"""Escalate tickets whose acknowledge, respond or close deadline has passed (run it hourly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from microparks.apps.servicedesk.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Raise overdue tickets one tier (park → township → county) and notify that tier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=dt.datetime.fromisoformat,
            default=None,
            help="Treat this ISO instant (with offset) as the present, for replaying a backlog",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        done = escalate_overdue(options["now"])
        for ticket, deadline in done:
            self.stdout.write(f"{ticket.pk}\t{deadline}\t{ticket.tier}\t{ticket.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} escalation(s)"))
