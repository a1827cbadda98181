"""The admission rule set's own readers: rule ids, outcomes, industry codes, Chinese names.

Used by :mod:`microparks.io.rules.admission`; every problem is kept with its path
(``caps[2].limit: ...``) instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, cast

from microparks.core.admission.ruleset import (
    DEFAULT_OVERRIDE_ROLES,
    LANGUAGES,
    OUTCOMES,
    OVERRIDE_ROLE_NAMES,
    Outcome,
)
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader


class AdmissionReader(Reader):
    """A :class:`Reader` that also checks rule ids and, when the set lists zh, Chinese names."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.need_zh = False  # the rule set lists zh: every name and note needs its Chinese

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
                self.fail(f"{path}.{key}_zh", m.NEEDS_ZH, field=key)
            return ""
        if not isinstance(value, str):
            self.fail(f"{path}.{key}_zh", m.EXPECTED_TEXT, value=repr(value))
            return ""
        return value.strip()

    def rule_id(self, data: Mapping[str, Any], path: str) -> str:
        """The rule id; a problem if missing or used before."""
        rid = self.text(data, "id", path)
        if rid and rid in self.ids:
            self.fail(f"{path}.id", m.DUPLICATE_RULE_ID, value=repr(rid))
        self.ids.add(rid)
        return rid

    def amount(self, data: Mapping[str, Any], key: str, path: str, required: bool) -> float | None:
        """``data[key]`` as a finite number ≥ 0, or ``None`` when absent and not required."""
        return self.number(data, key, path, required=required)

    def outcome(self, data: Mapping[str, Any], path: str, default: Outcome | None) -> Outcome:
        """The rule's outcome (``default`` when absent); a problem if not one of OUTCOMES."""
        value = data.get("outcome", default)
        if value not in OUTCOMES:
            self.fail(
                f"{path}.outcome", m.NOT_A_CHOICE, value=repr(value), choices=", ".join(OUTCOMES)
            )
            return "refer"
        return cast(Outcome, value)

    def codes(self, data: Mapping[str, Any], path: str, required: bool = True) -> tuple[str, ...]:
        """GB/T 4754 codes at any level, quoted; a problem for each malformed one."""
        raw = self.items(data.get("codes"), f"{path}.codes")
        out: list[str] = []
        for i, code in enumerate(raw):
            # YAML reads an unquoted 0111 as a number (even octal 73): codes must be text.
            if not isinstance(code, str):
                self.fail(f"{path}.codes[{i}]", m.QUOTE_CODES, value=repr(code))
                continue
            text = code.strip()
            if not (len(text) == 1 and text.isalpha() and text.isupper()) and not (
                text.isdigit() and 2 <= len(text) <= 4
            ):
                self.fail(f"{path}.codes[{i}]", m.NOT_AN_INDUSTRY_CODE, value=repr(code))
                continue
            out.append(text)
        if required and not out and not self.failed_at(f"{path}.codes"):
            self.fail(f"{path}.codes", m.NEED_A_CODE)
        return tuple(out)

    def words(self, data: Mapping[str, Any], key: str, path: str) -> frozenset[str]:
        """Process or material names, lower case."""
        raw = self.items(data.get(key), f"{path}.{key}")
        if not all(isinstance(w, str) and w.strip() for w in raw):
            self.fail(f"{path}.{key}", m.EXPECTED_NAMES)
            return frozenset()
        return frozenset(w.strip().lower() for w in raw)


def read_languages(r: Reader, raw: Any) -> tuple[str, ...]:
    """The declared languages, English first (``("en",)`` when none are declared)."""
    if raw is None:
        return ("en",)
    items = r.items(raw, "languages")
    unknown = [x for x in items if x not in LANGUAGES]
    if unknown:
        r.fail(
            "languages",
            m.UNKNOWN_NAME,
            what="language",
            value=", ".join(map(repr, unknown)),
            known=", ".join(LANGUAGES),
        )
    return tuple(dict.fromkeys(["en", *(x for x in items if x in LANGUAGES)]))


def read_override_roles(r: Reader, raw: Any) -> tuple[str, ...]:
    """Who may override a reject: role codes (the county official when not given)."""
    if raw is None:
        return DEFAULT_OVERRIDE_ROLES
    items = r.items(raw, "override_roles")
    unknown = [x for x in items if x not in OVERRIDE_ROLE_NAMES]
    if unknown:
        r.fail(
            "override_roles",
            m.UNKNOWN_NAME,
            what="role",
            value=", ".join(map(repr, unknown)),
            known=", ".join(OVERRIDE_ROLE_NAMES),
        )
    return tuple(dict.fromkeys(str(x) for x in items if x in OVERRIDE_ROLE_NAMES))


def read_glossary(r: Reader, raw: Any) -> dict[str, str]:
    """``{word: Chinese}`` for process and material words (keys compared in lower case)."""
    out: dict[str, str] = {}
    for key, value in r.mapping(raw or {}, "glossary").items():
        if not isinstance(value, str) or not value.strip():
            r.fail(f"glossary.{key}", m.EXPECTED_TEXT, value=repr(value))
            continue
        out[str(key).strip().lower()] = value.strip()
    return out


def any_keys(value: Any) -> Collection[str]:
    """The keys of a mapping as text (empty for anything else)."""
    return [str(k) for k in value] if isinstance(value, Mapping) else []
