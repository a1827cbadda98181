"""The industry picker: a text input for GB/T 4754 codes with search and a browsable tree.

The input stays a plain text field (it works without JavaScript, and typed codes are checked by
the form as before); ``industries/picker.js`` adds the search list and the tree. ``multiple``
pickers add each chosen code to a list separated by spaces.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse


class IndustryPicker(forms.TextInput):
    """A GB/T 4754 code input with a search list (by code or name) and the tree to browse."""

    template_name = "industries/picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, multiple: bool = False) -> None:
        base = {"autocomplete": "off", "spellcheck": "false", "data-industry-picker": ""}
        if multiple:
            base["data-multiple"] = ""
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-search-url"] = reverse("industries:search")
        return context
