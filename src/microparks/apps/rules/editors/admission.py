"""Admission rule sets: thresholds, and the industry codes of the coded rules.

The thresholds are the caps, the energy-review tiers and hazardous storage; the coded rules are
those of the negative list, the 两高 sectors and the EIA classification list, their codes
chosen with the industry picker (:class:`~microparks.apps.industries.widgets.IndustryPicker`).

The word lists (processes, materials, glossary) stay in the YAML tab.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from microparks.apps.industries.widgets import IndustryPicker
from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.base import (
    Editor,
    Number,
    RowForm,
    as_list,
    as_map,
    initial_number,
    put,
)


def rule_label(item: dict[str, Any]) -> str:
    """A rule's name on the page: its Chinese name on a Chinese page, else its name, or id."""
    zh = item.get("name_zh")
    if zh and (translation.get_language() or "").startswith("zh"):
        return str(zh)
    return str(item.get("name") or item.get("id") or "?")


def entry_label(item: dict[str, Any]) -> str:
    """An EIA list entry on the page: it has no name, so its note (Chinese on a Chinese page)."""
    zh = item.get("note_zh")
    if zh and (translation.get_language() or "").startswith("zh"):
        return str(zh)
    return str(item.get("note") or item.get("id") or "?")


# Officials type codes as they write them: "191 1931", "191, 1931", "191、1931".
_SEPARATORS = re.compile(r"[\s,，、;；]+")


class CodesForm(RowForm):
    """The GB/T 4754 codes a rule covers, picked or typed (a division covers its classes)."""

    codes = forms.CharField(
        label=gettext_lazy("Industry codes"),
        required=True,
        widget=IndustryPicker(attrs={"size": 40}, multiple=True),
    )

    def clean_codes(self) -> list[str]:
        """The codes in the order typed (the document check names any that is not a code)."""
        text = self.cleaned_data.get("codes") or ""
        return list(dict.fromkeys(c for c in _SEPARATORS.split(text.strip()) if c))


CODE_LISTS = (
    ("negative", gettext_lazy("Negative list")),
    ("two_high", gettext_lazy("两高 sectors")),
    ("eia", gettext_lazy("EIA classification list")),
)
"""The rules with industry codes, by part of the editor, with their headings."""


class CapForm(RowForm):
    """The upper limit of a cap."""

    limit = Number(label=gettext_lazy("Limit"), min_value=0, required=True)


class TierForm(RowForm):
    """The thresholds that place a project in an energy-review tier (either one suffices)."""

    min_tce = Number(label=gettext_lazy("Energy use from"), unit=labels.TCE_PER_YEAR, min_value=0)
    min_kwh = Number(
        label=gettext_lazy("Electricity use from"), unit=labels.KWH_PER_YEAR, min_value=0
    )


class StorageForm(RowForm):
    """The most hazardous chemicals a firm may store without the prohibition applying."""

    hazardous_storage_max_t = Number(
        label=gettext_lazy("Hazardous chemicals stored above"), unit=labels.TONNES, min_value=0
    )


class AdmissionEditor(Editor):
    """The limits of the caps, the tiers' thresholds and the hazardous-storage limits."""

    kind = "admission"
    template = "rules/editors/admission.html"

    def build(self) -> None:
        self.caps = [as_map(c) for c in as_list(self.base.get("caps"))]
        caps = self._rows(CapForm, "caps", self.caps, ("limit",))
        for form, item in zip(caps.forms, self.caps, strict=False):
            name, unit = labels.cap_indicator(str(item.get("indicator")))
            form.fields["limit"].unit = unit
            # By what it limits, in the reader's language (labels.POLLUTANTS, CAP_INDICATORS),
            # not by the rule's id (CAP-cod, CAP-nox …), which the YAML tab shows.
            form.row_label = name
        energy = as_map(self.base.get("energy_review"))
        self.tiers = [as_map(t) for t in as_list(energy.get("tiers"))]
        tiers = self._rows(TierForm, "tiers", self.tiers, ("min_tce", "min_kwh"))
        for form, item in zip(tiers.forms, self.tiers, strict=False):
            form.row_label = rule_label(item)
        self.bans = [as_map(p) for p in as_list(self.base.get("prohibitions"))]
        bans = self._rows(StorageForm, "bans", self.bans, ("hazardous_storage_max_t",))
        for form, item in zip(bans.forms, self.bans, strict=False):
            form.row_label = rule_label(item)
        for name, items in self._code_lists(self.base).items():
            initial = [{"codes": " ".join(str(c) for c in as_list(i.get("codes")))} for i in items]
            factory = forms.formset_factory(
                CodesForm, extra=0, max_num=len(items), validate_max=True
            )
            rows = self.formset(factory, name, initial)
            label = entry_label if name == "eia" else rule_label
            for form, item in zip(rows.forms, items, strict=False):
                form.row_label = label(item)

    @staticmethod
    def _code_lists(document: dict[str, Any]) -> dict[str, list[Any]]:
        """The document's entries that list industry codes, by part (as :data:`CODE_LISTS`)."""
        eia = document.get("eia")
        return {
            "negative": as_list(document.get("negative_list")),
            "two_high": as_list(document.get("two_high")),
            "eia": as_list(eia.get("entries")) if isinstance(eia, dict) else [],
        }

    def code_parts(self) -> list[tuple[Any, Any]]:
        """(heading, formset) of each list of coded rules the document has (for the page)."""
        return [(title, self.parts[n]) for n, title in CODE_LISTS if self.parts[n].forms]

    def _rows(
        self, cls: type[forms.Form], name: str, items: list[dict[str, Any]], keys: Any
    ) -> Any:
        factory = forms.formset_factory(cls, extra=0, max_num=len(items), validate_max=True)
        initial = [{k: initial_number(i.get(k)) for k in keys} for i in items]
        return self.formset(factory, name, initial)

    def apply(self, out: dict[str, Any]) -> None:
        energy = out.get("energy_review")
        for name, items in (
            ("caps", out.get("caps")),
            ("tiers", energy.get("tiers") if isinstance(energy, dict) else None),
            ("bans", out.get("prohibitions")),
            *self._code_lists(out).items(),
        ):
            rows = as_list(items)
            for index, form in enumerate(self.parts[name].forms):
                if index < len(rows) and isinstance(rows[index], dict):
                    for key, value in form.cleaned_data.items():
                        put(rows[index], key, value)
