"""Park performance rubrics and star criteria: the numbers and rows of the two documents.

The methods are :mod:`microparks.core.parkeval`. The rubric's direct-D events and anything the
form does not show are kept as the document says (edited in the YAML tab).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from microparks.apps.rules.editors.base import (
    Editor,
    Number,
    RowForm,
    as_list,
    as_map,
    branch,
    edited_list,
    graft,
    initial_number,
    put,
)
from microparks.core.parkeval import GRADES, LEVEL_LABELS, MEASURE_LABELS, MEASURES
from microparks.io.rules.parkeval import SCORED, SECTIONS

POINTS, PERCENT = _("points"), "%"
SECTION_LABELS = {
    "cultivation": _("Enterprise cultivation"),
    "technology": _("Technology"),
    "service": _("Service capability (reviewers' scores)"),
    "safety": _("Safety deductions"),
    "other": _("Other deductions"),
}
LEVEL_CHOICES = [(k, _(v)) for k, v in LEVEL_LABELS.items()]
GRADING_DEFAULTS = {
    "a_max_pct": 20,
    "b_max_pct": 30,
    "d_min_pct": 5,
    "stars_outside_quota": 4,
    "not_evaluated_years": 3,
}


def _whole(label: Any, minimum: int = 0) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=minimum, required=False)


class ConcentrationForm(forms.Form):
    """Leading-industry shares: the threshold, the base and the points per full step."""

    threshold_pct = Number(
        label=_("Shares over"), unit=PERCENT, min_value=0, max_value=99.99, required=True
    )
    base_points = Number(label=_("Points for being over"), unit=POINTS, min_value=0)
    step_pct = Number(
        label=_("Each full step of"), unit=PERCENT, min_value=0.01, max_value=100, required=True
    )
    step_points = Number(label=_("Points per step"), unit=POINTS, min_value=0, required=True)
    max_points = Number(label=_("At most"), unit=POINTS, min_value=0)


class GradingForm(forms.Form):
    """Quotas, the stars outside them, the years not evaluated, multi-storey points."""

    a_max_pct = Number(label=_("A at most"), unit=PERCENT, min_value=0, max_value=100)
    b_max_pct = Number(label=_("B at most"), unit=PERCENT, min_value=0, max_value=100)
    d_min_pct = Number(label=_("D at least"), unit=PERCENT, min_value=0, max_value=100)
    stars_outside_quota = _whole(_("A outside the quota from (stars)"), 1)
    not_evaluated_years = _whole(_("Not evaluated in the first years"))
    multi_storey_points = Number(label=_("Multi-storey industry"), unit=POINTS, min_value=0)


class ConditionForm(RowForm):
    """A basic condition: a figure at least a minimum, or (no figure) a reviewer's yes."""

    key = forms.CharField(label=pgettext_lazy("park rubric", "Key"), max_length=40)
    label = forms.CharField(label=_("Condition"), max_length=200)
    measure = forms.ChoiceField(
        label=pgettext_lazy("park rubric", "Figure"),
        required=False,
        choices=[("", _("confirmed by a reviewer"))]
        + [(m, _(MEASURE_LABELS[m])) for m in MEASURES],
    )
    min = Number(label=_("At least"))


class BandForm(RowForm):
    """A benefit band: from a ratio to the city average, the points."""

    lower = Number(label=_("From (× the city average)"), min_value=0.01, required=True)
    points = Number(
        label=pgettext_lazy("park rubric", "Points"), unit=POINTS, min_value=0, required=True
    )


class SectionForm(forms.Form):
    """A section's heading and its cap."""

    label = forms.CharField(label=_("Heading"), max_length=100, required=False)
    max_points = Number(label=_("At most"), unit=POINTS, min_value=0)


class ItemForm(RowForm):
    """A line of a section: points each (negative for deductions) or a reviewer's maximum."""

    key = forms.CharField(label=pgettext_lazy("park rubric", "Key"), max_length=40)
    label = forms.CharField(label=pgettext_lazy("park rubric", "Item"), max_length=200)
    points = Number(
        label=pgettext_lazy("park rubric", "Points"), unit=POINTS, required=True, min_value=None
    )


class RubricEditor(Editor):
    """Concentration, grading, basic conditions, benefit bands and each section's items."""

    kind = "park_rubric"
    template = "rules/editors/park_rubric.html"

    def build(self) -> None:
        conc = as_map(self.base.get("concentration"))
        self.form(
            ConcentrationForm, "concentration", {k: initial_number(v) for k, v in conc.items()}
        )
        grading = as_map(self.base.get("grading"))
        initial = {k: initial_number(grading.get(k, d)) for k, d in GRADING_DEFAULTS.items()}
        storey = as_map(self.base.get("benefit")).get("multi_storey_points")
        self.form(
            GradingForm, "grading", {**initial, "multi_storey_points": initial_number(storey)}
        )
        rows = forms.formset_factory(ConditionForm, extra=0, can_delete=True)
        conditions = [as_map(c) for c in as_list(self.base.get("basic_conditions"))]
        self.formset(
            rows,
            "conditions",
            [
                {**c, "measure": c.get("measure") or "", "min": initial_number(c.get("min"))}
                for c in conditions
            ],
        )
        bands = [as_map(b) for b in as_list(as_map(self.base.get("benefit")).get("bands"))]
        factory = forms.formset_factory(BandForm, extra=0, can_delete=True)
        self.formset(
            factory,
            "bands",
            [
                {"lower": initial_number(b.get("from")), "points": initial_number(b.get("points"))}
                for b in bands
            ],
        )
        for name in SECTIONS:
            section = as_map(self.base.get(name))
            self.form(
                SectionForm,
                name,
                {
                    "label": section.get("label", ""),
                    "max_points": initial_number(section.get("max_points")),
                },
            )
            field = "max" if name in SCORED else "points"
            items = [as_map(i) for i in as_list(section.get("items"))]
            self.formset(
                forms.formset_factory(ItemForm, extra=0, can_delete=True),
                f"{name}_items",
                [{**i, "points": initial_number(i.get(field))} for i in items],
            )

    @property
    def sections(self) -> list[dict[str, Any]]:
        """Each section's form and rows, for the template."""
        return [
            {
                "name": n,
                "title": SECTION_LABELS[n],
                "form": self.parts[n],
                "rows": self.parts[f"{n}_items"],
            }
            for n in SECTIONS
        ]

    def apply(self, out: dict[str, Any]) -> None:
        conc = branch(out, "concentration")
        for key, value in self.parts["concentration"].cleaned_data.items():
            put(conc, key, value, absent=0 if key == "base_points" else None)
        graft(out, "concentration", conc)
        grading_data = self.parts["grading"].cleaned_data
        grading = branch(out, "grading")
        for key, default in GRADING_DEFAULTS.items():
            put(grading, key, grading_data.get(key), absent=default)
        graft(out, "grading", grading)

        def condition(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
            for key in ("key", "label", "measure", "min"):
                put(item, key, cleaned.get(key))

        rows = edited_list(out.get("basic_conditions"), self.parts["conditions"], condition)
        if rows or "basic_conditions" in out:
            out["basic_conditions"] = rows
        benefit = branch(out, "benefit")

        def band(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
            put(item, "from", cleaned.get("lower"))
            put(item, "points", cleaned.get("points"))

        benefit["bands"] = edited_list(benefit.get("bands"), self.parts["bands"], band)
        put(benefit, "multi_storey_points", grading_data.get("multi_storey_points"))
        graft(out, "benefit", benefit)
        for name in SECTIONS:
            self._section(out, name)

    def _section(self, out: dict[str, Any], name: str) -> None:
        section = branch(out, name)
        head = self.parts[name].cleaned_data
        put(section, "label", head.get("label"))
        put(section, "max_points", head.get("max_points"))
        field = "max" if name in SCORED else "points"

        def write(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
            for key in ("key", "label"):
                put(item, key, cleaned.get(key))
            put(item, field, cleaned.get("points"))

        items = edited_list(section.get("items"), self.parts[f"{name}_items"], write)
        if items or "items" in section:
            section["items"] = items
        graft(out, name, section)


class LevelForm(RowForm):
    """A star level: who awards it, the least score, the grades allowed, the least figures."""

    stars = forms.IntegerField(label=_("Stars"), min_value=1, max_value=5)
    level = forms.ChoiceField(label=_("Awarded at"), choices=LEVEL_CHOICES)
    min_score = Number(label=_("Score at least"), unit=POINTS, min_value=None)
    grades = forms.MultipleChoiceField(
        label=_("Grades"),
        choices=[(g, g) for g in GRADES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for measure in MEASURES:
            self.fields[measure] = Number(label=_(MEASURE_LABELS[measure]), min_value=0)


class StarsEditor(Editor):
    """The star levels as rows (added, removed)."""

    kind = "park_stars"
    template = "rules/editors/park_stars.html"

    def build(self) -> None:
        initial = []
        for level in (as_map(x) for x in as_list(self.base.get("levels"))):
            floors = as_map(level.get("minimums"))
            initial.append(
                {
                    "stars": level.get("stars"),
                    "level": level.get("level"),
                    "min_score": initial_number(level.get("min_score")),
                    "grades": level.get("grades") or list(GRADES),
                    **{m: initial_number(floors.get(m)) for m in MEASURES},
                }
            )
        factory = forms.formset_factory(LevelForm, extra=0, can_delete=True)
        self.formset(factory, "levels", initial)

    @property
    def measures(self) -> list[Any]:
        """The figures' names, the table's last columns."""
        return [_(MEASURE_LABELS[m]) for m in MEASURES]

    def apply(self, out: dict[str, Any]) -> None:
        def write(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
            for key in ("stars", "level", "min_score"):
                put(item, key, cleaned.get(key))
            grades = [g for g in GRADES if g in cleaned.get("grades", [])]
            put(item, "grades", grades or None, absent=list(GRADES))
            floors = branch(item, "minimums")
            for measure in MEASURES:
                put(floors, measure, cleaned.get(measure))
            if floors or "minimums" in item:
                item["minimums"] = floors

        out["levels"] = edited_list(out.get("levels"), self.parts["levels"], write)
