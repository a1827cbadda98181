"""``microparks rules``: check a rules document file, and print the shipped ones to start from.

Runs without Django (no settings, no database). Problems are printed in Chinese by default
(``--lang en`` for English), each naming the document's field, from the same translation
catalogue as the web pages. Exit 0: valid; 1: the file is invalid or unreadable; 2: usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from microparks.cli.translation import Lang, translator
from microparks.core.servicedesk import CATEGORIES, PRIORITIES
from microparks.io.rules import KINDS, SHIPPED, DocumentError, read_rules_file
from microparks.io.rules.shipped import shipped_document

app = typer.Typer(
    help="Rules documents: check a file, list and print the shipped defaults.",
    no_args_is_help=True,
)


def register(parent: typer.Typer) -> None:
    """Add the ``rules`` command group to ``parent``."""
    parent.add_typer(app, name="rules")


@app.command("check")
def check(
    kind: Annotated[str, typer.Argument(help=f"Kind of document: {', '.join(KINDS)}.")],
    file: Annotated[Path, typer.Argument(help="The YAML file.", dir_okay=False)],
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the messages.")] = "zh",
) -> None:
    """Check a document file as the web pages do; print every problem with its field."""
    if kind not in KINDS:
        raise typer.BadParameter(f"{kind!r} is not one of {', '.join(KINDS)}", param_hint="KIND")
    words = translator(lang)
    context: dict[str, object] = {}
    if kind in ("admission", "targeting"):
        from microparks.io.admission import read_industry_tree

        context["known_codes"] = read_industry_tree().parents.keys()
    if kind == "deadlines":
        context.update(categories=CATEGORIES, priorities=PRIORITIES)
    try:
        document = read_rules_file(kind, file, **context)
    except DocumentError as exc:
        for problem in exc.problems:
            typer.echo(f"error: {file}: {problem.line(words.gettext)}", err=True)
        raise typer.Exit(1) from None
    valid = "有效" if lang == "zh" else "valid"
    typer.echo(f"{file}: {valid} (sha256 {document.sha256})")


@app.command("shipped")
def shipped(
    kind: Annotated[str | None, typer.Argument(help="Kind of document.")] = None,
    name: Annotated[str, typer.Argument(help="Name of the shipped document.")] = "default",
) -> None:
    """List the shipped documents, or print one's YAML (to start a copy of one's own)."""
    if kind is None:
        for doc in SHIPPED:
            typer.echo(f"{doc.kind}\t{doc.name}\t{doc.title}")
        return
    try:
        typer.echo(shipped_document(kind, name).text(), nl=False)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="KIND NAME") from None
