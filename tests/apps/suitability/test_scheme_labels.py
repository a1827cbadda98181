"""Every label of the shipped scheme is in the translation catalogue, in Chinese."""

from __future__ import annotations

from django.utils import translation

from microparks.apps.suitability.scheme_labels import SHIPPED_LABELS
from microparks.io.rules import load_yaml, shipped_document


def test_the_list_is_the_shipped_schemes_labels():
    data = load_yaml(shipped_document("suitability").text())
    labels = [c["label"] for c in data["criteria"]] + [v["label"] for v in data["vetoes"]]
    assert sorted(SHIPPED_LABELS) == sorted(labels)


def test_each_label_has_a_chinese_translation():
    with translation.override("zh-hans"):
        missing = [label for label in SHIPPED_LABELS if translation.gettext(label) == label]
    assert not missing
