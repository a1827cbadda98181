"""Per-mu evaluation schemes: item weights and caps, benchmarks, classes, policies, exemptions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.base import (
    Editor,
    Feedback,
    Number,
    RowForm,
    Total,
    WeightGroup,
    as_list,
    as_map,
    branch,
    child,
    graft,
    initial_number,
    parse_float,
    percent,
    put,
)
from microparks.core.evaluation import CLASSES, INDICATORS

QUOTA_DEFAULTS = {"A": 0.20, "B": 0.40, "D": 0.05}


def indicator_label(name: str) -> str:
    """An indicator's name in the user's language (its code when unknown)."""
    found = INDICATORS.get(name)
    return _(found.label) if found else name


def indicator_unit(name: str) -> Any:
    """An indicator's unit as the page shows it."""
    found = INDICATORS.get(name)
    return labels.unit(found.unit) if found else ""


def group_label(key: str) -> str:
    """A group's name (above or below designated size, all firms, or its key)."""
    return str(labels.GROUPS.get(key, key))


class ItemForm(RowForm):
    """One weighted indicator of a group: points out of 100 and an optional cap."""

    weight = Number(label=gettext_lazy("Weight"), unit=labels.POINTS, required=True)
    cap = Number(label=gettext_lazy("Cap"), unit=labels.POINTS)

    def clean_weight(self) -> float:
        value = self.cleaned_data["weight"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Must be greater than 0."))
        return float(value)

    def clean_cap(self) -> float | None:
        value = self.cleaned_data["cap"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Must be greater than 0."))
        return None if value is None else float(value)


class YearForm(RowForm):
    """The benchmarks of one year: a value per group and indicator (blank: none published)."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)

    def __init__(self, *args: Any, cells: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.cells = cells or []
        for k, (group, indicator) in enumerate(self.cells):
            self.fields[f"c{k}"] = Number(  # its unit is shown once, beside the row's name
                label=f"{group_label(group)} · {indicator_label(indicator)}", min_value=0
            )
        self.row_label = _("Benchmarks")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for k in range(len(self.cells)):
            value = data.get(f"c{k}")
            if value is not None and value <= 0:
                self.add_error(f"c{k}", _("Must be greater than 0."))
        return data


class BenchmarkForm(forms.Form):
    """What stands in for a year without published benchmarks, and the multiple applied."""

    otherwise = forms.ChoiceField(
        label=gettext_lazy("Years without published benchmarks"),
        choices=[
            ("mean", gettext_lazy("the mean of the evaluated firms")),
            ("none", gettext_lazy("no benchmark (refuse to score)")),
        ],
    )
    multiple = Number(
        label=gettext_lazy("Multiple of the mean used as benchmark"),
        min_value=0.001,
        placeholder="1",
    )


class ClassForm(forms.Form):
    """How firms are put into classes A–D: fixed shares (quota) or score thresholds."""

    method = forms.ChoiceField(
        label=gettext_lazy("Classes by"),
        choices=[
            ("quota", gettext_lazy("shares of the firms (quota)")),
            ("thresholds", gettext_lazy("score thresholds")),
        ],
    )
    by_group = forms.BooleanField(label=gettext_lazy("Within each group"), required=False)
    quota_A = Number(
        label=gettext_lazy("Share of class A"),
        unit=labels.SHARE,
        min_value=0,
        max_value=1,
        placeholder="0.2",
    )
    quota_B = Number(
        label=gettext_lazy("Share of class B"),
        unit=labels.SHARE,
        min_value=0,
        max_value=1,
        placeholder="0.4",
    )
    quota_D = Number(
        label=gettext_lazy("Share of class D"),
        unit=labels.SHARE,
        min_value=0,
        max_value=1,
        placeholder="0.05",
    )
    threshold_A = Number(label=gettext_lazy("Lowest score of class A"), unit=labels.POINTS)
    threshold_B = Number(label=gettext_lazy("Lowest score of class B"), unit=labels.POINTS)
    threshold_C = Number(label=gettext_lazy("Lowest score of class C"), unit=labels.POINTS)


class PolicyForm(RowForm):
    """The differential terms of one class."""

    electricity_surcharge_cny_per_kwh = Number(
        label=gettext_lazy("Electricity surcharge"), unit=labels.CNY_PER_KWH, min_value=0
    )
    water_surcharge_cny_per_t = Number(
        label=gettext_lazy("Water surcharge"), unit=labels.CNY_PER_T, min_value=0
    )
    rent_support_share = Number(
        label=gettext_lazy("Rent support"), unit=labels.SHARE, min_value=0, max_value=1
    )
    land_priority = forms.BooleanField(label=gettext_lazy("Priority for land"), required=False)
    subsidy_priority = forms.BooleanField(
        label=gettext_lazy("Priority for subsidies"), required=False
    )


class ExemptForm(forms.Form):
    """Who is not evaluated (class T)."""

    min_age_years = forms.IntegerField(
        label=gettext_lazy("Years in production before a firm is evaluated"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "num", "placeholder": "2"}),
    )
    below_size_min_land_mu = Number(
        label=gettext_lazy("Smallest land of a firm below designated size that is evaluated"),
        unit=labels.MU,
        min_value=0,
    )


ExemptForm.base_fields["min_age_years"].unit = labels.YEARS  # type: ignore[attr-defined]


class EvaluationEditor(Editor):
    """Every number of an evaluation scheme an official decides; indicators stay in YAML."""

    kind = "evaluation"
    template = "rules/editors/evaluation.html"

    def build(self) -> None:
        groups = as_map(self.base.get("groups"))
        self.group_keys = list(groups)
        self.groups = []
        for gi, key in enumerate(self.group_keys):
            items = [as_map(i) for i in as_list(as_map(groups[key]).get("items"))]
            factory = forms.formset_factory(
                ItemForm, extra=0, max_num=len(items), validate_max=True
            )
            initial = [
                {"weight": initial_number(i.get("weight")), "cap": initial_number(i.get("cap"))}
                for i in items
            ]
            rows = self.formset(factory, f"g{gi}", initial)
            for form, item in zip(rows.forms, items, strict=False):
                form.indicator = indicator_label(str(item.get("indicator")))
                form.row_label = f"{group_label(key)} · {form.indicator}"
            self.groups.append({"key": key, "label": group_label(key), "rows": rows})
        self._build_benchmarks(groups)
        classes = as_map(self.base.get("classes"))
        quota, thresholds = as_map(classes.get("quota")), as_map(classes.get("thresholds"))
        self.form(
            ClassForm,
            "classes",
            {
                "method": classes.get("method", "quota"),
                "by_group": classes.get("by_group", True) is not False,
                **{f"quota_{k}": initial_number(quota.get(k)) for k in ("A", "B", "D")},
                **{f"threshold_{k}": initial_number(thresholds.get(k)) for k in ("A", "B", "C")},
            },
        )
        policies = as_map(self.base.get("policies"))
        self.policies = []
        for c in CLASSES:
            terms = as_map(policies.get(c))
            start: dict[str, Any] = {
                k: initial_number(terms.get(k)) for k in PolicyForm.base_fields
            }
            start.update({k: terms.get(k) is True for k in ("land_priority", "subsidy_priority")})
            form = self.form(PolicyForm, f"pol-{c}", start)
            form.row_label = _("Class %(c)s") % {"c": c}  # type: ignore[attr-defined]
            self.policies.append(form)
        exempt = as_map(self.base.get("exempt"))
        self.form(
            ExemptForm, "exempt", {k: initial_number(exempt.get(k)) for k in ExemptForm.base_fields}
        )

    def _build_benchmarks(self, groups: dict[str, Any]) -> None:
        bench = as_map(self.base.get("benchmarks"))
        self.form(
            BenchmarkForm,
            "bench",
            {
                "otherwise": bench.get("otherwise", "mean"),
                "multiple": initial_number(bench.get("multiple")),
            },
        )
        table = as_map(bench.get("table"))
        cells: list[tuple[str, str]] = []
        for key in groups:
            for item in as_list(as_map(groups[key]).get("items")):
                cells.append((str(key), str(as_map(item).get("indicator"))))
        for by_group in table.values():
            for key, row in as_map(by_group).items():
                cells += [
                    (str(key), str(i)) for i in as_map(row) if (str(key), str(i)) not in cells
                ]
        self.cells = cells
        self.years = list(table)
        factory = forms.formset_factory(YearForm, extra=0, can_delete=True)
        initial = []
        for year in self.years:
            values = as_map(table[year])
            start: dict[str, Any] = {"year": int(year) if str(year).isdigit() else None}
            for k, (g, i) in enumerate(cells):
                start[f"c{k}"] = initial_number(as_map(values.get(g)).get(i))
            initial.append(start)
        rows = self.formset(factory, "years", initial, form_kwargs={"cells": cells})
        self.bench_rows = [
            {"label": f"{group_label(g)} · {indicator_label(i)}", "unit": indicator_unit(i), "k": k}
            for k, (g, i) in enumerate(cells)
        ]
        self.bench_table = [
            {"label": r["label"], "unit": r["unit"], "cells": [f[f"c{r['k']}"] for f in rows.forms]}
            for r in self.bench_rows
        ]

    # --- to the document ----------------------------------------------------------------------

    def apply(self, out: dict[str, Any]) -> None:
        groups = as_map(out.get("groups"))
        for gi, key in enumerate(self.group_keys):
            group = groups.get(key)
            items = as_list(group.get("items")) if isinstance(group, dict) else []
            for index, form in enumerate(self.parts[f"g{gi}"].forms):
                if index < len(items) and isinstance(items[index], dict):
                    put(items[index], "weight", form.cleaned_data.get("weight"))
                    put(items[index], "cap", form.cleaned_data.get("cap"))
        self._apply_benchmarks(out)
        classes = branch(out, "classes")
        cleaned = self.parts["classes"].cleaned_data
        put(classes, "method", cleaned["method"], absent="quota")
        put(classes, "by_group", cleaned["by_group"], absent=True)
        for name, field, keys in (
            ("quota", "quota", ("A", "B", "D")),
            ("thresholds", "threshold", ("A", "B", "C")),
        ):
            sub = branch(classes, name)
            for k in keys:
                put(sub, k, cleaned[f"{field}_{k}"])
            graft(classes, name, sub)
        graft(out, "classes", classes)
        policies = branch(out, "policies")
        for c, form in zip(CLASSES, self.policies, strict=True):
            terms = branch(policies, c)
            for key, value in form.cleaned_data.items():
                put(terms, key, value, absent=False if isinstance(value, bool) else 0.0)
            graft(policies, c, terms)
        graft(out, "policies", policies)
        exempt = branch(out, "exempt")
        for key, value in self.parts["exempt"].cleaned_data.items():
            put(exempt, key, value)
        graft(out, "exempt", exempt)

    def _apply_benchmarks(self, out: dict[str, Any]) -> None:
        bench = branch(out, "benchmarks")
        cleaned = self.parts["bench"].cleaned_data
        put(bench, "otherwise", cleaned["otherwise"], absent="mean")
        put(bench, "multiple", cleaned["multiple"])
        old = as_map(bench.get("table"))
        table: dict[Any, Any] = {}
        for index, form in enumerate(self.parts["years"].forms):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            key: Any = self.years[index] if index < len(self.years) else None
            by_group = child(old.get(key))
            for k, (g, indicator) in enumerate(self.cells):
                row = branch(by_group, g)
                put(row, indicator, data.get(f"c{k}"))
                graft(by_group, g, row)
            if key is None and not by_group:
                continue  # a year added without any value
            year = data["year"]
            table[key if key is not None and str(key) == str(year) else year] = by_group
        if table or "table" in bench:
            bench["table"] = table
        graft(out, "benchmarks", bench)

    # --- live figures -------------------------------------------------------------------------

    def weight_groups(self) -> list[WeightGroup]:
        return [
            WeightGroup(
                _("%(group)s: sum of the points") % {"group": g["label"]},
                tuple(f["weight"].html_name for f in g["rows"].forms),
                100.0,
            )
            for g in self.groups
        ]

    def feedback(self) -> Feedback:
        out = super().feedback()
        form = self.parts["classes"]
        if self.value(form["method"].html_name) != "thresholds":
            shares = {
                k: parse_float(self.value(form[f"quota_{k}"].html_name)) for k in ("A", "B", "D")
            }
            given = {k: QUOTA_DEFAULTS[k] if v is None else v for k, v in shares.items()}
            c = 1 - sum(given.values())
            out.totals.append(Total(_("Share of class C (the rest)"), percent(100 * c), c >= -1e-9))
        return out
