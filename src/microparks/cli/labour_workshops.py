"""``microparks labour workshops``: run the 帮扶车间 designation of a county for a year.

Every tenant firm of the county with employment records for ``--year`` is evaluated under the
county's ``workshop`` policy in effect (as the web page does); the run is stored with the policy
version, and its summary printed as JSON. ``--out FILE.xlsx`` (or ``.csv``) also writes the list
for the 人社 bureau. Exit 1 when the county has no records for the year or no policy is in
effect, 2 on usage errors.

The command joins the ``labour`` group of :mod:`microparks.cli.labour` (:func:`register`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from microparks.cli.errors import EXIT_INPUT, fail
from microparks.cli.firm_imports import DbOption
from microparks.cli.labour_pool import CountyOption, YearOption
from microparks.cli.translation import DJANGO_LANGUAGE, LangOption

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Also write the list for the 人社 bureau (.xlsx or .csv).", dir_okay=False
    ),
]


def register(group: typer.Typer) -> None:
    """Add ``workshops`` to the ``labour`` command group ``group``."""
    group.command("workshops")(workshops_command)


def workshops_command(
    county: CountyOption,
    year: YearOption,
    out: OutOption = None,
    db: DbOption = None,
    lang: LangOption = "zh",
) -> None:
    """Run the employment-assistance workshop designation of a county for a year."""
    if out is not None and out.suffix.lower() not in (".xlsx", ".csv"):
        raise fail(f"--out {out}: write .xlsx or .csv")
    from microparks.cli.django_setup import setup_django_for_command

    setup_django_for_command(db)
    from django.core.exceptions import ValidationError
    from django.utils import translation
    from django.utils.translation import gettext as _

    from microparks.apps.labour.workshops import about_table, export_table, run_workshops
    from microparks.apps.regions.models import Region
    from microparks.apps.rules.services import NoDocumentError
    from microparks.io.exports import write_table_csv, write_table_xlsx

    translation.activate(DJANGO_LANGUAGE[lang])
    target = Region.objects.filter(code=county, level=Region.Level.COUNTY).first()
    if target is None:
        raise fail(f"no county with code {county!r}")
    try:
        run = run_workshops(None, target, year)
    except ValidationError as exc:
        raise fail(" ".join(exc.messages), EXIT_INPUT) from None
    except NoDocumentError as exc:
        raise fail(str(exc), EXIT_INPUT) from None
    if out is not None:
        rows = list(run.results.select_related("enterprise", "park", "park__region"))
        table = export_table(run, rows)
        if out.suffix.lower() == ".csv":
            out.write_bytes(write_table_csv(table))
        else:
            sheets = {_("Workshops"): table, _("About"): about_table(run)}
            out.write_bytes(write_table_xlsx(sheets))
    summary = {
        "county": target.code,
        "year": run.year,
        "run": run.number,
        "policy": str(run.rules.label),
        "policy_sha256": run.rules.sha256,
        "firms": run.firms,
        "designated": run.designated,
        "total_cny": str(run.total_cny),
        "out": str(out) if out is not None else None,
    }
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
