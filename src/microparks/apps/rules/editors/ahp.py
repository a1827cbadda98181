"""AHP judgements as an official types them: Saaty's 1/9 … 9 scale, fractions, reciprocals."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from microparks.apps.rules.editors.base import number, show

SAATY = tuple(Fraction(1, k) for k in range(9, 1, -1)) + tuple(Fraction(k) for k in range(1, 10))
"""Saaty's scale: 1/9, 1/8, …, 1/2, 1, 2, …, 9."""


def parse_judgement(text: Any) -> Fraction:
    """A judgement typed as ``3``, ``1/3`` or ``0.5``, on Saaty's scale 1/9 … 9."""
    try:
        value = Fraction(str(text).strip().replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        raise forms.ValidationError(_("Type a number such as 3 or 1/3.")) from None
    if not Fraction(1, 9) <= value <= 9:
        raise forms.ValidationError(_("Must lie between 1/9 and 9 (Saaty's scale)."))
    return value


def judgement_text(value: Any) -> str:
    """A judgement as the matrix shows it: ``3``, ``1/3``, ``0.4``."""
    if isinstance(value, str):
        return value.strip()
    as_float = number(value)
    if as_float is None:
        return ""
    fraction = Fraction(as_float).limit_denominator(9)
    if math.isclose(float(fraction), as_float, rel_tol=1e-9):
        return written(fraction)  # type: ignore[return-value]
    return show(as_float)


def written(value: Fraction) -> int | str:
    """A fraction as the YAML writes it: ``3`` or ``'1/3'``."""
    if value.denominator == 1:
        return value.numerator
    return f"{value.numerator}/{value.denominator}"


def nearest_saaty(ratio: float) -> Fraction:
    """The value on Saaty's scale closest to ``ratio`` (on a log scale)."""
    if not ratio > 0 or not math.isfinite(ratio):
        return Fraction(1)
    return min(SAATY, key=lambda s: abs(math.log(float(s)) - math.log(ratio)))


def ahp_form(names: list[str], required: bool) -> type[forms.Form]:
    """A form with one judgement per pair ``i < j`` (``a_i_j``), labelled ``row : column``."""
    fields: dict[str, Any] = {}
    n = len(names)
    for i in range(n):
        for j in range(i + 1, n):
            field = forms.CharField(
                label=f"{names[i]} : {names[j]}",
                required=required,
                widget=forms.TextInput(
                    attrs={"size": 4, "class": "num", "list": "saaty", "inputmode": "decimal"}
                ),
            )
            fields[f"a_{i}_{j}"] = field

    def clean(self: forms.Form) -> dict[str, Any]:
        data = self.cleaned_data
        for key in list(data):
            if data[key] not in (None, ""):
                try:
                    data[key] = parse_judgement(data[key])
                except forms.ValidationError as exc:
                    self.add_error(key, exc)
        return data

    fields["clean"] = clean
    return type("AHPForm", (forms.Form,), fields)


def judgement_out(value: Fraction) -> int | float | str:
    """A judgement for the YAML: whole numbers and unit fractions exact, others rounded."""
    if value.denominator == 1 or value.numerator == 1:
        return written(value)
    if value.denominator <= 9 and value.numerator <= 9:
        return written(value)
    return round(float(value), 4)
