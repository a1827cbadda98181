"""Escalate tickets whose acknowledge, respond or close deadline has passed (run it hourly).

Prints, in Chinese by default (``--language en`` for English), one line per escalation and the
counts per deadline.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from microparks.apps.servicedesk.escalation import DEADLINE_NAMES, escalate_overdue


class Command(BaseCommand):
    help = "Raise overdue tickets one tier (park → township → county) and notify that tier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=dt.datetime.fromisoformat,
            default=None,
            help="Treat this ISO instant (with offset) as the present, for replaying a backlog",
        )
        parser.add_argument("--language", default="zh-hans", help="Language of the output")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            done = escalate_overdue(options["now"])
            for ticket, deadline in done:
                line = _("Ticket %(id)s “%(title)s”: %(deadline)s passed, raised to %(tier)s")
                self.stdout.write(
                    line
                    % {
                        "id": ticket.pk,
                        "title": ticket.title,
                        "deadline": DEADLINE_NAMES[deadline],
                        "tier": ticket.get_tier_display(),
                    }
                )
            counts = Counter(d for _t, d in done)
            parts = "; ".join(f"{DEADLINE_NAMES[d]} {counts[d]}" for d in DEADLINE_NAMES)
            total = _("%(n)d escalation(s) (%(parts)s)") % {"n": len(done), "parts": parts}
            self.stdout.write(self.style.SUCCESS(total))
