"""Rules documents as text: YAML in, a checked mapping out; canonical form and its SHA-256.

A document is stored as the YAML its author wrote (comments carry sources and reasons), and
identified by the SHA-256 of its *canonical* form: the parsed mapping as JSON with sorted keys
and no spaces, so a change of comments or layout does not change the hash and a change of any
value does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import yaml

from microparks.io.rules import messages as m
from microparks.io.rules.problems import DocumentError, Problem


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, without aliases, keeping impossible dates as text.

    An alias (``*name``) can make a small document expand a billion-fold when it is hashed or
    shown; rules documents never need one, so it is refused with its line. An impossible date
    (2026-02-30) stays text for the kind's parser to refuse with its field named; YAML itself
    would fail on it without saying where.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse an alias; compose any other node as usual."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def decode_text(raw: bytes) -> str:
    """A document file's text: UTF-8 (with or without a byte-order mark), else GB 18030.

    Notepad and Excel on Chinese Windows save "ANSI" text, which is GBK (a subset of GB 18030).

    Raises
    ------
    DocumentError
        If the bytes are neither.

    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError([Problem("", m.NOT_TEXT)])


def load_yaml(text: str | bytes) -> dict[str, Any]:
    """The mapping a YAML document holds; :class:`DocumentError` if it is not one.

    Parameters
    ----------
    text
        The document (bytes are decoded by :func:`decode_text`).

    """
    if isinstance(text, bytes):
        text = decode_text(text)
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader: constructs plain data only
    except RecursionError:  # nested thousands deep: no document is
        raise DocumentError(
            [Problem("", m.NOT_YAML, {"line": "?", "column": "?", "reason": "nested too deeply"})]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else ("?", "?")
        reason = getattr(exc, "problem", None) or str(exc)
        raise DocumentError(
            [Problem("", m.NOT_YAML, {"line": line, "column": column, "reason": reason})]
        ) from None
    if data is None:
        raise DocumentError([Problem("", m.EMPTY_DOCUMENT)])
    if not isinstance(data, Mapping):
        raise DocumentError([Problem("", m.EXPECTED_MAPPING)])
    return {str(k): v for k, v in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def body(data: Mapping[str, Any]) -> dict[str, Any]:
    """The document without its ``kind:`` label (what the parsers read and the hash covers)."""
    return {k: v for k, v in data.items() if k != "kind"}


def canonical_json(data: Mapping[str, Any]) -> str:
    """The canonical JSON of a document's body (sorted keys, no spaces, dates as ISO)."""
    return json.dumps(
        body(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    )


def content_sha256(data: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def dump_yaml(data: Mapping[str, Any]) -> str:
    """YAML text of a mapping, keys in the given order, Chinese kept as written."""
    return yaml.safe_dump(
        dict(data), allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
