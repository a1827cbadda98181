"""``microparks templates``: the Excel template of an import, to fill in and import as it is.

Runs without Django: the headers, drop-down lists and ranges come from the shipped
``vocabulary`` documents (a county that adapted its own gets its template from the web pages).
Chinese by default (``--lang en`` for English headers and instructions). Exit 0: written (or
the kinds listed); 1: the file cannot be written; 2: usage (unknown kind, no ``--out``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from microparks.cli.errors import fail
from microparks.cli.translation import Lang, translator
from microparks.io.template_kinds import KINDS, template_for
from microparks.io.templates import write_template


def register(parent: typer.Typer) -> None:
    """Add the ``templates`` command to ``parent``."""
    parent.command("templates")(templates)


def templates(
    kind: Annotated[
        str | None,
        typer.Argument(help=f"Kind of table: {', '.join(KINDS)}. Without it, list the kinds."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="The .xlsx file to write.", dir_okay=False)
    ] = None,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the headers and instructions.")
    ] = "zh",
) -> None:
    """Write the Excel template of an import, or list the kinds.

    Headers with units, drop-down lists, instructions and an example row; filled in, it
    imports with no mapping chosen.
    """
    words = translator(lang)
    if kind is None:
        for spec in KINDS.values():
            typer.echo(
                f"{spec.name}\t{words.gettext(spec.title)}: {words.gettext(spec.description)}"
            )
        return
    if kind not in KINDS:
        raise fail(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if out is None:
        raise fail("give the file to write with --out FILE.xlsx")
    if out.suffix.lower() != ".xlsx":
        raise fail(f"{out}: the template is an Excel workbook; name it .xlsx")
    try:
        write_template(template_for(kind), out, lang=lang, translate=words.gettext)
    except OSError as exc:
        raise fail(f"{out}: cannot write the file ({exc.strerror or exc})", 1) from None
    typer.echo(str(out))
