"""``microparks admission check`` and ``validate``: the admission gate on files.

``check`` runs on files alone, like the core it wraps, unless it is asked for a site by its
code (``--site``: the site's recorded sensitivity is read from the database) or for the reasons
worded in a language (``--lang``: the web pages' wording); Django starts only then. Error
messages are plain English.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from microparks.cli.django_setup import DatabaseChoiceError, setup_django
from microparks.cli.errors import EXIT_INPUT, EXIT_USAGE
from microparks.cli.table_input import refuse_table
from microparks.core.admission import (
    Decision,
    IndustryTree,
    ProjectInputError,
    RuleSet,
    UnknownIndustryError,
    evaluate_admission,
)
from microparks.io.admission import (
    DEFAULT_RULE_SET,
    DeclarationFileError,
    read_industry_tree,
    read_project,
    read_rule_set,
)
from microparks.io.rules import DocumentError

app = typer.Typer(
    help="The admission gate: check a project against a rule set.", no_args_is_help=True
)

RulesOption = Annotated[
    Path,
    typer.Option(
        "--rules",
        help="Rule-set YAML file (default: the shipped default rule set).",
        dir_okay=False,
    ),
]


def register(parent: typer.Typer) -> None:
    """Add the ``admission`` command group to ``parent``."""
    parent.add_typer(app, name="admission")


def _fail(problems: list[str], code: int = EXIT_INPUT) -> typer.Exit:
    for line in problems:
        typer.echo(f"error: {line}", err=True)
    return typer.Exit(code)


@app.command("check")
def check(
    enterprise: Annotated[
        Path,
        typer.Option("--enterprise", help="Project data as a JSON file.", dir_okay=False),
    ],
    rules: RulesOption = DEFAULT_RULE_SET,
    site: Annotated[
        str | None,
        typer.Option(
            "--site",
            help="Code of the chosen site: its recorded environmental sensitivity is read "
            "from the database.",
        ),
    ] = None,
    site_sensitivity: Annotated[
        str | None,
        typer.Option(
            "--site-sensitivity",
            help="Sensitivity class of the chosen site, as named in the rule set, without a "
            "database (default rules: general, sensitive, drinking_water, residential, …).",
        ),
    ] = None,
    positioning: Annotated[
        list[str] | None,
        typer.Option("--positioning", help="A GB/T 4754 code the park targets (repeatable)."),
    ] = None,
    lang: Annotated[
        Literal["en", "zh"] | None,
        typer.Option(
            "--lang",
            help="Add the reasons, conditions and referrals worded in English or Chinese.",
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite database file for --site.", dir_okay=False),
    ] = None,
) -> None:
    """Print the admission decision for a project as JSON.

    Exit status 0 whatever the decision; 2 when a file or a value is invalid.
    """
    if site is not None and site_sensitivity is not None:
        raise _fail(["give --site or --site-sensitivity, not both"], EXIT_USAGE)
    tree = read_industry_tree()
    try:
        rule_set = read_rule_set(rules, tree=tree)
    except DocumentError as exc:
        raise _fail([f"rules {rules}: {p}" for p in exc.problems]) from None
    if site is not None or lang is not None:  # the site's record or the web's wording
        _start_django(db)
    if site is not None:
        site_sensitivity = _sensitivity_of_site(site)
    decision = _evaluate_file(enterprise, rule_set, tree, site_sensitivity, positioning, lang)
    out = decision.as_dict() if lang is None else _worded(decision, lang)
    if site is not None:
        out["site"] = site
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2))


def _start_django(db: Path | None) -> None:
    """Start Django on the database chosen; exit 2 if the choice is not usable."""
    try:
        setup_django(db)
    except DatabaseChoiceError as exc:
        raise _fail([str(exc)]) from None


def _evaluate_file(
    enterprise: Path,
    rule_set: RuleSet,
    tree: IndustryTree,
    site_sensitivity: str | None,
    positioning: list[str] | None,
    lang: str | None = None,
) -> Decision:
    """The decision on the project file (JSON or a declaration form); exit 2 for bad data."""
    try:
        project = read_project(enterprise)
        return evaluate_admission(
            project, rule_set, tree, site_sensitivity=site_sensitivity, positioning=positioning
        )
    except DeclarationFileError as exc:  # a declaration form: each bad cell, in Chinese by default
        raise refuse_table(exc.refusal, "en" if lang == "en" else "zh", code=EXIT_INPUT) from None
    except ProjectInputError as exc:
        raise _fail([f"enterprise {enterprise}: {p}" for p in exc.problems]) from None
    except UnknownIndustryError as exc:
        raise _fail([f"enterprise {enterprise}: {exc}"]) from None


def _sensitivity_of_site(code: str) -> str:
    """The recorded sensitivity of the site ``code``; exit 2 if unknown or not assessed."""
    from django.db import DatabaseError

    from microparks.apps.sites.models import Site

    try:
        found = Site.objects.filter(code=code).values_list("eia_sensitivity", flat=True).first()
    except DatabaseError as exc:
        raise _fail([f"site {code}: cannot read the database ({exc})"]) from None
    if found is None:
        raise _fail([f"site {code}: no site with this code in the database"])
    if not found:
        raise _fail(
            [
                f"site {code}: its environmental sensitivity has not been assessed; record it "
                "or give --site-sensitivity"
            ]
        )
    return str(found)


def _worded(decision: Decision, lang: str) -> dict[str, Any]:
    """The decision with each fired rule's ``text`` and ``note_text`` in ``lang``."""
    from django.utils import translation

    from microparks.apps.admission.wording import worded_result

    with translation.override("zh-hans" if lang == "zh" else "en"):
        return {**worded_result(decision.as_dict()), "language": lang}


@app.command("validate")
def validate(
    rules: Annotated[Path, typer.Argument(help="Rule-set YAML file.", dir_okay=False)],
) -> None:
    """Check a rule-set file; print its name and version, or every problem found."""
    try:
        rule_set = read_rule_set(rules, tree=read_industry_tree())
    except DocumentError as exc:
        raise _fail([f"{rules.name}: {p}" for p in exc.problems]) from None
    typer.echo(f"{rule_set.label}: valid")
