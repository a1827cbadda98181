"""Files of the admission gate: rule-set YAML, project JSON and the GB/T 4754 hierarchy."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from microparks.core.admission import (
    IndustryTree,
    Project,
    ProjectInputError,
    RuleSet,
    parse_project,
)
from microparks.io.rules import load_shipped, read_rules_file, shipped_document

PACKAGE = Path(__file__).resolve().parents[1]
DEFAULT_RULE_SET = shipped_document("admission").path
"""The shipped default rule set (a copy to start a file of one's own from)."""
CLASSIFICATION = PACKAGE / "apps" / "industries" / "data" / "gbt4754_2017.csv"
"""The shipped GB/T 4754-2017 classification (``code,...,parent,...``)."""


def read_industry_tree(path: Path = CLASSIFICATION) -> IndustryTree:
    """Read the GB/T 4754 hierarchy (``code`` and ``parent`` columns) from a CSV file.

    Parameters
    ----------
    path
        A CSV file with at least the columns ``code`` and ``parent`` (empty for sections).

    """
    with path.open(encoding="utf-8", newline="") as f:
        parents = {row["code"]: (row["parent"] or None) for row in csv.DictReader(f)}
    return IndustryTree(parents)


def read_rule_set(path: Path | None = None, tree: IndustryTree | None = None) -> RuleSet:
    """Read and validate a rule-set YAML file (the shipped default when ``path`` is None).

    Parameters
    ----------
    path
        The YAML file.
    tree
        When given, every industry code of the rules must be in it.

    Raises
    ------
    DocumentError
        If the file cannot be read or the rules are malformed (every problem listed).

    """
    known = None if tree is None else tree.parents.keys()
    if path is None:
        rules: RuleSet = load_shipped("admission", known_codes=known)
        return rules
    return read_rules_file("admission", path, known_codes=known).value  # type: ignore[no-any-return]


def read_project(path: Path) -> Project:
    """Read a project's data from a JSON file (the form ``parse_project`` reads).

    Raises
    ------
    ProjectInputError
        If the file cannot be read, is not JSON, or holds invalid fields.

    """
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectInputError([f"{path}: cannot read the file ({exc})"]) from None
    except json.JSONDecodeError as exc:
        raise ProjectInputError([f"{path}: not valid JSON ({exc})"]) from None
    return parse_project(data)
