"""Load the GB/T 4754-2017 classification from its shipped CSV, and look codes up.

The CSV (``data/gbt4754_2017.csv``, sources in ``data/README.md``) is versioned reference data:
a deployment may edit its attributes and load it again. Loading validates every row before it
writes anything, then upserts all rows in one transaction, parents before children.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from microparks.apps.industries.models import Industry

__all__ = [
    "DEFAULT_CSV",
    "FIELDS",
    "IndustryRow",
    "UnknownIndustryError",
    "load_industries",
    "read_industry_csv",
    "resolve_industry",
]

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "gbt4754_2017.csv"
FIELDS = [
    "code",
    "name",
    "name_en",
    "level",
    "parent",
    "labour_intensity",
    "energy_class",
    "is_two_high",
]

LEVELS = [
    Industry.Level.SECTION,
    Industry.Level.DIVISION,
    Industry.Level.GROUP,
    Industry.Level.CLASS,
]
CODE_PATTERN: dict[str, re.Pattern[str]] = {
    Industry.Level.SECTION: re.compile(r"[A-T]"),
    Industry.Level.DIVISION: re.compile(r"\d{2}"),
    Industry.Level.GROUP: re.compile(r"\d{3}"),
    Industry.Level.CLASS: re.compile(r"\d{4}"),
}
INTENSITIES = {"", *Industry.Intensity.values}
BOOLEANS = {"true": True, "false": False}
NAME_MAX = Industry._meta.get_field("name").max_length or 200
UPDATED_FIELDS = [
    "name",
    "name_en",
    "level",
    "parent",
    "labour_intensity",
    "energy_class",
    "is_two_high",
]


class UnknownIndustryError(ValueError):
    """A code that is not in the loaded GB/T 4754-2017 classification."""


@dataclass(frozen=True)
class IndustryRow:
    """One validated CSV row; ``row`` is its spreadsheet row number (the header is row 1)."""

    row: int
    code: str
    name: str
    name_en: str
    level: str
    parent: str
    labour_intensity: str
    energy_class: str
    is_two_high: bool


def _fail(row: int, field: str, problem: str, **params: object) -> ValueError:
    """The error for a bad row: ``problem`` is a translated template filled with ``params``."""
    detail = problem % params if params else problem
    template = _("row %(row)d, field %(field)s: %(detail)s")
    return ValueError(template % {"row": row, "field": field, "detail": detail})


def read_industry_csv(path: Path | None = None) -> list[IndustryRow]:
    """Read and validate the classification CSV.

    Parameters
    ----------
    path
        The CSV file; the shipped GB/T 4754-2017 file when ``None``.

    Returns
    -------
    list of IndustryRow
        The rows in file order.

    Raises
    ------
    ValueError
        For the first bad row, naming its row number and field: a missing column, a bad level,
        a code that does not match its level's pattern, a duplicate code, a parent that is not
        in the file (or, for an extension file, in the database) or not one level up, a bad
        intensity or flag.

    """
    path = path or DEFAULT_CSV
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            raise _fail(1, missing[0], _("missing column"))
        raw = [(reader.line_num, record) for record in reader]
    rows: list[IndustryRow] = []
    seen: set[str] = set()
    for number, record in raw:
        rows.append(_check_row(number, {f: (record.get(f) or "").strip() for f in FIELDS}, seen))
        seen.add(rows[-1].code)
    _check_parents(rows)
    return rows


def _check_row(row: int, value: dict[str, str], seen: set[str]) -> IndustryRow:
    level, code, name = value["level"], value["code"], value["name"]
    if level not in CODE_PATTERN:
        raise _fail(row, "level", _("unknown level %(level)r"), level=level)
    if not CODE_PATTERN[level].fullmatch(code):
        raise _fail(row, "code", _("%(code)r is not a %(level)s code"), code=code, level=level)
    if code in seen:
        raise _fail(row, "code", _("duplicate code %(code)r"), code=code)
    if not 0 < len(name) <= NAME_MAX:
        raise _fail(row, "name", _("a name of 1 to %(max)d characters is required"), max=NAME_MAX)
    for field in ("labour_intensity", "energy_class"):
        if value[field] not in INTENSITIES:
            raise _fail(
                row, field, _("%(value)r is not high, medium, low or empty"), value=value[field]
            )
    flag = value["is_two_high"].lower()
    if flag not in BOOLEANS:
        raise _fail(row, "is_two_high", _("%(value)r is not true or false"), value=flag)
    return IndustryRow(row=row, **{**value, "is_two_high": BOOLEANS[flag]})  # type: ignore[arg-type]


def _check_parents(rows: list[IndustryRow]) -> None:
    levels = {r.code: r.level for r in rows}
    outside = {r.parent for r in rows if r.parent and r.parent not in levels}
    levels.update(Industry.objects.filter(code__in=outside).values_list("code", "level"))
    for r in rows:
        depth = LEVELS.index(Industry.Level(r.level))
        if depth == 0:
            if r.parent:
                raise _fail(r.row, "parent", _("a section has no parent"))
            continue
        if r.parent not in levels:
            raise _fail(r.row, "parent", _("unknown parent %(parent)r"), parent=r.parent)
        if levels[r.parent] != LEVELS[depth - 1] or (depth > 1 and r.parent != r.code[:-1]):
            raise _fail(
                r.row,
                "parent",
                _("%(parent)r cannot be the parent of %(code)r"),
                parent=r.parent,
                code=r.code,
            )


def load_industries(path: Path | None = None) -> int:
    """Upsert the classification CSV into ``Industry``.

    Every row is validated first (see :func:`read_industry_csv`); then all rows are written in
    one transaction, level by level so that parents exist before their children. Loading the
    same file twice leaves the same rows (matched by code, with the same primary keys).

    Parameters
    ----------
    path
        The CSV file; the shipped GB/T 4754-2017 file when ``None``.

    Returns
    -------
    int
        The number of rows upserted.

    """
    rows = read_industry_csv(path)
    with transaction.atomic():
        for level in LEVELS:
            _upsert([r for r in rows if r.level == level])
    return len(rows)


def _upsert(rows: list[IndustryRow]) -> None:
    parents = {r.parent for r in rows if r.parent}
    parent_ids = dict(Industry.objects.filter(code__in=parents).values_list("code", "pk"))
    existing = Industry.objects.in_bulk([r.code for r in rows], field_name="code")
    new, changed = [], []
    for r in rows:
        values = {
            "name": r.name,
            "name_en": r.name_en,
            "level": r.level,
            "parent_id": parent_ids.get(r.parent),
            "labour_intensity": r.labour_intensity,
            "energy_class": r.energy_class,
            "is_two_high": r.is_two_high,
        }
        obj = existing.get(r.code)
        if obj is None:
            new.append(Industry(code=r.code, **values))
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            changed.append(obj)
    Industry.objects.bulk_create(new, batch_size=500)
    Industry.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=500)


def resolve_industry(code: str) -> Industry:
    """Return the industry with ``code``, for importers.

    Accepts the code as printed in the standard (``"C"``, ``"13"``, ``"131"``, ``"1311"``) and
    the common ``section letter + digits`` form (``"C1311"``), whose letter must be the code's
    own section.

    Raises
    ------
    UnknownIndustryError
        When no loaded industry has that code.

    """
    text = (code or "").strip().upper()
    match = re.fullmatch(r"([A-T])(\d{2,4})", text)
    lookup = match.group(2) if match else text
    industry: Industry | None = Industry.objects.filter(code=lookup).first()
    if industry is None or (match and industry.section.code != match.group(1)):
        raise UnknownIndustryError(
            _("Unknown GB/T 4754-2017 industry code %(code)r") % {"code": code}
        )
    return industry
