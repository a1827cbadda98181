"""How the commands refuse an input table and say what they read, in the user's language.

A reader's refusal (:class:`~microparks.io.county_tables.TableRefusal`) carries the file's problem
or every bad cell (row as the user sees it, column, value, reason) as English templates; they
are printed one a line, translated from the platform's catalogue (Chinese by default). What was
left out (total and blank rows) and a non-UTF-8 encoding are printed as notes.
"""

from __future__ import annotations

from collections.abc import Iterable

import typer

from microparks.cli.errors import fail
from microparks.cli.translation import Lang, translator
from microparks.core.messages import text_of
from microparks.io.county_tables import TableRefusal
from microparks.io.errors import gettext_noop

READ_AS = gettext_noop("%(file)s: read as %(encoding)s")
SKIPPED = gettext_noop("%(file)s: row %(row)s skipped (%(reason)s)")


def refuse_table(exc: Exception, lang: Lang = "zh", code: int = 1) -> typer.Exit:
    """Print each problem of ``exc`` as ``error: …`` (translated) and return the exit to raise."""
    say = translator(lang).gettext
    if not isinstance(exc, TableRefusal) or not (exc.row_errors or exc.file_error):
        return fail(text_of(exc, say), code)  # a core error's message translated too
    for line in exc.lines(say):
        typer.echo(f"error: {line}", err=True)
    return typer.Exit(code)


def note_reading(
    file: str,
    encoding: str | None,
    skipped: Iterable[tuple[int, str]],
    lang: Lang = "zh",
    shown: int = 10,
) -> None:
    """Print on standard error a non-UTF-8 encoding and the rows left out (the first ``shown``)."""
    say = translator(lang).gettext
    if encoding and not encoding.upper().startswith("UTF-8"):
        typer.echo("note: " + say(READ_AS) % {"file": file, "encoding": encoding}, err=True)
    rows = list(skipped)
    for row, reason in rows[:shown]:
        line = say(SKIPPED) % {"file": file, "row": row, "reason": say(reason)}
        typer.echo(f"note: {line}", err=True)
    if len(rows) > shown:
        typer.echo(f"note: {file}: … (+{len(rows) - shown})", err=True)


__all__ = ["note_reading", "refuse_table"]
