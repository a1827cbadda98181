"""What a county's ledger needs from the database: its vocabulary, and its townships by name."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from microparks.apps.regions.models import Region
from microparks.apps.rules import services as rules
from microparks.apps.rules.models import Kind, RulesDocument
from microparks.core.vocabulary import FieldWords, Vocabulary, normalise_word
from microparks.io.errors import RowError
from microparks.io.spatial import LayerRead

SITES_VOCABULARY = "sites"
TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "民族乡")


def vocabulary_in_effect(region: Region) -> RulesDocument | None:
    """The ``sites`` vocabulary document that applies to ``region`` (``None``: all retired)."""
    try:
        return rules.in_effect(Kind.VOCABULARY, region, name=SITES_VOCABULARY)
    except rules.NoDocumentError:
        return None


def vocabulary_for_reading(doc: RulesDocument) -> Vocabulary:
    """The document's vocabulary, also taking each field's and code's label in every language.

    Labels are English msgids; their translations (资产编号, 良好，可直接使用 …) are what the
    platform's own exports write, so an exported sheet, edited, goes back in as it is.
    """
    words: Vocabulary = rules.parse(doc)
    return replace(words, fields={k: _with_labels(f) for k, f in words.fields.items()})


def _translations(label: str) -> list[str]:
    found = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found.append(translation.gettext(label))
    return found


def _with_labels(words: FieldWords) -> FieldWords:
    headers = list(words.headers)
    if words.label:
        headers += [t for t in _translations(words.label) if t not in headers]
    codes = {}
    for code, listed in words.codes.items():
        extra = _translations(listed[0]) if listed else []
        codes[code] = (*listed, *(t for t in extra if t not in listed))
    return replace(words, headers=tuple(headers), codes=codes)


def _bare(name: str) -> str:
    word = normalise_word(name)
    for suffix in TOWNSHIP_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


class TownshipFinder:
    """The region a row belongs to: the township its 乡镇 cell names, below the import's region.

    ``城关镇`` finds 城关镇 and 城关; a name that is no region below the import's is refused
    with the townships it could be. Without a township column every row stays in the region.
    """

    def __init__(self, region: Region, read: LayerRead) -> None:
        self.region = region
        self.column = read.ledger.columns.get("township", "") if read.ledger else ""
        below = Region.objects.filter(pk__in=region.descendant_ids()).exclude(pk=region.pk)
        self.by_name: dict[str, Region] = {}
        for township in below:
            self.by_name.setdefault(normalise_word(township.name), township)
            self.by_name.setdefault(_bare(township.name), township)
        self.names = tuple(t.name for t in below)

    def find(self, row: int, name: Any) -> tuple[Region, RowError | None]:
        """The region of ``row`` and, for an unknown township, the problem."""
        text = str(name or "").strip()
        if not text or not self.column:
            return self.region, None
        found = self.by_name.get(normalise_word(text)) or self.by_name.get(_bare(text))
        if found is None and _bare(text) == _bare(self.region.name):
            return self.region, None
        if found is not None:
            return found, None
        reason = gettext_noop("no township of this name in %(region)s; its townships: %(names)s")
        params = {"region": self.region.name, "names": "、".join(self.names) or "-"}
        return self.region, RowError(row, self.column, reason, text, params)
