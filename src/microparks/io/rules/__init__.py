"""Rules documents: the versioned rules every judgement of the platform follows.

Admission rule sets, suitability schemes, targeting weights, matching costs, evaluation
schemes, service-desk deadlines and working calendars are *documents*: YAML that an official can
read and change, stored in versions, each result recording the version it used. This package
parses and checks a document of each kind into the frozen dataclasses of :mod:`microparks.core`
(which never opens a file), and reads the shipped defaults (:mod:`.shipped`).

>>> doc = read_document("matching", "weights: {rent: 0.4, suitability: 0.6}")
>>> doc.value.weights["rent"], len(doc.sha256)
(0.4, 64)
"""

from __future__ import annotations

from microparks.io.rules.document import (
    body,
    canonical_json,
    content_sha256,
    decode_text,
    dump_yaml,
    load_yaml,
)
from microparks.io.rules.problems import DocumentError, Problem, Reader
from microparks.io.rules.registry import (
    KINDS,
    ParsedDocument,
    parse_document,
    read_document,
    read_rules_file,
)
from microparks.io.rules.shipped import (
    SHIPPED,
    Shipped,
    load_shipped,
    shipped_calendar,
    shipped_document,
)

__all__ = [
    "KINDS",
    "SHIPPED",
    "DocumentError",
    "ParsedDocument",
    "Problem",
    "Reader",
    "Shipped",
    "body",
    "canonical_json",
    "content_sha256",
    "decode_text",
    "dump_yaml",
    "load_shipped",
    "load_yaml",
    "parse_document",
    "read_document",
    "read_rules_file",
    "shipped_calendar",
    "shipped_document",
]
