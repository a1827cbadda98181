"""``microparks jobs work``: run queued background jobs in a separate worker process.

For deployments that set ``MICROPARKS_JOBS=worker`` (jobs stay queued for this command) and to
recover, at start-up, jobs left ``running`` by a process that crashed (they are marked failed
with a message; the user runs them again).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from microparks.cli.django_setup import pending_migrations, setup_django_for_command

app = typer.Typer(help="Background jobs: imports and scoring run outside the web requests.")


def register(parent: typer.Typer) -> None:
    """Add the ``jobs`` command group to ``parent``."""
    parent.add_typer(app, name="jobs")


@app.command("work")
def work(
    once: Annotated[
        bool, typer.Option("--once", help="Run the queued jobs, then stop (no waiting).")
    ] = False,
    poll: Annotated[
        float, typer.Option("--poll", min=0.1, help="Seconds between looks for new jobs.")
    ] = 2.0,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite database file (overrides DATABASE_URL).", dir_okay=False),
    ] = None,
) -> None:
    """Recover jobs left running by a crash, then run queued jobs one at a time."""
    setup_django_for_command(db)
    from django.db import close_old_connections, connection
    from django.utils.translation import gettext as _

    from microparks.apps.jobs.runner import next_queued, recover_jobs

    console = Console(stderr=True)
    if pending_migrations():
        typer.echo(_("The database is not set up yet: run `python manage.py migrate`."), err=True)
        raise typer.Exit(1)
    recovered = recover_jobs()
    if recovered:
        console.print(_("%(n)d interrupted jobs marked failed.") % {"n": recovered})
    done = failed = 0
    try:
        while True:
            if not connection.in_atomic_block:  # (tests run the worker inside a transaction)
                close_old_connections()  # drop a connection the server closed or aged out
            pk = next_queued()
            if pk is None:
                if once:
                    break
                time.sleep(poll)
                continue
            succeeded = _run_one(pk, console)
            if succeeded is None:  # another worker claimed it first
                continue
            if succeeded:
                done += 1
            else:
                failed += 1
    except KeyboardInterrupt:
        console.print(_("Stopped."))
    typer.echo(json.dumps({"done": done, "failed": failed, "recovered": recovered}))


def _run_one(pk: int, console: Console) -> bool | None:
    """Run job ``pk`` with a transient progress bar and say how it ended.

    Returns whether it succeeded, or None when another worker claimed it first.
    """
    from django.utils.translation import gettext as _

    from microparks.apps.jobs.models import Job
    from microparks.apps.jobs.runner import run_job

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    job = Job.objects.get(pk=pk)
    with Progress(*columns, console=console, transient=True) as bar:
        label = f"#{pk} {job.kind}"
        task = bar.add_task(label, total=100)

        def show(percent: int, message: str, task: TaskID = task, label: str = label) -> None:
            text = f"{label}: {_(message)}" if message else label
            bar.update(task, completed=percent, description=text)

        finished = run_job(pk, on_progress=show)
    if finished is None:
        return None
    if finished.status == Job.Status.DONE:
        console.print(_("Job #%(pk)d %(kind)s done.") % {"pk": pk, "kind": job.kind})
        return True
    console.print(
        _("Job #%(pk)d %(kind)s failed: %(message)s")
        % {"pk": pk, "kind": job.kind, "message": finished.message_text()},
        style="red",
    )
    return False
