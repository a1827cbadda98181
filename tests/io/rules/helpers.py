"""Shortcuts for tests that build rules documents from YAML text."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from microparks.core.admission import RuleSet
from microparks.io.rules import DocumentError, load_yaml
from microparks.io.rules.admission import parse_admission


def parse_rules(
    document: str | Mapping[str, Any], known_codes: Collection[str] | None = None
) -> RuleSet:
    """An admission rule set from YAML text or a mapping."""
    data = load_yaml(document) if isinstance(document, str) else document
    return parse_admission(data, known_codes=known_codes)


def problem_texts(error: DocumentError) -> list[str]:
    """The problems of a refused document as ``path: message`` lines (English)."""
    return [str(p) for p in error.problems]
