"""The ``microparks`` command line: thin Typer commands over core, io and the apps."""

from __future__ import annotations

import typer

from microparks.cli import demo as demo_commands

app = typer.Typer(
    name="microparks",
    help="Micro-industrial parks on idle land: inventory, targeting, admission, matching, "
    "service, evaluation and impact.",
    no_args_is_help=True,
    add_completion=False,
)
demo_commands.register(app)


if __name__ == "__main__":
    app()
