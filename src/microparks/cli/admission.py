"""``microparks admission check`` and ``validate``: the admission gate on files, no database.

Messages are plain English here: these commands run without Django (no settings, no database),
like the core they wrap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from microparks.core.admission import (
    ProjectInputError,
    RuleSetError,
    UnknownIndustryError,
    evaluate_admission,
)
from microparks.io.admission import (
    DEFAULT_RULE_SET,
    read_industry_tree,
    read_project,
    read_rule_set,
)

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


def _fail(problems: list[str], code: int = 2) -> typer.Exit:
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
            help="Sensitivity class of the chosen site, as named in the rule set "
            "(default rules: general, sensitive).",
        ),
    ] = None,
    positioning: Annotated[
        list[str] | None,
        typer.Option("--positioning", help="A GB/T 4754 code the park targets (repeatable)."),
    ] = None,
) -> None:
    """Print the admission decision for a project as JSON.

    Exit status 0 whatever the decision; 2 when a file or a value is invalid.
    """
    tree = read_industry_tree()
    try:
        rule_set = read_rule_set(rules, tree=tree)
    except RuleSetError as exc:
        raise _fail([f"rules {rules}: {p}" for p in exc.problems]) from None
    try:
        project = read_project(enterprise)
        decision = evaluate_admission(
            project, rule_set, tree, site_sensitivity=site, positioning=positioning
        )
    except ProjectInputError as exc:
        raise _fail([f"enterprise {enterprise}: {p}" for p in exc.problems]) from None
    except UnknownIndustryError as exc:
        raise _fail([f"enterprise {enterprise}: {exc}"]) from None
    typer.echo(json.dumps(decision.as_dict(), ensure_ascii=False, indent=2))


@app.command("validate")
def validate(
    rules: Annotated[Path, typer.Argument(help="Rule-set YAML file.", dir_okay=False)],
) -> None:
    """Check a rule-set file; print its name and version, or every problem found."""
    try:
        rule_set = read_rule_set(rules, tree=read_industry_tree())
    except RuleSetError as exc:
        raise _fail(exc.problems) from None
    typer.echo(f"{rule_set.label}: valid")
