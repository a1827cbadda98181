"""Weight sets: the matching cost (with its scales) and the industry-targeting score.

Both are weights over a fixed list of components that must sum to 1 (an official sees the
shares as percentages); a component left out weighs 0.

A targeting document also lists the non-tradable industries kept off the target list
(``non_tradable``: GB/T 4754 codes at any level, quoted). A document that does not state the
list (one written before it existed) gets the shipped default's; ``non_tradable: []`` excludes
none.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from microparks.core.matching import COMPONENTS as MATCH_COMPONENTS
from microparks.core.matching import MatchWeights
from microparks.core.targeting.score import COMPONENTS as TARGETING_COMPONENTS
from microparks.core.targeting.score import ScoreWeights
from microparks.io.rules import messages as m
from microparks.io.rules.problems import Reader

WEIGHT_TOLERANCE = 1e-3


def _weights(r: Reader, raw: Any, components: tuple[str, ...]) -> dict[str, float]:
    given = r.mapping(raw, "weights", components) if raw is not None else {}
    if raw is None:
        r.fail("weights", m.MISSING)
    out = {
        name: r.number(given, name, "weights", required=False, default=0.0) or 0.0
        for name in components
    }
    if given and not r.failed_at("weights"):
        total = sum(out.values())
        if total <= 0:
            r.fail("weights", m.ALL_ZERO)
        else:
            r.weights_sum(total, "weights", 1.0, WEIGHT_TOLERANCE)
    return out


def parse_matching(data: Mapping[str, Any]) -> MatchWeights:
    """Check matching weights and scales; build :class:`~microparks.core.matching.MatchWeights`.

    Raises
    ------
    DocumentError
        Listing every problem with its path.

    """
    r = Reader()
    doc = r.mapping(
        data,
        "",
        ("name", "version", "title", "weights", "distance_scale_m", "commute_radius_m", "missing"),
    )
    weights = _weights(r, doc.get("weights"), MATCH_COMPONENTS)
    scale = r.number(doc, "distance_scale_m", "", required=False, positive=True, default=10_000.0)
    radius = r.number(doc, "commute_radius_m", "", required=False, positive=True, default=15_000.0)
    missing = r.number(doc, "missing", "", required=False, maximum=1.0, default=0.5)
    r.check()
    return MatchWeights(
        version=str(doc.get("version") or ""),
        weights=MappingProxyType(weights),
        distance_scale_m=scale or 10_000.0,
        commute_radius_m=radius or 15_000.0,
        missing=0.5 if missing is None else missing,
    )


@lru_cache(maxsize=1)
def default_non_tradable() -> tuple[str, ...]:
    """The shipped targeting document's non-tradable codes (for documents that state none)."""
    # Imported here: the shipped documents are read through this module's parser.
    from microparks.io.rules.document import load_yaml
    from microparks.io.rules.shipped import shipped_document

    listed = load_yaml(shipped_document("targeting").text()).get("non_tradable") or ()
    return tuple(str(code) for code in listed)


def _is_code(text: str) -> bool:
    """A GB/T 4754 code: a section letter, or a division, group or class (2–4 digits)."""
    section = len(text) == 1 and text.isascii() and text.isalpha() and text.isupper()
    return section or (text.isascii() and text.isdigit() and 2 <= len(text) <= 4)


def _codes(r: Reader, raw: Any, path: str, known: Collection[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for i, code in enumerate(r.items(raw, path)):
        where = f"{path}[{i}]"
        # YAML reads an unquoted 70 as a number (and 0111 as octal 73): codes must be text.
        if not isinstance(code, str):
            r.fail(where, m.QUOTE_CODES, value=repr(code))
        elif not _is_code(code.strip()):
            r.fail(where, m.NOT_AN_INDUSTRY_CODE, value=repr(code))
        elif code.strip() in out:
            r.fail(where, m.DUPLICATE, value=repr(code))
        else:
            out.append(code.strip())
    if known is not None and not r.failed_at(path):
        unknown = sorted(set(out) - set(known))
        if unknown:
            r.fail(path, m.NOT_IN_CLASSIFICATION, codes=", ".join(unknown))
    return tuple(out)


def parse_targeting(
    data: Mapping[str, Any], known_codes: Collection[str] | None = None
) -> ScoreWeights:
    """Check a targeting document; build :class:`~microparks.core.targeting.ScoreWeights`.

    Parameters
    ----------
    data
        The document: ``weights`` (one per component, summing to 1) and ``non_tradable``
        (GB/T 4754 codes kept off the target list; the shipped default's when absent).
    known_codes
        The codes of the classification; when given, every non-tradable code must be one.

    Raises
    ------
    DocumentError
        Listing every problem with its path.

    """
    r = Reader()
    doc = r.mapping(data, "", ("name", "version", "title", "weights", "non_tradable"))
    weights = _weights(r, doc.get("weights"), TARGETING_COMPONENTS)
    if "non_tradable" in doc:
        non_tradable = _codes(r, doc["non_tradable"], "non_tradable", known_codes)
    else:
        non_tradable = default_non_tradable()
    r.check()
    return ScoreWeights(
        weights=weights, version=str(doc.get("version") or ""), non_tradable=non_tradable
    )
