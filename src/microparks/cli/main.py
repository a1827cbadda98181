"""The ``microparks`` command line: thin Typer commands over core, io and the apps."""

from __future__ import annotations

from typing import Annotated

import typer

from microparks.cli import admin as admin_commands
from microparks.cli import admission as admission_commands
from microparks.cli import backup as backup_commands
from microparks.cli import demo as demo_commands
from microparks.cli import enterprises as enterprises_commands
from microparks.cli import evaluate as evaluate_commands
from microparks.cli import impact as impact_commands
from microparks.cli import jobs as jobs_commands
from microparks.cli import labour as labour_commands
from microparks.cli import labour_pool as labour_pool_commands
from microparks.cli import labour_records as labour_records_commands
from microparks.cli import labour_workshops as labour_workshops_commands
from microparks.cli import match as match_commands
from microparks.cli import mcda as mcda_commands
from microparks.cli import prospects as prospects_commands
from microparks.cli import replicate as replicate_commands
from microparks.cli import rules as rules_commands
from microparks.cli import sites as sites_commands
from microparks.cli import targeting as targeting_commands
from microparks.cli import templates as templates_commands
from microparks.cli.errors import GuardedGroup

app = typer.Typer(
    name="microparks",
    help="Micro-industrial parks on idle land: inventory, targeting, admission, matching, "
    "service, evaluation and impact.",
    no_args_is_help=True,
    add_completion=False,
    cls=GuardedGroup,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def main(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full traceback of an unexpected error instead of one line "
            "(exit codes: 0 done, 1 wrong input or data, 2 wrong command line, 70 internal error).",
        ),
    ] = False,
) -> None:
    """The options of every command (the help is the app's)."""


demo_commands.register(app)
admission_commands.register(app)
admin_commands.register(app)
mcda_commands.register(app)
sites_commands.register(app)
enterprises_commands.register(app)
prospects_commands.register(app)
match_commands.register(app)
targeting_commands.register(app)
evaluate_commands.register(app)
impact_commands.register(app)
replicate_commands.register(app)
jobs_commands.register(app)
labour_commands.register(app)
labour_pool_commands.register(labour_commands.app)
labour_records_commands.register(labour_commands.app)
labour_workshops_commands.register(labour_commands.app)
rules_commands.register(app)
templates_commands.register(app)
backup_commands.register(app)


if __name__ == "__main__":
    app()
