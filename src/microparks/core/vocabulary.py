"""The words of a county's own tables: header synonyms, coded values, units and plausible ranges.

A ledger kept by a county bureau names its columns 地块名称, 占地面积（亩）or 土地性质 and writes
国有土地 or 空置厂房 in its cells. A :class:`Vocabulary` (parsed from a rules document of the
``vocabulary`` kind) says which of our fields each header means, which code each value stands
for, the unit a bare number is in, and the range a value must lie in. Everything here is pure:
the readers in ``io`` hand it text and get keys, codes and numbers back.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from microparks.core.units import QUANTITY_UNITS, normalise_unit

__all__ = [
    "Bounds",
    "FieldWords",
    "HeaderMatch",
    "Vocabulary",
    "match_headers",
    "normalise_word",
    "parse_number",
]

_DROPPED = str.maketrans("", "", " \t\r\n\u3000*＊:：_-—、.·")


@functools.lru_cache(maxsize=1 << 16)  # a wide sheet compares the same headers many times
def normalise_word(text: str) -> str:
    """A header or value as compared: NFKC (full-width folded), case-folded, no spaces or marks.

    ``'  土地 性质 '``, ``'*土地性质：'`` and ``'土地性质'`` compare equal; brackets are kept, for
    they hold units.
    """
    return unicodedata.normalize("NFKC", str(text)).casefold().translate(_DROPPED)


def _shown(value: float) -> str:
    """``10,000,000``, ``1949`` or ``0.5``: a bound as people read it (no exponent form)."""
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))  # 1949, 10,000
    return f"{value:,.6f}".rstrip("0")


@dataclass(frozen=True)
class Bounds:
    """The range a number must lie in: ``low``/``high`` inclusive, ``above`` exclusive."""

    low: float | None = None
    high: float | None = None
    above: float | None = None
    #: Names a value of the reading's context for ``high`` (``next_year``).
    high_from: str = ""

    def resolved(self, context: Mapping[str, float]) -> Bounds:
        """These bounds with ``high_from`` looked up in ``context`` (unchanged without it)."""
        if not self.high_from:
            return self
        return Bounds(self.low, context.get(self.high_from, self.high), self.above)

    def holds(self, value: float) -> bool:
        """Whether ``value`` is finite and in range."""
        if not math.isfinite(value):
            return False
        if self.low is not None and value < self.low:
            return False
        if self.above is not None and value <= self.above:
            return False
        return self.high is None or value <= self.high

    def in_unit(self, factor: float) -> Bounds:
        """These bounds in a unit ``factor`` base units large (15,000 亩 for 10,000,000 m²)."""

        def scaled(end: float | None) -> float | None:
            return None if end is None else round(end / factor, 6)

        return Bounds(scaled(self.low), scaled(self.high), scaled(self.above))

    def describe(self, unit: str = "") -> str:
        """``> 0, ≤ 10000000 m²`` (the numbers in full, for messages)."""
        parts = []
        if self.above is not None:
            parts.append(f"> {_shown(self.above)}")
        if self.low is not None:
            parts.append(f"≥ {_shown(self.low)}")
        if self.high is not None:
            parts.append(f"≤ {_shown(self.high)}")
        return ", ".join(parts) + (f" {unit}" if unit and parts else "")


@dataclass(frozen=True)
class FieldWords:
    """What a county's tables may call one of our fields and write in it.

    ``headers`` are the column names meaning this field; ``quantity`` (area, money, …) and
    ``unit`` the unit of a number whose header names none; ``codes`` map each code to its
    label (an English msgid, shown translated) followed by the words that mean it.
    """

    key: str
    headers: tuple[str, ...]
    kind: str = "text"
    quantity: str = ""
    unit: str = ""
    codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    bounds: Bounds | None = None
    label: str = ""

    def unit_names(self) -> tuple[str, ...]:
        """The units a number of this field may be given in (none for a plain number)."""
        return tuple(QUANTITY_UNITS[self.quantity]) if self.quantity else ()

    def resolved_bounds(self, context: Mapping[str, float]) -> Bounds | None:
        """:attr:`bounds` with symbolic ends looked up in ``context``."""
        return self.bounds.resolved(context) if self.bounds else None

    def labels(self) -> tuple[str, ...]:
        """The label of each code (the first word given for it), in the document's order."""
        return tuple(words[0] if words else code for code, words in self.codes.items())

    @functools.cached_property
    def _code_words(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for code, words in self.codes.items():
            for word in (code, *words):
                found.setdefault(normalise_word(word), code)  # the first code listed wins
        return found

    def code_of(self, text: str) -> str | None:
        """The code ``text`` stands for (the code itself, its label or a synonym), or ``None``."""
        return self._code_words.get(normalise_word(text))


@dataclass(frozen=True)
class Vocabulary:
    """The fields of one kind of table (``sites``, …) and the words of rows to skip."""

    fields: Mapping[str, FieldWords]
    totals: tuple[str, ...] = ("合计", "小计", "总计", "共计", "累计", "total", "subtotal")
    ignored: tuple[str, ...] = ("序号", "序", "no", "no.")

    @functools.cached_property
    def _total_words(self) -> frozenset[str]:
        return frozenset(normalise_word(t) for t in self.totals)

    @functools.cached_property
    def _total_starts(self) -> frozenset[str]:
        return frozenset(word[:1] for word in self._total_words)

    def is_total(self, text: str) -> bool:
        """Whether a cell marks a total row (``合 计``, ``小计：``, ``Total``)."""
        first = unicodedata.normalize("NFKC", text.lstrip()[:1]).casefold()
        return first in self._total_starts and normalise_word(text) in self._total_words

    def is_ignored(self, header: str) -> bool:
        """Whether a column is a running number (序号) to ignore."""
        word = normalise_word(header)
        return any(word == normalise_word(t) for t in self.ignored)


@dataclass(frozen=True)
class HeaderMatch:
    """Which column holds which field, and the unit each header names (``''``: none)."""

    columns: Mapping[str, str]
    units: Mapping[str, str]
    unknown: tuple[str, ...]


_BRACKETED = re.compile(r"^(.*?)[(\[【](.*?)[)\]】]$")
_SLASHED = re.compile(r"^(.*?)[/|](.+)$")


_FIGURE = "0123456789.+-eE"
_PLAIN_NUMBERS = not any(
    not unit.strip(_FIGURE) for units in QUANTITY_UNITS.values() for unit in units
)
"""Whether no unit is written in figures only, so that a cell of figures names no unit."""


def _figure(text: str) -> bool:
    """A cell of figures only (``12.5``, ``1e3``): with :data:`_PLAIN_NUMBERS`, it names no unit."""
    return _PLAIN_NUMBERS and not text.strip(_FIGURE)


def split_unit(header: str, quantity: str) -> tuple[str, str]:
    """``('占地面积', '亩')`` from ``'占地面积（亩）'``, ``'占地面积/亩'`` or ``'占地面积亩'``.

    A trailing unit without brackets counts only when it is one of ``quantity``'s units.
    """
    if _figure(header):
        return header, ""  # a figure (a data row scanned for the header): no unit to split off
    text = unicodedata.normalize("NFKC", header).strip()
    for pattern in (_BRACKETED, _SLASHED):
        found = pattern.match(text)
        if found and found.group(1).strip():
            return found.group(1).strip(), found.group(2).strip()
    if quantity:
        folded = normalise_unit(text)
        for unit in sorted(QUANTITY_UNITS[quantity], key=len, reverse=True):
            if folded.endswith(unit) and len(folded) > len(unit):
                return text[: len(text) - len(unit)].strip(), unit
    return text, ""


def match_headers(headers: Sequence[str], vocabulary: Vocabulary) -> HeaderMatch:
    """Which header names which field, with the unit each header names.

    A header matches a field when it equals the field's key, one of its synonyms or its English
    label without the label's unit (``Land area (mu)`` for ``land area (m²)``, as an English
    template writes it), or does so once its unit is split off (compared by
    :func:`normalise_word`). Fields are matched in the vocabulary's order, each to the free
    column matching its earliest synonym (the first such column on a tie).

    Each header is normalised and split once per quantity, and each field looks its synonyms
    up in an index of the headers: a sheet thousands of columns wide (a census share per
    industry) costs headers + synonyms per field, not their product.
    """
    columns: dict[str, str] = {}
    units: dict[str, str] = {}
    found = _HeaderIndex(headers)
    for words in vocabulary.fields.values():
        label = (split_unit(words.label, "")[0],) if words.label else ()
        for synonym in (words.key, *words.headers, *label):
            hit = found.first(normalise_word(synonym), words.quantity, set(columns.values()))
            if hit is not None:
                columns[words.key] = hit[0]
                if hit[1]:
                    units[words.key] = hit[1]
                break
    unknown = tuple(h for h in headers if h not in columns.values())
    return HeaderMatch(columns, units, unknown)


class _HeaderIndex:
    """The headers by their normalised text, and by their text without a unit per quantity."""

    def __init__(self, headers: Sequence[str]) -> None:
        self.headers = list(headers)
        self.whole: dict[str, list[int]] = {}
        for at, header in enumerate(self.headers):
            self.whole.setdefault(normalise_word(header), []).append(at)
        self.bases: dict[str, tuple[dict[str, list[int]], list[str]]] = {}

    def _split(self, quantity: str) -> tuple[dict[str, list[int]], list[str]]:
        if quantity not in self.bases:
            index: dict[str, list[int]] = {}
            units = []
            for at, header in enumerate(self.headers):
                if _figure(header):  # its own base, found through ``whole``: a data row's cells
                    units.append("")
                    continue
                base, unit = split_unit(header, quantity)
                index.setdefault(normalise_word(base), []).append(at)
                units.append(unit)
            self.bases[quantity] = (index, units)
        return self.bases[quantity]

    def first(self, target: str, quantity: str, taken: set[str]) -> tuple[str, str] | None:
        """The first free header naming ``target``, whole or without its unit, and that unit.

        The unit is ``''`` when the whole header names the target.
        """
        index, units = self._split(quantity)
        at = [
            i
            for i in (*self.whole.get(target, ()), *index.get(target, ()))
            if self.headers[i] not in taken
        ]
        if not at:
            return None
        i = min(at)
        whole = normalise_word(self.headers[i]) == target
        return self.headers[i], "" if whole else units[i]


_NUMBER = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*(.*)$", re.IGNORECASE)


def parse_number(text: str) -> tuple[float, str] | None:
    """A cell's number and the unit written after it: ``'1,234.5 亩'`` → ``(1234.5, '亩')``.

    Thousands separators (``,`` ``，``) and full-width digits are accepted. ``None`` when the
    cell does not start with a number; ``inf`` and ``nan`` are not numbers here.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    found = _NUMBER.match(cleaned)
    if not found:
        return None
    value = float(found.group(1))
    return value, found.group(2).strip()
