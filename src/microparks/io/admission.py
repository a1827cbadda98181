"""Files of the admission gate: rule-set YAML, project declarations and the GB/T 4754 hierarchy.

A project is declared as JSON (the form :func:`~microparks.core.admission.parse_project` reads)
or as a county's declaration form (入园项目准入申报表) in CSV (UTF-8 or GBK) or Excel: one row
under Chinese headers with units (综合能耗（吨标准煤）, 年产值（万元）…, the ``declarations``
vocabulary), title rows and 序号 columns allowed.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from pathlib import Path
from typing import Any

from microparks.core.admission import (
    IndustryTree,
    Project,
    ProjectInputError,
    RuleSet,
    parse_project,
)
from microparks.core.admission.ruleset import POLLUTANTS
from microparks.io.county_tables import TableRefusal, read_county_table, shipped_vocabulary
from microparks.io.errors import ImportFileError, gettext_noop
from microparks.io.ledger import CSV_SUFFIXES, SPREADSHEET_SUFFIXES
from microparks.io.rules import load_shipped, read_rules_file, shipped_document

ONE_PROJECT = gettext_noop("a declaration holds one project; this file has %(count)s rows")
OUT_OF_RANGE = gettext_noop("%(field)s: %(value)s is out of range (%(bounds)s)")
NOT_A_CLASS = gettext_noop(
    "industry_codes: %(code)s is not a GB/T 4754 class code (4 digits, e.g. %(example)s)"
)
LOST_ZERO = gettext_noop(
    "industry_codes: %(code)s is not a GB/T 4754 class code; %(zero)s is (a leading zero lost?)"
)
_CODES = re.compile(r"[、,，;；/\s]+")
_NAMES = re.compile(r"\s*[、,，;；]\s*")


class DeclarationFileError(ProjectInputError):
    """A declaration form that cannot be read; ``refusal`` holds each problem, translatable."""

    def __init__(self, refusal: TableRefusal) -> None:
        super().__init__(refusal.lines())
        self.refusal = refusal


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
    if path.suffix.lower() in CSV_SUFFIXES + SPREADSHEET_SUFFIXES:
        # the form's cells were checked against the vocabulary's ranges as they were read
        project = parse_project(read_declaration(path))
        problems = _not_class_codes(project.industry_codes)
        if problems:
            raise ProjectInputError(problems)
        return project
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectInputError([f"{path}: cannot read the file ({exc})"]) from None
    except json.JSONDecodeError as exc:
        raise ProjectInputError([f"{path}: not valid JSON ({exc})"]) from None
    except RecursionError:
        raise ProjectInputError([f"{path}: not valid JSON (nested too deeply)"]) from None
    project = parse_project(data)  # types, signs and finiteness first
    problems = _out_of_range(project) + _not_class_codes(project.industry_codes)
    if problems:
        raise ProjectInputError(problems)
    return project


def read_declaration(path: Path) -> dict[str, Any]:
    """A declaration form's row as the data :func:`parse_project` reads (units to base units).

    Raises
    ------
    DeclarationFileError
        An unreadable file, no 项目名称/行业代码 column, more than one project, or bad cells
        (inf, NaN, negative …), each named by row, column and value.

    """
    try:
        table = read_county_table(
            path,
            path.name,
            "declarations",
            required=("name", "industry_codes"),
            filled=(),  # an empty name or code list is the project's problem (parse_project)
            code_fields=("industry_codes",),
            refusal=TableRefusal,
        )
    except TableRefusal as exc:
        raise DeclarationFileError(exc) from None
    if table.errors:
        raise DeclarationFileError(TableRefusal(source=path.name, errors=table.errors))
    frame = table.ledger.frame
    if len(frame) != 1:
        problem = ImportFileError(ONE_PROJECT, {"count": len(frame)})
        raise DeclarationFileError(TableRefusal(source=path.name, file_error=problem))
    row = {k: v for k, v in frame.iloc[0].items() if v is not None}
    data: dict[str, Any] = {
        "name": row.get("name", ""),
        "industry_codes": _split(row.get("industry_codes", ""), _CODES),
    }
    for key in ("annual_energy_tce", "annual_electricity_kwh", "output_cny", "water_m3"):
        if key in row:
            data[key] = float(row[key])
    if "hazardous_chemicals_t" in row:
        data["hazardous_chemicals_t"] = float(row["hazardous_chemicals_t"])
    emissions = {k: float(row[k]) for k in POLLUTANTS if k in row}
    if emissions:
        data["emissions_t"] = emissions
    for key in ("processes", "materials"):
        if key in row:
            data[key] = _split(row[key], _NAMES)
    if "site_sensitivity" in row:
        data["site_sensitivity"] = str(row["site_sensitivity"])
    return data


def _split(text: Any, separators: re.Pattern[str]) -> list[str]:
    """Codes or names written in one cell: ``1311、1320`` or ``电镀; 喷涂``."""
    return [part for part in separators.split(str(text).strip()) if part]


def _out_of_range(project: Project) -> list[str]:
    """The declared numbers outside the ``declarations`` vocabulary's ranges (e.g. 1e308 yuan)."""
    fields = shipped_vocabulary("declarations").fields
    values: dict[str, float | None] = {
        key: getattr(project, key)
        for key in ("annual_energy_tce", "annual_electricity_kwh", "output_cny", "water_m3")
    }
    values["hazardous_chemicals_t"] = project.hazardous_chemicals_t
    values.update({f"emissions_t.{k}": v for k, v in project.emissions_t.items()})
    problems = []
    for name, value in values.items():
        words = fields.get(name.removeprefix("emissions_t."))
        bounds = words.bounds if words is not None else None
        if value is None or bounds is None or bounds.holds(value):
            continue
        params = {"field": name, "value": f"{value:g}", "bounds": bounds.describe()}
        problems.append(OUT_OF_RANGE % params)
    return problems


@functools.cache
def _levels() -> dict[str, str]:
    """Each GB/T 4754 code's level (``section``, ``division``, ``group``, ``class``)."""
    with CLASSIFICATION.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["level"] for row in csv.DictReader(f)}


def _not_class_codes(codes: tuple[str, ...]) -> list[str]:
    """A project's industry is a 4-digit class (小类) code, not a group or division.

    A project's own code is always a class, so a shorter code is a mistake: most often a class
    code that lost its leading zero in a spreadsheet (``131`` for ``0131`` 棉花种植), which would
    otherwise be taken as the group ``131`` 谷物磨制. A code GB/T 4754 does not hold at all is
    left to the evaluation (``UnknownIndustryError``).
    """
    levels = _levels()
    problems = []
    for code in codes:
        if code not in levels or levels[code] == "class":
            continue
        zero = "0" + code
        if levels.get(zero) == "class":
            problems.append(LOST_ZERO % {"code": code, "zero": zero})
        else:
            example = next((c for c in levels if c.startswith(code) and levels[c] == "class"), "")
            problems.append(NOT_A_CLASS % {"code": code, "example": example or "1311"})
    return problems
