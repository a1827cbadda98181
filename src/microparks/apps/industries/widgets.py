"""The industry picker: a text input for GB/T 4754 codes with search and a browsable tree.

The input stays a plain text field (it works without JavaScript, and typed codes are checked by
the form as before); ``industries/picker.js`` adds the search list and the tree. ``multiple``
pickers add each chosen code to a list separated by spaces.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _


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


class IndustryCodesField(forms.CharField):
    """Several GB/T 4754 codes in one picker, cleaned to their industries (a park's positioning).

    Shown as the codes separated by spaces; typed with spaces, commas or 、 between them. An
    unknown code is refused by name. A model form's many-to-many field may be replaced by it.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", IndustryPicker(attrs={"size": 40}, multiple=True))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) or value is None:
            return value
        return " ".join(sorted(_code_of(v) for v in value))

    def to_python(self, value: Any) -> Any:
        if not (isinstance(value, str) or value is None):
            return list(value)  # industries already (a form's initial value)
        text = str(super().to_python(value) or "")
        codes = list(dict.fromkeys(c for c in _SEPARATORS.split(text.strip()) if c))
        from microparks.apps.industries.models import Industry

        found = {i.code: i for i in Industry.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                _("No industry with the code %(codes)s.") % {"codes": "、".join(unknown)},
                code="unknown_industry",
            )
        return [found[c] for c in codes]

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            after = {i.code for i in self.to_python(data)}
        except forms.ValidationError:
            return True
        return {_code_of(v) for v in initial or ()} != after


_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _code_of(value: Any) -> str:
    """The code of an industry given as itself or by its primary key."""
    code = getattr(value, "code", None)
    if code is not None:
        return str(code)
    from microparks.apps.industries.models import Industry

    return str(Industry.objects.filter(pk=value).values_list("code", flat=True).first() or value)
