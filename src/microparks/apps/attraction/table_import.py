"""What the imports of a county's own tables share: reading, the plan, and the cell helpers.

The enterprise directory (企业名录, :mod:`.directory_import`) and the investment office's project
ledger (招商项目台账, :mod:`.imports`) are read alike: the ``vocabulary``
document in effect for the region (or the shipped one) through ``read_sheet`` + ``read_ledger``
(:func:`~microparks.io.county_tables.read_county_table`), then checked row by row against the
database without writing anything. The result is a :class:`TablePlan`: the objects to create or
update, or every problem by row and column. The preview shows it and the job saves it, so the
preview is a dry run of exactly what the job does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from microparks.apps.industries.models import Industry
from microparks.apps.industries.services import UnknownIndustryError, resolve_industry
from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import RulesDocument
from microparks.core.codes import CreditCodeError, check_credit_code
from microparks.core.vocabulary import Vocabulary, normalise_word
from microparks.io.county_tables import CountyTable, read_county_table, shipped_vocabulary
from microparks.io.errors import ImportValidationError, RowError, gettext_noop

Progress = Callable[[int, str], None]

CREDIT_CODE_REASONS = {
    "length": gettext_noop("a credit code has 18 characters, this one has %(length)s"),
    "alphabet": gettext_noop("characters %(chars)s are not allowed (I, O, S, V, Z never occur)"),
    "check": gettext_noop("check character is %(found)s, expected %(expected)s"),
}
UNKNOWN_INDUSTRY = gettext_noop(
    "no GB/T 4754-2017 industry of this code or name (write a code such as 1431 or a name "
    "such as 纺织业)"
)
NOT_A_DATE = gettext_noop("not a date (write it as 2025-03-31)")
READING = gettext_noop("Reading and checking the file")
CHECKING = gettext_noop("Checking the rows against the database")
SAME_KEY = gettext_noop("the same %(what)s is already on row %(first)s")
REQUIRED_FOR_NEW = gettext_noop("a value is required for a new %(what)s")
OTHER_REGION = gettext_noop("this credit code belongs to an enterprise of another region")
NO_ROWS = gettext_noop("the file holds no data rows")


def no_progress(_percent: int, _message: str) -> None:
    return None


@dataclass
class Planned:
    """One row's object (unsaved changes applied) and what the import does to it."""

    row: int
    obj: Any
    created: bool
    changed: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def changes(self) -> bool:
        """Whether saving this row writes anything."""
        return self.created or bool(self.changed)


@dataclass
class TablePlan:
    """What importing a table would do, found without writing anything."""

    kind: str
    region: Region
    file_name: str
    sha256: str
    vocabulary: RulesDocument | None
    table: CountyTable | None
    items: list[Planned] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def created(self) -> int:
        """How many records the import would create."""
        return sum(1 for p in self.items if p.created)

    @property
    def updated(self) -> int:
        """How many existing records it would change."""
        return sum(1 for p in self.items if not p.created and p.changed)

    @property
    def unchanged(self) -> int:
        """How many rows name a record as it is already."""
        return sum(1 for p in self.items if not p.changes)

    def column(self, key: str) -> str:
        """The file's column of field ``key`` (the key itself when the file has none)."""
        if self.table is None:
            return key
        return self.table.ledger.columns.get(key, key)

    def has_problem(self, row: int) -> bool:
        """Whether a problem is known on ``row`` already (the model's checks then wait)."""
        return any(e.row == row for e in self.errors)

    def written(self, row: int, key: str) -> str:
        """The cell of field ``key`` on ``row`` as the file has it (``''`` when none)."""
        if self.table is None or key not in self.table.ledger.columns:
            return ""
        try:
            return str(self.table.sheet.frame.at[row, self.table.ledger.columns[key]])
        except KeyError:
            return ""

    def recognised(self, label: Callable[[str], str]) -> list[tuple[str, str, str]]:
        """(our field, the file's column, its unit) for each recognised column."""
        if self.table is None:
            return []
        units = self.table.ledger.units
        return [(label(k), c, units.get(k, "")) for k, c in self.table.ledger.columns.items()]

    def unused(self) -> list[str]:
        """The file's columns the import does not read (注册资本 … where we keep nothing)."""
        if self.table is None:
            return []
        used = set(self.table.ledger.columns.values())
        return [c for c in self.table.sheet.frame.columns if c not in used]

    def refuse_if_any(self) -> None:
        """Raise :class:`ImportValidationError` with every problem, if there is one."""
        if self.errors or self.table is None:
            raise ImportValidationError(self.file_name, self.errors)


def vocabulary_of(name: str, region: Region | None) -> tuple[Vocabulary, RulesDocument | None]:
    """The ``vocabulary`` document ``name`` in effect for ``region`` (parsed), or the shipped."""
    try:
        doc = rules.in_effect("vocabulary", region, name=name)
    except rules.NoDocumentError:
        return shipped_vocabulary(name), None
    parsed: Vocabulary = rules.parse(doc)
    return parsed, doc


def read_table(
    kind: str,
    path: Path,
    region: Region,
    *,
    required: Iterable[str],
    file_name: str | None = None,
) -> TablePlan:
    """Read ``path`` with the region's ``kind`` vocabulary: a plan with the reader's problems.

    Raises
    ------
    ImportFileError
        When the file cannot be read at all.

    """
    name = file_name or path.name
    vocabulary, doc = vocabulary_of(kind, region)
    raw = path.read_bytes()
    table = read_county_table(raw, name, vocabulary, required=tuple(required))
    plan = TablePlan(kind, region, name, hashlib.sha256(raw).hexdigest(), doc, table)
    plan.errors.extend(table.errors)
    if table.empty:
        plan.errors.append(RowError(table.sheet.header_row, "-", NO_ROWS))
    return plan


def rows_of(plan: TablePlan) -> Iterable[tuple[int, dict[str, Any]]]:
    """Each data row's number and its values by field (``None`` where empty or refused)."""
    assert plan.table is not None
    frame = plan.table.ledger.frame
    for row, values in zip(frame.index.tolist(), frame.to_dict("records"), strict=True):
        yield int(row), {str(k): _clean(v) for k, v in values.items()}


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value.strip() or None
    return value


def credit_code_problem(row: int, column: str, text: str) -> tuple[str, RowError | None]:
    """The code in capitals and, when it fails GB 32100, the problem (in the user's words)."""
    try:
        return check_credit_code(text), None
    except CreditCodeError as exc:
        reason = CREDIT_CODE_REASONS.get(exc.kind, gettext_noop("not a unified social credit code"))
        return text.strip().upper(), RowError(row, column, reason, text, dict(exc.params))


_CODE_FIRST = re.compile(r"^([A-Ta-t]?\d{2,4}|[A-Ta-t])(?:\s+|[-—:：、]|(?=[\u4e00-\u9fff])|$)")


class IndustryFinder:
    """The industry a cell names: a code (0131, C1351, 13) or a classification name (纺织业)."""

    def __init__(self) -> None:
        self.by_name: dict[str, Industry] = {}
        order = {"class": 3, "group": 2, "division": 1, "section": 0}
        # the most detailed node of a name wins (a group and its only class share a name)
        for industry in sorted(Industry.objects.all(), key=lambda i: order.get(i.level, 0)):
            self.by_name[normalise_word(industry.name)] = industry
        self.cache: dict[str, Industry | None] = {}

    def find(self, text: str) -> Industry | None:
        """The industry, or ``None`` when no code or name matches."""
        if text not in self.cache:
            self.cache[text] = self._find(text)
        return self.cache[text]

    def _find(self, text: str) -> Industry | None:
        found = _CODE_FIRST.match(text.strip())
        if found:
            try:
                return resolve_industry(found.group(1))
            except UnknownIndustryError:
                pass
        return self.by_name.get(normalise_word(text))


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ].*)?$")


def parse_date(text: str) -> dt.date | None:
    """``2025-03-31``, ``2025/3/31``, ``2025.3.31``, ``2025年3月31日`` or ``20250331``."""
    value = text.strip()
    if re.fullmatch(r"\d{8}", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    found = _DATE.match(value)
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def same(old: Any, new: Any) -> bool:
    """Whether a stored value and a read one are equal (numbers to a cent or 1e-6)."""
    if isinstance(old, int | float | Decimal) and isinstance(new, int | float | Decimal):
        if isinstance(old, bool) or isinstance(new, bool):
            return bool(old) == bool(new)
        return math.isclose(float(old), float(new), rel_tol=1e-9, abs_tol=0.005)
    return bool(old == new)


def assign(item: Planned, name: str, value: Any) -> None:
    """Set field ``name`` to ``value`` and note it when it changes the stored value."""
    obj = item.obj
    if isinstance(obj._meta.get_field(name), models.DecimalField) and value is not None:
        value = Decimal(str(round(float(value), 2)))
    if not same(getattr(obj, name), value):
        setattr(obj, name, value)
        if not item.created:
            item.changed.append(name)


def model_problems(
    item: Planned, plan: TablePlan, exclude: list[str], shown: Callable[[str], str]
) -> list[RowError]:
    """The model's own checks of a planned object, each on the file's column of its field.

    Django has translated these already (the active language), so they are kept as text.
    """
    try:
        item.obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        return [
            RowError(item.row, plan.column(name), str(m), shown(name))
            for name, messages in exc.message_dict.items()
            for m in messages
        ]
    return []
