"""``microparks demo``, ``summary`` and ``serve`` (the servers themselves: :mod:`.serve`).

Django starts inside each command (after ``--db`` is known), so user-facing text is translated
with Django's gettext there; the option help texts stay English (Typer reads them earlier).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from microparks.cli.django_setup import (
    database_label,
    migrate_database,
    pending_migrations,
    setup_django_for_command,
)
from microparks.cli.errors import fail
from microparks.cli.serve import WorkersOption, collect_static, serve_app
from microparks.cli.translation import DJANGO_LANGUAGE, LangOption
from microparks.core.units import CNY_PER_WAN
from microparks.demo.generate import DEFAULT_SEED

if TYPE_CHECKING:
    from microparks.apps.parks.services import Summary
    from microparks.demo.load import LoadReport

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite database file (default: $MICROPARKS_DATA_DIR/microparks.sqlite3; "
        "overrides DATABASE_URL).",
        dir_okay=False,
    ),
]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port to serve on.")]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("demo")(demo)
    app.command("serve")(serve)
    app.command("summary")(summary)


def demo(
    port: PortOption = 8000,
    db: DbOption = None,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the web application afterwards.")
    ] = True,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the demo data.")] = DEFAULT_SEED,
    today: Annotated[
        dt.datetime | None,
        typer.Option(
            "--today",
            formats=["%Y-%m-%d"],
            help="The demo's date (follow-ups and tickets are dated around it); default: today.",
        ),
    ] = None,
    training_server: Annotated[
        bool,
        typer.Option(
            "--training-server",
            help="Load the demo even in production mode (MICROPARKS_ENV=production): for a "
            "training server, whose accounts have published passwords.",
        ),
    ] = False,
    scale: Annotated[
        int,
        typer.Option(
            "--scale",
            min=1,
            help="Build the county N times larger (N times the parks, idle assets, firms, "
            "prospects and tickets; the same accounts): for benchmarks and trials at size.",
        ),
    ] = 1,
    workers: WorkersOption = 1,
    lang: LangOption = "zh",
) -> None:
    """Build the demo county (青岚县) in the database, list its accounts, and serve it."""
    setup_django_for_command(db)
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import override

    from microparks.apps.accounts.services import (
        DEMO_REFUSED,
        DemoRefusedError,
        check_demo_allowed,
    )
    from microparks.demo.load import STEPS, load_demo

    try:
        check_demo_allowed(training_server)
    except DemoRefusedError as exc:
        with override(DJANGO_LANGUAGE[lang]):
            raise fail(str(DEMO_REFUSED), code=1) from exc
    console = Console()
    console.print(_("Database: %(db)s") % {"db": database_label()})
    with console.status(_("Applying database migrations…")):
        migrate_database()
    labels = _step_labels()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(_("Loading the demo county"), total=len(STEPS))

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=labels.get(step, step))

        day = today.date() if today else timezone.localdate()
        report = load_demo(
            seed=seed,
            progress=progress,
            reference_date=day,
            training_server=training_server,
            scale=scale,
        )
        bar.update(task, description=_("Demo county loaded"))
    _print_report(console, report)
    url = f"http://127.0.0.1:{port}/"
    console.print(_("Open %(url)s and sign in with one of these accounts.") % {"url": url})
    if serve_after:
        collect_static(console)
        serve_app(console, "127.0.0.1", port, workers)


def serve(
    port: PortOption = 8000,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    db: DbOption = None,
    workers: WorkersOption = 1,
) -> None:
    """Serve the web application: waitress, or gunicorn with --workers above 1 on Linux."""
    setup_django_for_command(db)
    from django.utils.translation import gettext as _

    console = Console()
    console.print(_("Database: %(db)s") % {"db": database_label()})
    pending = pending_migrations()
    if pending:
        console.print(
            _(
                "Warning: %(n)d database migrations are not applied; run `microparks demo` or "
                "`python manage.py migrate`."
            )
            % {"n": pending},
            style="yellow",
        )
    collect_static(console)
    serve_app(console, host, port, workers)


def summary(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Print the headline figures: parks, tenants, jobs, tax, output and land in use."""
    setup_django_for_command(db)
    from django.utils.translation import gettext as _

    from microparks.apps.parks.services import summarize

    if pending_migrations():
        typer.echo(
            _(
                "The database is not set up yet: run `microparks demo` or "
                "`python manage.py migrate` first."
            ),
            err=True,
        )
        raise typer.Exit(1)
    figures = summarize()
    if as_json:
        typer.echo(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_summary(Console(), figures)


def _step_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "industries": _("Industry classification (GB/T 4754-2017)"),
        "regions": _("County and townships"),
        "departments": _("Departments"),
        "parks": _("Micro-parks"),
        "sites": _("Idle assets"),
        "units": _("Factory units"),
        "enterprises": _("Enterprises"),
        "leases": _("Leases"),
        "records": _("Annual records"),
        "users": _("Demo accounts"),
        "prospects": _("Attraction pipeline"),
        "tickets": _("Service tickets"),
        "cleanup": _("Removing stale demo rows"),
    }


def _print_report(console: Console, report: LoadReport) -> None:
    from django.utils.translation import gettext as _

    from microparks.apps.base import Role

    demo = report.demo
    console.print(
        _(
            "%(county)s: %(parks)d micro-parks, %(tenants)d tenants, %(sites)d idle assets "
            "(seed %(seed)d)."
        )
        % {
            "county": demo.county.name,
            "parks": len(demo.parks),
            "tenants": len(demo.tenant_codes),
            "sites": len(demo.sites),
            "seed": report.seed,
        }
    )
    if not report.changed:
        console.print(_("The database already held this demo; nothing was changed."))
    parks = {p.code: p.name for p in demo.parks}
    firms = {e.credit_code: e.name for e in demo.enterprises}
    table = Table(title=_("Demo accounts"))
    table.add_column(_("Username"), no_wrap=True)
    table.add_column(_("Password"), no_wrap=True)  # never cut: people copy it from here
    table.add_column(_("Role"))
    table.add_column(_("Scope"))
    for user in demo.users:
        if user.role == Role.ADMIN:
            scope = _("Everything")
        elif user.department_name:
            scope = user.department_name
        elif user.park_codes:
            scope = "、".join(parks[c] for c in user.park_codes)
        elif user.region_code:
            scope = _("%(county)s and its townships") % {"county": demo.county.name}
        else:
            scope = firms.get(user.credit_code or "", "")
        table.add_row(user.username, user.password, str(Role(user.role).label), scope)
    console.print(table)


def _print_summary(console: Console, figures: Summary) -> None:
    from django.utils.translation import gettext as _

    table = Table(title=_("Headline figures, %(year)s") % {"year": figures.year or "—"})
    table.add_column(_("Figure"))
    table.add_column(_("Value"), justify="right")
    rows = (
        (_("Parks"), f"{figures.parks:,}"),
        (_("Tenants"), f"{figures.tenants:,}"),
        (_("Jobs"), f"{figures.jobs:,}"),
        (_("Local jobs"), f"{figures.local_jobs:,}"),
        (_("Jobs held by rural workers"), f"{figures.rural_jobs:,}"),
        (_("Tax paid (10,000 CNY)"), f"{figures.tax_cny / CNY_PER_WAN:,.1f}"),
        (_("Gross output (10,000 CNY)"), f"{figures.output_cny / CNY_PER_WAN:,.1f}"),
        (_("Land in use (m²)"), f"{figures.land_in_use_m2:,.0f}"),
        (_("Land in use (mu)"), f"{figures.land_in_use_mu:,.1f}"),
    )
    for label, value in rows:
        table.add_row(label, value)
    console.print(table)
    if figures.trend:
        trend = Table(title=_("By year"))
        for header in (
            _("Year"),
            _("Tenants"),
            _("Jobs"),
            _("Local jobs"),
            _("Jobs held by rural workers"),
            _("Tax paid (10,000 CNY)"),
            _("Gross output (10,000 CNY)"),
        ):
            trend.add_column(header, justify="right")
        for y in figures.trend:
            trend.add_row(
                str(y.year),
                f"{y.tenants:,}",
                f"{y.jobs:,}",
                f"{y.local_jobs:,}",
                f"{y.rural_jobs:,}",
                f"{y.tax_cny / CNY_PER_WAN:,.1f}",
                f"{y.output_cny / CNY_PER_WAN:,.1f}",
            )
        console.print(trend)
