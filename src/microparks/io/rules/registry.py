"""Which parser reads which kind of document; a document read, checked and hashed in one call."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from microparks.io.rules import messages as m
from microparks.io.rules.admission import parse_admission
from microparks.io.rules.document import body, content_sha256, load_yaml
from microparks.io.rules.evaluation import parse_evaluation
from microparks.io.rules.parkeval import parse_park_rubric, parse_park_stars
from microparks.io.rules.problems import DocumentError, Problem
from microparks.io.rules.servicedesk import parse_calendar, parse_deadlines
from microparks.io.rules.suitability import parse_suitability
from microparks.io.rules.vocabulary import parse_vocabulary
from microparks.io.rules.weights import parse_matching, parse_targeting
from microparks.io.rules.workshop import parse_workshop

PARSERS: dict[str, Callable[..., Any]] = {
    "admission": parse_admission,
    "suitability": parse_suitability,
    "targeting": parse_targeting,
    "matching": parse_matching,
    "evaluation": parse_evaluation,
    "deadlines": parse_deadlines,
    "calendar": parse_calendar,
    "vocabulary": parse_vocabulary,
    "workshop": parse_workshop,
    "park_rubric": parse_park_rubric,
    "park_stars": parse_park_stars,
}
KINDS: tuple[str, ...] = tuple(PARSERS)
"""The kinds of rules document."""

#: What each parser needs besides the document (the platform's classification, categories …).
CONTEXT: dict[str, tuple[str, ...]] = {
    "admission": ("known_codes",),
    "targeting": ("known_codes",),
    "deadlines": ("categories", "priorities"),
}


@dataclass(frozen=True)
class ParsedDocument:
    """A checked document: its mapping, what it parses to, and the SHA-256 of its content."""

    kind: str
    data: Mapping[str, Any]
    value: Any
    sha256: str


def parse_document(kind: str, data: Mapping[str, Any], **context: Any) -> Any:
    """The core object of a document's mapping (``kind:`` in the document must match).

    Raises
    ------
    DocumentError
        If the kind is unknown or wrong, or the document is invalid (every problem listed).
        When the document is not valid as ``kind`` but is as another kind, the one problem
        says so.

    """
    if kind not in PARSERS:
        raise DocumentError([Problem("", m.UNKNOWN_KIND, {"kind": kind})])
    content = body(data)
    declared = data.get("kind")
    if declared is not None and declared != kind:
        raise DocumentError(
            [Problem("kind", m.WRONG_KIND, {"found": str(declared), "expected": kind})]
        )
    try:
        return PARSERS[kind](content, **_context(kind, context))
    except DocumentError:
        found = _other_kind(kind, content, context)
        if found is not None:
            raise DocumentError(
                [Problem("", m.WRONG_KIND, {"found": found, "expected": kind})]
            ) from None
        raise


def read_document(kind: str, text: str | bytes, **context: Any) -> ParsedDocument:
    """Read a document's YAML text and check it as ``kind``.

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    text
        The YAML (bytes are read as UTF-8).
    **context
        What the kind's parser needs (:data:`CONTEXT`), e.g. ``known_codes`` for admission.

    Raises
    ------
    DocumentError
        Every problem, each with its path.

    """
    data = load_yaml(text)
    value = parse_document(kind, data, **context)
    return ParsedDocument(kind, body(data), value, content_sha256(data))


def read_rules_file(kind: str, path: str | Path, **context: Any) -> ParsedDocument:
    """Read a document from a YAML file (a user's copy of a rule set, scheme or weights).

    Raises
    ------
    DocumentError
        If the file cannot be read or the document is invalid; the file is named.

    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(
            [Problem("", m.CANNOT_READ, {"file": str(path), "reason": exc.strerror or exc})]
        ) from None
    return read_document(kind, data, **context)


def _context(kind: str, given: Mapping[str, Any]) -> dict[str, Any]:
    return {k: given[k] for k in CONTEXT.get(kind, ()) if k in given}


def _other_kind(kind: str, content: Mapping[str, Any], context: Mapping[str, Any]) -> str | None:
    """The one other kind ``content`` is valid as, if any (a document loaded in the wrong place)."""
    fits = []
    for other, parser in PARSERS.items():
        # a parser whose context is missing cannot tell (known_codes only narrows the codes)
        needs = [k for k in CONTEXT.get(other, ()) if k != "known_codes"]
        if other == kind or any(k not in context for k in needs):
            continue
        try:
            parser(content, **_context(other, context))
        except DocumentError:
            continue
        fits.append(other)
    return fits[0] if len(fits) == 1 else None
