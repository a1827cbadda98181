"""Vocabulary documents: the headers, values, units and plausible ranges of a county's tables.

One document per kind of table (``sites`` for the idle-asset ledger, …), read into a
:class:`~microparks.core.vocabulary.Vocabulary`::

    totals: [合计, 小计, 总计]        # rows to skip (optional; these are the default)
    ignored: [序号]                  # running-number columns to drop (optional)
    fields:
      land_area_m2:
        label: land area (m²)          # what pages and templates call it (English, translated)
        headers: [面积, 占地面积, 土地面积]
        kind: number                 # text (default), number, integer, year or code
        quantity: area               # area, money, energy, electricity or water
        unit: 平方米                  # the unit of a bare number (the header may name another)
        range: {above: 0, max: 10000000}     # min / above / max; max may be next_year
      ownership:
        headers: [权属, 土地性质]
        kind: code
        codes:
          state: [State-owned, 国有, 国有土地]   # the label first (English, shown translated)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microparks.core.units import QUANTITY_UNITS, normalise_unit
from microparks.core.vocabulary import Bounds, FieldWords, Vocabulary, normalise_word
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

KINDS = ("text", "number", "integer", "year", "code")
SYMBOLIC_MAX = ("next_year",)


def _words(r: Reader, raw: Any, path: str) -> tuple[str, ...]:
    words = []
    for i, item in enumerate(r.items(raw, path)):
        if isinstance(item, bool) or not isinstance(item, str | int | float) or not str(item):
            r.fail(f"{path}[{i}]", m.EXPECTED_TEXT, value=repr(item))
        else:
            words.append(str(item).strip())
    return tuple(words)


def _bounds(r: Reader, raw: Any, path: str) -> Bounds | None:
    if raw is None:
        return None
    data = r.mapping(raw, path, ("min", "above", "max"))
    low = r.number(data, "min", path, required=False, minimum=None)
    above = r.number(data, "above", path, required=False, minimum=None)
    high_from = ""
    if data.get("max") in SYMBOLIC_MAX:
        high, high_from = None, str(data["max"])
    else:
        high = r.number(data, "max", path, required=False, minimum=None)
    lowest = max((b for b in (low, above) if b is not None), default=None)
    if lowest is not None and high is not None and lowest > high:
        r.fail(path, m.RANGE_ORDER)
    return Bounds(low, high, above, high_from)


def _codes(r: Reader, raw: Any, path: str) -> dict[str, tuple[str, ...]]:
    codes = {}
    owner: dict[str, str] = {}
    for code, words in r.mapping(raw, path).items():
        where = f"{path}.{code}"
        listed = _words(r, words, where)
        codes[code] = listed
        for word in (code, *listed):
            key = normalise_word(word)
            if owner.get(key, code) != code:
                r.fail(where, m.SAME_WORD_TWICE, word=word, first=owner[key], second=code)
            owner.setdefault(key, code)
    return codes


def _field(r: Reader, key: str, raw: Any, path: str) -> FieldWords:
    keys = ("label", "headers", "kind", "quantity", "unit", "codes", "range")
    data = r.mapping(raw, path, keys)
    kind = r.choice(data, "kind", path, KINDS, "code" if "codes" in data else "text")
    quantity = ""
    if "quantity" in data:
        quantity = r.choice(data, "quantity", path, tuple(QUANTITY_UNITS), "area")
    unit = r.text(data, "unit", path, required=False)
    if unit and not quantity:
        r.fail(f"{path}.unit", m.UNIT_NEEDS_QUANTITY, quantities=", ".join(QUANTITY_UNITS))
    elif unit and normalise_unit(unit) not in QUANTITY_UNITS[quantity]:
        units = ", ".join(QUANTITY_UNITS[quantity])
        r.fail(f"{path}.unit", m.NOT_A_UNIT, value=unit, quantity=quantity, units=units)
    codes = _codes(r, data["codes"], f"{path}.codes") if "codes" in data else {}
    if codes and kind != "code":
        r.fail(f"{path}.codes", m.CODES_NEED_CODE_KIND)
    if kind == "code" and not codes:
        r.fail(f"{path}.codes", m.MISSING)
    bounds = _bounds(r, data.get("range"), f"{path}.range")
    headers = _words(r, data.get("headers"), f"{path}.headers")
    label = r.text(data, "label", path, required=False)
    return FieldWords(key, headers, kind, quantity, unit, codes, bounds, label)


def parse_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    """Check a vocabulary document and build its :class:`~microparks.core.vocabulary.Vocabulary`.

    Raises
    ------
    DocumentError
        Listing every problem with its path (``fields.ownership.codes.state[1]``, …): wrong
        kinds, quantities or units, empty ranges, a word given for two codes of a field or a
        header given for two fields.

    """
    r = Reader()
    doc = r.mapping(data, "", ("name", "version", "title", "totals", "ignored", "fields"))
    fields = {}
    owner: dict[str, str] = {}
    for key, raw in r.mapping(doc.get("fields"), "fields").items():
        words = _field(r, key, raw, f"fields.{key}")
        fields[key] = words
        for header in (key, *words.headers):
            word = normalise_word(header)
            if owner.get(word, key) != key:
                r.fail(
                    f"fields.{key}.headers",
                    m.SAME_WORD_TWICE,
                    word=header,
                    first=owner[word],
                    second=key,
                )
            owner.setdefault(word, key)
    if not fields:
        r.fail("fields", m.MISSING)
    defaults = Vocabulary({})
    totals = _words(r, doc["totals"], "totals") if "totals" in doc else defaults.totals
    ignored = _words(r, doc["ignored"], "ignored") if "ignored" in doc else defaults.ignored
    r.check()
    return Vocabulary(fields, totals, ignored)
