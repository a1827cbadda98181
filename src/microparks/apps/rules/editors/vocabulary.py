"""Vocabularies: the header words of each field and the words meaning each code.

The form shows one line per field (its header words) and one per code of a coded field (the
words meaning it, after its label); words are separated by 、 or commas. Kinds, units and
ranges are edited in the YAML tab.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from microparks.apps.rules.editors.base import Editor, as_list, as_map, child, put

SEPARATORS = re.compile(r"[、,，;；\n]")


def split_words(text: str) -> list[str]:
    """The words typed in one line (separated by 、, commas or semicolons)."""
    return [w.strip() for w in SEPARATORS.split(text) if w.strip()]


def _line(words: list[Any]) -> str:
    return "、".join(str(w) for w in words)


class VocabularyEditor(Editor):
    """Header words per field and value words per code."""

    kind = "vocabulary"
    template = "rules/editors/vocabulary.html"

    def build(self) -> None:
        declared: dict[str, forms.Field] = {}
        initial: dict[str, str] = {}
        self.rows: list[dict[str, Any]] = []
        for key, raw in as_map(self.base.get("fields")).items():
            spec = as_map(raw)
            name = f"{key}__headers"
            declared[name] = forms.CharField(required=False, widget=forms.TextInput())
            initial[name] = _line(as_list(spec.get("headers")))
            codes = []
            for code, words in as_map(spec.get("codes")).items():
                listed = as_list(words)
                field = f"{key}__code__{code}"
                declared[field] = forms.CharField(required=False, widget=forms.TextInput())
                initial[field] = _line(listed[1:])
                label = str(listed[0]) if listed else code
                codes.append({"code": code, "label": _(label) if label else code, "name": field})
            label = str(spec.get("label") or key)
            self.rows.append({"key": key, "label": _(label), "name": name, "codes": codes})
        form_class = type("VocabularyForm", (forms.Form,), declared)
        self.form(form_class, "v", initial)

    def apply(self, out: dict[str, Any]) -> None:
        cleaned = self.parts["v"].cleaned_data
        fields = child(out.get("fields"))
        for key, raw in fields.items():
            spec = child(raw)
            typed = cleaned.get(f"{key}__headers", "")
            # a line left as shown keeps its words as written (numbers, commas inside a word)
            if typed != _line(as_list(spec.get("headers"))):
                headers = split_words(typed)
                if headers or "headers" in spec:
                    put(spec, "headers", headers or None)
            codes = child(spec.get("codes"))
            for code, words in codes.items():
                listed = as_list(words)
                typed = cleaned.get(f"{key}__code__{code}", "")
                if typed != _line(listed[1:]):
                    codes[code] = [*(listed[:1] or [code]), *split_words(typed)]
