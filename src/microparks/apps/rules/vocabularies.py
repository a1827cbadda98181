"""The vocabulary a region's imports read their files by: its document in effect, or the shipped.

A county may adapt a ``vocabulary`` rules document (add the headers its bureaus use); the
import pages read uploads with the version in effect for the user's region, falling back to
the shipped document when every version was retired.
"""

from __future__ import annotations

from microparks.apps.regions.models import Region
from microparks.apps.rules import services
from microparks.apps.rules.models import RulesDocument
from microparks.core.vocabulary import Vocabulary
from microparks.io.county_tables import shipped_vocabulary


def vocabulary_in_effect(name: str, region: Region | None) -> Vocabulary:
    """The parsed ``vocabulary`` document ``name`` that applies to ``region``."""
    try:
        doc = services.in_effect("vocabulary", region, name=name)
    except services.NoDocumentError:
        return shipped_vocabulary(name)
    vocabulary: Vocabulary = services.parse(doc)
    return vocabulary


def vocabulary_with_document(name: str, region: Region) -> tuple[Vocabulary, RulesDocument | None]:
    """The ``vocabulary`` document ``name`` in effect for ``region``, parsed, and its version.

    For an import that records the version it read its file with; the shipped words and
    ``None`` when every version was retired.
    """
    try:
        doc = services.in_effect("vocabulary", region, name=name)
    except services.NoDocumentError:
        return shipped_vocabulary(name), None
    vocabulary: Vocabulary = services.parse(doc)
    return vocabulary, doc
