"""Suitability schemes: each criterion's weight and bounds, AHP judgements, veto buffers.

Weights come either with each criterion or from an AHP pairwise matrix: the official types
the upper triangle on Saaty's 1/9 … 9 scale, the lower triangle is its reciprocal, and the
preview shows the weights and the consistency ratio as they type (Saaty 1980; CR ≤ 0.1).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.ahp import (
    ahp_form,
    judgement_out,
    judgement_text,
    nearest_saaty,
    parse_judgement,
    written,
)
from microparks.apps.rules.editors.base import (
    Editor,
    Feedback,
    Number,
    RowForm,
    Total,
    WeightGroup,
    as_list,
    as_map,
    initial_number,
    number,
    percent,
    put,
    show,
)
from microparks.core.mcda import MCDAInputError, calc_ahp_weights
from microparks.core.mcda.ahp import (
    MAX_CONSISTENCY_RATIO,
    RANDOM_INDEX,
    InconsistentJudgementsError,
)

WEIGHTS, PAIRWISE = "weights", "pairwise"
MAX_AHP = len(RANDOM_INDEX)
BOUNDS = ("lower", "ideal", "upper", "threshold")
SPLIT = re.compile(r"[\s,，、;；]+")


def criterion_label(item: dict[str, Any]) -> str:
    """A criterion's name on the page: its Chinese label, else its label translated."""
    zh = item.get("label_zh")
    if zh and (translation.get_language() or "").startswith("zh"):
        return str(zh)
    return _(str(item.get("label") or item.get("name") or "?"))


def needs(item: dict[str, Any]) -> tuple[str, ...]:
    """The bounds the criterion's value function needs (``core.suitability.check_transform``)."""
    transform, kind = item.get("transform", "linear"), item.get("kind", "benefit")
    if transform == "piecewise":
        return ("points", "values")
    if transform == "threshold" and kind != "ideal":
        return ("threshold",)
    if kind == "ideal" and transform == "linear":
        return ("lower", "ideal", "upper")
    return ("lower", "upper")


def _numbers(text: str) -> list[float]:
    parts = [p for p in SPLIT.split(text.strip()) if p]
    try:
        return [float(Fraction(p)) for p in parts]
    except (ValueError, ZeroDivisionError):
        raise forms.ValidationError(
            _("Write numbers separated by commas, e.g. 0, 5000, 15000.")
        ) from None


def _list_text(value: Any) -> str:
    return ", ".join(show(float(v)) if number(v) is not None else str(v) for v in as_list(value))


class CriterionForm(RowForm):
    """One criterion: its weight and the bounds its value function needs."""

    weight = Number(label=gettext_lazy("Weight"), min_value=0)
    lower = Number(label=gettext_lazy("Lower bound"))
    ideal = Number(label=gettext_lazy("Ideal value"))
    upper = Number(label=gettext_lazy("Upper bound"))
    threshold = Number(label=gettext_lazy("Threshold"))
    points = forms.CharField(label=gettext_lazy("Points"), required=False)
    values = forms.CharField(label=gettext_lazy("Values (0–1)"), required=False)

    def __init__(self, *args: Any, item: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = item or {}
        kept = needs(item)
        for name in (*BOUNDS, "points", "values"):
            if name not in kept:
                del self.fields[name]
            else:
                self.fields[name].unit = "" if name == "values" else labels.unit(item.get("unit"))  # type: ignore[attr-defined]
        if "points" in self.fields:
            self.fields["points"].required = True
            self.fields["values"].required = True
        self.row_label = criterion_label(item)
        self.bounds = [self[name] for name in self.fields if name != "weight"]

    def clean_points(self) -> list[float]:
        return _numbers(self.cleaned_data["points"])

    def clean_values(self) -> list[float]:
        return _numbers(self.cleaned_data["values"])


class CriteriaFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """One row per criterion of the document (rows are not added or removed here)."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        items = kwargs.pop("items", [])
        if index is not None and index < len(items):
            kwargs["item"] = items[index]
        return kwargs


class VetoForm(RowForm):
    """How far around a protected layer no site may lie."""

    buffer_m = Number(label=gettext_lazy("Buffer"), unit=labels.METRES, min_value=0)


class ModeForm(forms.Form):
    """Weights typed per criterion, or derived from pairwise judgements (AHP)."""

    weighting = forms.ChoiceField(
        label=gettext_lazy("Weights from"),
        choices=[
            (WEIGHTS, gettext_lazy("a weight per criterion")),
            (PAIRWISE, gettext_lazy("pairwise judgements (AHP)")),
        ],
        widget=forms.RadioSelect,
    )


class SuitabilityEditor(Editor):
    """Weights (or AHP judgements) and bounds of each criterion, and the veto buffers."""

    kind = "suitability"
    template = "rules/editors/suitability.html"

    def build(self) -> None:
        items = [as_map(c) for c in as_list(self.base.get("criteria"))]
        self.items = items
        n = len(items)
        base_mode = PAIRWISE if self.base.get("pairwise") is not None else WEIGHTS
        mode = self.form(ModeForm, "mode", {"weighting": base_mode})
        self.mode = base_mode
        if self.data is not None:
            self.mode = (
                PAIRWISE if self.data.get(mode["weighting"].html_name) == PAIRWISE else WEIGHTS
            )
        formset = forms.formset_factory(
            CriterionForm, formset=CriteriaFormSet, extra=0, max_num=n, validate_max=True
        )
        self.form_rows = self.formset(
            formset, "crit", [_criterion_initial(c) for c in items], form_kwargs={"items": items}
        )
        self.names = [criterion_label(c) for c in items]
        self.ahp = self.form(
            ahp_form(self.names, self.mode == PAIRWISE), "ahp", self._ahp_initial()
        )
        vetoes = [as_map(v) for v in as_list(self.base.get("vetoes"))]
        self.vetoes = vetoes
        veto_set = forms.formset_factory(VetoForm, extra=0, max_num=len(vetoes), validate_max=True)
        veto_rows = self.formset(
            veto_set, "veto", [{"buffer_m": initial_number(v.get("buffer_m"))} for v in vetoes]
        )
        for form, veto in zip(veto_rows.forms, vetoes, strict=False):
            form.row_label = _(str(veto.get("label") or veto.get("name") or veto.get("layer")))
        self.max_ahp = MAX_AHP
        self.too_many_for_ahp = n > MAX_AHP
        self.matrix = [] if self.too_many_for_ahp else self._matrix_cells()

    def _ahp_initial(self) -> dict[str, str]:
        n = len(self.items)
        rows = as_list(self.base.get("pairwise"))
        if len(rows) == n and all(isinstance(r, list) and len(r) == n for r in rows):
            return {
                f"a_{i}_{j}": judgement_text(rows[i][j]) for i in range(n) for j in range(i + 1, n)
            }
        weights = [number(c.get("weight")) or 0.0 for c in self.items]
        return {
            f"a_{i}_{j}": str(written(nearest_saaty(weights[i] / weights[j] if weights[j] else 0)))
            for i in range(n)
            for j in range(i + 1, n)
        }

    def _matrix_cells(self) -> list[dict[str, Any]]:
        """The n × n table: inputs above the diagonal, 1 on it, reciprocals below."""
        n, names = len(self.items), self.names
        out = []
        for i in range(n):
            cells: list[dict[str, Any]] = []
            for j in range(n):
                if i < j:
                    cells.append({"field": self.ahp[f"a_{i}_{j}"]})
                elif i == j:
                    cells.append({"text": "1"})
                else:
                    cells.append({"id": f"recip-{i}-{j}", "text": self._reciprocal(j, i)})
            out.append({"name": names[i], "cells": cells})
        return out

    def _reciprocal(self, i: int, j: int) -> str:
        try:
            value = parse_judgement(self.value(self.ahp[f"a_{i}_{j}"].html_name))
        except forms.ValidationError:
            return "–"
        return str(judgement_out(1 / value))

    # --- to the document ----------------------------------------------------------------------

    def apply(self, out: dict[str, Any]) -> None:
        criteria = as_list(out.get("criteria"))
        for index, form in enumerate(self.form_rows.forms):
            if index >= len(criteria) or not isinstance(criteria[index], dict):
                continue
            item, cleaned = criteria[index], form.cleaned_data
            for name in form.fields:
                if name != "weight":
                    put(item, name, cleaned.get(name))
            if self.mode == WEIGHTS:
                put(item, "weight", cleaned.get("weight"))
            else:
                item.pop("weight", None)
        if self.mode == WEIGHTS:
            out.pop("pairwise", None)
        else:
            out["pairwise"] = self._pairwise(out.get("pairwise"))
        vetoes = as_list(out.get("vetoes"))
        for index, form in enumerate(self.parts["veto"].forms):
            if index < len(vetoes) and isinstance(vetoes[index], dict):
                put(vetoes[index], "buffer_m", form.cleaned_data.get("buffer_m"), absent=0.0)

    def _pairwise(self, old: Any) -> list[list[Any]]:
        n = len(self.items)
        typed = {k: v for k, v in self.ahp.cleaned_data.items() if isinstance(v, Fraction)}
        rows = as_list(old)
        if len(rows) == n and all(isinstance(r, list) and len(r) == n for r in rows):
            try:
                unchanged = all(
                    math.isclose(
                        float(Fraction(str(rows[i][j]).replace(" ", ""))),
                        float(typed[f"a_{i}_{j}"]),
                        rel_tol=1e-9,
                    )
                    for i in range(n)
                    for j in range(i + 1, n)
                )
            except (KeyError, ValueError, ZeroDivisionError):
                unchanged = False
            if unchanged:
                return rows
        matrix: list[list[Any]] = [[1] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                value = typed.get(f"a_{i}_{j}", Fraction(1))
                matrix[i][j] = judgement_out(value)
                matrix[j][i] = judgement_out(1 / value)
        return matrix

    # --- live figures -------------------------------------------------------------------------

    def weight_groups(self) -> list[WeightGroup]:
        if self.mode != WEIGHTS:
            return []
        names = tuple(form["weight"].html_name for form in self.form_rows.forms)
        return [WeightGroup(_("Sum of the weights"), names, 1.0)]

    def feedback(self) -> Feedback:
        out = super().feedback()
        n = 0 if self.too_many_for_ahp else len(self.items)
        out.cells = {f"recip-{i}-{j}": self._reciprocal(j, i) for i in range(n) for j in range(i)}
        if self.mode == PAIRWISE:
            out.extra["ahp"] = self._ahp_figures(out)
        return out

    def _ahp_figures(self, out: Feedback) -> dict[str, Any]:
        n = len(self.items)
        if n > MAX_AHP:
            return {"problem": _("AHP takes at most %(n)s criteria.") % {"n": MAX_AHP}}
        matrix = [[1.0] * n for _ in range(n)]
        try:
            for i in range(n):
                for j in range(i + 1, n):
                    value = parse_judgement(self.value(self.ahp[f"a_{i}_{j}"].html_name))
                    matrix[i][j], matrix[j][i] = float(value), float(1 / value)
        except forms.ValidationError:
            return {"problem": _("Complete the judgements to see the weights.")}
        keys = [str(c.get("name") or i) for i, c in enumerate(self.items)]
        try:
            result = calc_ahp_weights(matrix, keys)
        except InconsistentJudgementsError as exc:
            result = exc.result
        except MCDAInputError as exc:
            return {"problem": str(exc)}
        label = dict(zip(keys, self.names, strict=True))
        for form, weight in zip(self.form_rows.forms, result.weights, strict=True):
            out.shares[form["weight"].html_name] = percent(100 * float(weight))
        ok = result.consistency_ratio <= MAX_CONSISTENCY_RATIO + 1e-12
        out.totals.append(
            Total(
                _("Consistency ratio (AHP)"),
                _("%(cr)s (at most %(limit)s)")
                % {"cr": f"{result.consistency_ratio:.3f}", "limit": f"{MAX_CONSISTENCY_RATIO:g}"},
                ok,
            )
        )
        worst = [
            {
                "row": label[j.row],
                "column": label[j.column],
                "given": judgement_text(j.given),
                "consistent": f"{j.consistent:.2g}",
            }
            for j in result.worst_judgements[:3]
        ]
        return {
            "cr": result.consistency_ratio,
            "ok": ok,
            "lambda_max": result.lambda_max,
            "worst": [] if ok else worst,
            "weights": [
                (name, percent(100 * float(w)))
                for name, w in zip(self.names, result.weights, strict=True)
            ],
        }


def _criterion_initial(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {k: initial_number(item.get(k)) for k in ("weight", *BOUNDS)}
    out["points"] = _list_text(item.get("points"))
    out["values"] = _list_text(item.get("values"))
    return out
