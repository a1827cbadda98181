"""The reader that collects every problem of a rule-set document, and small section readers.

Used by :mod:`microparks.core.admission.parse`; every problem is kept with its path
(``caps[2].limit: ...``) instead of stopping at the first.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any, cast

from microparks.core.admission.ruleset import OUTCOMES, Outcome

LANGUAGES = ("en", "zh")
"""Languages a rule set may declare; English is always there, ``zh`` requires the Chinese of
every name, note, site class and process or material word (``*_zh`` fields, ``glossary``)."""


class Reader:
    """Collects every problem of a document instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.need_zh = False  # the rule set lists zh: every name and note needs its Chinese

    def fail(self, path: str, message: str) -> None:
        """Record a problem at ``path``."""
        self.problems.append(f"{path}: {message}")

    def mapping(self, value: Any, path: str, keys: Collection[str]) -> dict[str, Any]:
        """``value`` as a dict; a problem if it is not a mapping or has unknown keys."""
        if not isinstance(value, Mapping):
            self.fail(path, "expected a mapping")
            return {}
        unknown = sorted(str(k) for k in value if k not in keys)
        if unknown:
            self.fail(path, f"unknown keys {', '.join(unknown)}")
        return dict(value)

    def items(self, value: Any, path: str) -> list[Any]:
        """``value`` as a list (``None`` is empty); a problem if it is not a list."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "expected a list")
            return []
        return value

    def text(self, data: Mapping[str, Any], key: str, path: str, required: bool = True) -> str:
        """``data[key]`` as stripped text; a problem if missing (when required) or not text."""
        value = data.get(key)
        if value is None:
            if required:
                self.fail(f"{path}.{key}", "missing")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f"{path}.{key}", "expected text")
            return ""
        return str(value).strip()

    def note_zh(self, data: Mapping[str, Any], path: str) -> str:
        """The Chinese note: text only; required beside a note when the set lists ``zh``."""
        return self.zh(data, "note", path)

    def name_zh(self, data: Mapping[str, Any], path: str) -> str:
        """The Chinese name: text only; required beside a name when the set lists ``zh``."""
        return self.zh(data, "name", path)

    def zh(self, data: Mapping[str, Any], key: str, path: str) -> str:
        """``data[key + "_zh"]``: required beside ``data[key]`` when the set lists ``zh``."""
        value = data.get(f"{key}_zh")
        if value is None:
            if self.need_zh and data.get(key) not in (None, ""):
                self.fail(f"{path}.{key}_zh", f"missing (the rule set lists zh: {key} in Chinese)")
            return ""
        if not isinstance(value, str):
            self.fail(f"{path}.{key}_zh", "expected text")
            return ""
        return value.strip()

    def rule_id(self, data: Mapping[str, Any], path: str) -> str:
        """The rule id; a problem if missing or used before."""
        rid = self.text(data, "id", path)
        if rid and rid in self.ids:
            self.fail(f"{path}.id", f"duplicate rule id {rid!r}")
        self.ids.add(rid)
        return rid

    def number(self, data: Mapping[str, Any], key: str, path: str, required: bool) -> float | None:
        """``data[key]`` as a finite number ≥ 0, or ``None`` when absent and not required."""
        value = data.get(key)
        if value is None:
            if required:
                self.fail(f"{path}.{key}", "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.fail(f"{path}.{key}", f"expected a number, got {value!r}")
            return None
        if value < 0 or math.isinf(value):
            self.fail(f"{path}.{key}", f"must be a finite number ≥ 0, got {value!r}")
            return None
        return float(value)

    def outcome(self, data: Mapping[str, Any], path: str, default: Outcome | None) -> Outcome:
        """The rule's outcome (``default`` when absent); a problem if not one of OUTCOMES."""
        value = data.get("outcome", default)
        if value not in OUTCOMES:
            self.fail(f"{path}.outcome", f"must be one of {', '.join(OUTCOMES)}, got {value!r}")
            return "refer"
        return cast(Outcome, value)

    def codes(self, data: Mapping[str, Any], path: str, required: bool = True) -> tuple[str, ...]:
        """GB/T 4754 codes at any level, quoted; a problem for each malformed one."""
        raw = self.items(data.get("codes"), f"{path}.codes")
        out: list[str] = []
        for i, code in enumerate(raw):
            # YAML reads an unquoted 0111 as a number (even octal 73): codes must be text.
            if not isinstance(code, str):
                self.fail(f"{path}.codes[{i}]", f"{code!r}: quote codes ('0111', not 0111)")
                continue
            text = code.strip()
            if not (len(text) == 1 and text.isalpha() and text.isupper()) and not (
                text.isdigit() and 2 <= len(text) <= 4
            ):
                self.fail(f"{path}.codes[{i}]", f"{code!r} is not a GB/T 4754 code")
                continue
            out.append(text)
        if required and not out and not any(p.startswith(f"{path}.codes") for p in self.problems):
            self.fail(f"{path}.codes", "at least one industry code is needed")
        return tuple(out)

    def words(self, data: Mapping[str, Any], key: str, path: str) -> frozenset[str]:
        """Process or material names, lower case."""
        raw = self.items(data.get(key), f"{path}.{key}")
        if not all(isinstance(w, str) and w.strip() for w in raw):
            self.fail(f"{path}.{key}", "expected a list of names")
            return frozenset()
        return frozenset(w.strip().lower() for w in raw)


def read_languages(r: Reader, raw: Any) -> tuple[str, ...]:
    """The declared languages, English first (``("en",)`` when none are declared)."""
    if raw is None:
        return ("en",)
    items = r.items(raw, "languages")
    unknown = [x for x in items if x not in LANGUAGES]
    if unknown:
        r.fail("languages", f"unknown {unknown!r} (known: {', '.join(LANGUAGES)})")
    return tuple(dict.fromkeys(["en", *(x for x in items if x in LANGUAGES)]))


def read_glossary(r: Reader, raw: Any) -> dict[str, str]:
    """``{word: Chinese}`` for process and material words (keys compared in lower case)."""
    out: dict[str, str] = {}
    for key, value in r.mapping(raw or {}, "glossary", any_keys(raw)).items():
        if not isinstance(value, str) or not value.strip():
            r.fail(f"glossary.{key}", "expected the Chinese word as text")
            continue
        out[str(key).strip().lower()] = value.strip()
    return out


def any_keys(value: Any) -> Collection[str]:
    """The keys of a mapping as text (empty for anything else)."""
    return [str(k) for k in value] if isinstance(value, Mapping) else []
