"""Service-desk deadlines: working days (or hours) to acknowledge, respond and close."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.base import (
    Editor,
    Number,
    RowForm,
    as_list,
    as_map,
    edited_list,
    initial_number,
    put,
)

STEPS = ("ack", "respond", "close")
UNITS = (("days", gettext_lazy("in working days")), ("hours", gettext_lazy("in working hours")))


class BudgetForm(RowForm):
    """Working days (or hours) to acknowledge, respond and close; each no shorter than the last."""

    unit = forms.ChoiceField(
        label=gettext_lazy("Counted in"), choices=UNITS, initial="days", required=False
    )
    field_order = [*STEPS, "unit"]

    ack = Number(
        label=gettext_lazy("Acknowledge within"),
        min_value=0,
        required=True,
    )
    respond = Number(label=gettext_lazy("Respond within"), min_value=0, required=True)
    close = Number(label=gettext_lazy("Close within"), min_value=0, required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ack, respond, close = (data.get(k) for k in STEPS)
        if None not in (ack, respond, close) and not ack <= respond <= close:  # type: ignore[operator]
            raise forms.ValidationError(
                _("Acknowledge ≤ respond ≤ close: a later step cannot have fewer working days.")
            )
        return data


def _choices(codes: Any, names: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("", labels.ANY), *((c, names.get(c, c)) for c in codes)]


class RuleForm(BudgetForm):
    """Deadlines for a ticket category and/or priority (blank: any)."""

    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    priority = forms.ChoiceField(label=gettext_lazy("Priority"), required=False)
    field_order = ["category", "priority", *STEPS, "unit"]

    def __init__(self, *args: Any, categories: Any = (), priorities: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _choices(categories, labels.CATEGORIES)  # type: ignore[attr-defined]
        self.fields["priority"].choices = _choices(priorities, labels.PRIORITIES)  # type: ignore[attr-defined]


class DeadlinesEditor(Editor):
    """The default deadlines and one row per category and/or priority (rows added, removed)."""

    kind = "deadlines"
    template = "rules/editors/deadlines.html"

    def build(self) -> None:
        default = as_map(self.base.get("default"))
        first = {k: initial_number(default.get(k)) for k in STEPS}
        form = self.form(BudgetForm, "default", first | {"unit": default.get("unit") or "days"})
        form.row_label = str(_("Default"))  # type: ignore[attr-defined]
        rules = [as_map(r) for r in as_list(self.base.get("rules"))]
        factory = forms.formset_factory(RuleForm, extra=0, can_delete=True)
        initial = [
            {
                "category": r.get("category") or "",
                "priority": r.get("priority") or "",
                **{k: initial_number(r.get(k)) for k in STEPS},
                "unit": r.get("unit") or "days",
            }
            for r in rules
        ]
        codes = {
            "categories": self.context.get("categories", tuple(labels.CATEGORIES)),
            "priorities": self.context.get("priorities", tuple(labels.PRIORITIES)),
        }
        self.formset(factory, "rules", initial, form_kwargs=codes)

    def apply(self, out: dict[str, Any]) -> None:
        default = as_map(out.get("default"))
        for key, value in self.parts["default"].cleaned_data.items():
            put(default, key, value, absent="days" if key == "unit" else None)
        out["default"] = default

        def write(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
            for key in ("category", "priority", *STEPS):
                put(item, key, cleaned.get(key), absent="")
            put(item, "unit", cleaned.get("unit"), absent="days")

        rules = edited_list(out.get("rules"), self.parts["rules"], write)
        if rules or "rules" in out:
            out["rules"] = rules
