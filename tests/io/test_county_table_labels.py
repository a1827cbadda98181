"""The evaluation and impact vocabularies' labels are catalogued and read in Chinese."""

from __future__ import annotations

import pytest

from microparks.cli.translation import translator
from microparks.io.county_table_labels import LABELS, VOCABULARIES
from microparks.io.rules.shipped import load_shipped


@pytest.mark.parametrize("name", VOCABULARIES)
def test_every_label_is_listed_and_translated(name: str) -> None:
    vocabulary = load_shipped("vocabulary", name)
    zh = translator("zh")
    for words in vocabulary.fields.values():
        shown = [words.label, *(labels[0] for labels in words.codes.values())]
        for label in shown:
            assert label in LABELS, (name, words.key, label)
            assert zh.gettext(label) != label, (name, words.key, label)
