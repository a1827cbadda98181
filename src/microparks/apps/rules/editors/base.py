"""What every form editor of a rules document shares.

An editor turns the mapping of the version it starts from into Django forms (``initial``),
and the cleaned forms back into a mapping (:meth:`Editor.to_mapping`) that is a deep copy of
the starting mapping with only the edited values changed: keys the form does not show are
kept, and a value the official left as it was keeps its written form (``10000`` stays an
integer, ``'1/3'`` stays a fraction), so an unchanged form gives the same document (the same
SHA-256). Comments of the YAML are not kept: the form's YAML replaces the text.
"""

from __future__ import annotations

import abc
import copy
import datetime as dt
import math
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

from microparks.io.rules import dump_yaml

PREFIX = "ed"
"""Prefix of every editor field, so none clashes with the version form (title, name, …)."""


class Number(forms.FloatField):
    """A number input with its unit shown beside it (optional unless told)."""

    def __init__(
        self, *, unit: Any = "", required: bool = False, placeholder: str = "", **kwargs: Any
    ) -> None:
        attrs = {"step": "any", "class": "num", "inputmode": "decimal"}
        if placeholder:
            attrs["placeholder"] = placeholder
        kwargs.setdefault("widget", forms.NumberInput(attrs=attrs))
        super().__init__(required=required, **kwargs)
        self.unit = unit


class Date(forms.DateField):
    """A date picker that sends and shows ISO dates whatever the language's date format."""

    def __init__(self, **kwargs: Any) -> None:
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        super().__init__(widget=widget, input_formats=["%Y-%m-%d"], **kwargs)
        self.unit = ""


def number(value: Any) -> float | None:
    """``value`` as a float when it is a number (not a boolean), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def initial_number(value: Any) -> float | int | None:
    """What a number field starts with: the document's number, or blank."""
    return value if number(value) is not None else None


def same(old: Any, new: Any) -> bool:
    """Whether a value from the form says what the document already says."""
    a, b = number(old), number(new)
    if a is not None and b is not None:
        return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    if isinstance(old, dt.date) or isinstance(new, dt.date):
        return str(old) == str(new)
    return bool(old == new) and type(old) is type(new)


def show(value: float) -> str:
    """A number as an official writes it (``30000``, ``0.25``), never in exponent form."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def tidy(value: Any) -> Any:
    """A new value as the YAML should show it: whole numbers without ``.0``."""
    if isinstance(value, list):
        return [tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def put(target: MutableMapping[str, Any], key: str, value: Any, absent: Any = None) -> None:
    """Write ``value`` at ``key`` unless the document already says it.

    ``None`` (a blank field) removes the key; a key the document leaves out stays out while
    the value is what its parser assumes when it is absent (``absent``).
    """
    if key in target and same(target[key], value):
        return
    if value is None or value == "":
        target.pop(key, None)
        return
    if key not in target and absent is not None and same(absent, value):
        return
    target[key] = tidy(value)


def branch(target: MutableMapping[str, Any], key: str) -> dict[str, Any]:
    """The mapping at ``key`` (a new one, attached by :func:`graft`, when there is none)."""
    value = target.get(key)
    return value if isinstance(value, dict) else {}


def graft(target: MutableMapping[str, Any], key: str, value: dict[str, Any]) -> None:
    """Attach ``value`` at ``key`` if it says something or was there already."""
    if value or key in target:
        target[key] = value


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty list (a malformed document edits as empty)."""
    return value if isinstance(value, list) else []


def child(value: Any) -> dict[Any, Any]:
    """``value`` itself if it is a dict (edited in place), else a new empty one."""
    return value if isinstance(value, dict) else {}


def as_map(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one."""
    return dict(value) if isinstance(value, Mapping) else {}


@dataclass(frozen=True)
class WeightGroup:
    """Weights that are shown as shares and rescaled together to ``total`` (1 or 100).

    ``label`` names their sum (``Sum of the weights``).
    """

    label: str
    names: tuple[str, ...]
    total: float = 1.0


@dataclass(frozen=True)
class Total:
    """A sum or figure the official watches as they type (red when not ``ok``)."""

    label: str
    value: str
    ok: bool = True


@dataclass
class Feedback:
    """What the live preview shows besides the document check."""

    shares: dict[str, str] = field(default_factory=dict)
    totals: list[Total] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def parse_float(text: Any) -> float | None:
    """A typed number, or ``None`` when blank or not a number."""
    try:
        value = float(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def percent(value: float) -> str:
    """``25.0 %``."""
    return f"{value:.1f} %"


class Editor(abc.ABC):
    """The form of one kind of rules document (subclasses build and apply their parts)."""

    kind: ClassVar[str]
    template: ClassVar[str]
    note: ClassVar[Any] = ""

    def __init__(
        self,
        base: Mapping[str, Any],
        data: Mapping[str, Any] | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> None:
        self.base = copy.deepcopy(dict(base))
        self.data = data
        self.context = dict(context or {})
        self.parts: dict[str, Any] = {}
        self.build()

    # --- what subclasses write ---------------------------------------------------------------

    @abc.abstractmethod
    def build(self) -> None:
        """Create the forms and formsets in ``self.parts``, initial values from ``self.base``."""

    @abc.abstractmethod
    def apply(self, out: dict[str, Any]) -> None:
        """Write the cleaned values into ``out`` (a deep copy of the starting mapping)."""

    def weight_groups(self) -> list[WeightGroup]:
        """The weights shown as shares and rescaled by "normalise" (none by default)."""
        return []

    def feedback(self) -> Feedback:
        """Shares and sums of the weights as typed; kinds add their own figures."""
        out = Feedback()
        for group in self.weight_groups():
            values = [parse_float(self.value(n)) or 0.0 for n in group.names]
            total = sum(values)
            for name, value in zip(group.names, values, strict=True):
                out.shares[name] = percent(100 * value / total) if total > 0 else "–"
            ok = abs(total - group.total) <= (1e-3 if group.total == 1 else 0.01)
            out.totals.append(
                Total(
                    group.label,
                    _("%(total)s (must be %(expected)s)")
                    % {"total": f"{total:.6g}", "expected": f"{group.total:g}"},
                    ok,
                )
            )
        return out

    # --- shared behaviour --------------------------------------------------------------------

    def form(self, cls: type[forms.Form], name: str, initial: Any, **kwargs: Any) -> forms.Form:
        """A form of the editor, bound when the editor is, under the editor's prefix."""
        made = cls(self.data, initial=initial, prefix=f"{PREFIX}-{name}", **kwargs)
        self.parts[name] = made
        return made

    def formset(self, cls: Any, name: str, initial: list[dict[str, Any]], **kwargs: Any) -> Any:
        """A formset of the editor (rows), bound when the editor is."""
        made = cls(self.data, initial=initial, prefix=f"{PREFIX}-{name}", **kwargs)
        self.parts[name] = made
        return made

    @property
    def management_forms(self) -> list[forms.Form]:
        """The hidden counts of every formset (rendered once, at the top of the form tab)."""
        return [p.management_form for p in self.parts.values() if isinstance(p, BaseFormSet)]

    def value(self, html_name: str) -> Any:
        """What was typed in a field (its initial value when the editor is not bound)."""
        if self.data is not None:
            return self.data.get(html_name)
        for form in self._forms():
            for bound in form:
                if bound.html_name == html_name:
                    return bound.value()
        return None

    def _forms(self) -> Iterator[forms.BaseForm]:
        for part in self.parts.values():
            if isinstance(part, BaseFormSet):
                yield from part.forms
            else:
                yield part

    def is_valid(self) -> bool:
        """Whether every part is valid (all are checked, so all show their errors)."""
        results = [part.is_valid() for part in self.parts.values()]
        return all(results)

    def errors(self) -> list[str]:
        """Every error as ``label: message``, the field named as on the page."""
        out: list[str] = []
        for part in self.parts.values():
            part.is_valid()
            if isinstance(part, BaseFormSet):
                out += [str(e) for e in part.non_form_errors()]
                for form in part.forms:
                    out += _form_errors(form, getattr(form, "row_label", ""))
            else:
                out += _form_errors(part, getattr(part, "row_label", ""))
        return out

    def to_mapping(self) -> dict[str, Any]:
        """The document the form says (call after :meth:`is_valid`)."""
        out = copy.deepcopy(self.base)
        self.apply(out)
        return out

    def text(self) -> str:
        """The YAML of :meth:`to_mapping`."""
        return dump_yaml(self.to_mapping())

    def normalised(self) -> dict[str, str]:
        """New values of the weight fields, each group rescaled to its total."""
        out: dict[str, str] = {}
        for group in self.weight_groups():
            values = [max(parse_float(self.value(n)) or 0.0, 0.0) for n in group.names]
            out.update(zip(group.names, rescale(values, group.total), strict=True))
        return out

    def grow(self, data: MutableMapping[str, Any], target: str) -> None:
        """Add an empty row to the formset ``target`` (the "add a row" buttons)."""
        part = self.parts.get(target)
        if isinstance(part, BaseFormSet):
            key = f"{part.prefix}-TOTAL_FORMS"
            count = parse_float(data.get(key)) or 0
            data[key] = str(min(int(count) + 1, part.absolute_max))


def rescale(values: list[float], total: float, digits: int = 4) -> list[str]:
    """``values`` scaled to sum to ``total``, rounded; the largest takes the rounding rest."""
    s = sum(values)
    if s <= 0:
        return [f"{v:g}" for v in values]
    scaled = [round(v * total / s, digits) for v in values]
    biggest = max(range(len(scaled)), key=lambda i: scaled[i])
    scaled[biggest] = round(scaled[biggest] + total - sum(scaled), digits)
    return [f"{v:g}" for v in scaled]


def _form_errors(form: forms.BaseForm, row: str) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        if name == "__all__":
            label = row
        else:
            label = str(form.fields[name].label or name)
            label = f"{row} · {label}" if row else label
        out += [f"{label}: {e}" if label else str(e) for e in errors]
    return out


class RowForm(forms.Form):
    """A row of a table (a formset's form) that knows how to name itself in an error."""

    row_label: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.prefix and "-" in self.prefix:
            index = self.prefix.rsplit("-", 1)[1]
            if index.isdigit():
                self.row_label = _("row %(n)s") % {"n": int(index) + 1}


def kept_rows(formset: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(index, cleaned_data)`` of the rows kept: not marked for deletion, not left blank.

    The index is the row's place in the formset, which is its place in the document's list
    for the rows the document already had.
    """
    for index, form in enumerate(formset.forms):
        data = getattr(form, "cleaned_data", None)
        if data and not data.get("DELETE"):
            yield index, data


def edited_list(base: Any, formset: Any, write: Any) -> list[Any]:
    """The document's list as the rows say: kept rows updated by ``write(item, cleaned)``."""
    items = as_list(base)
    out = []
    for index, cleaned in kept_rows(formset):
        item = copy.deepcopy(items[index]) if index < len(items) else {}
        if not isinstance(item, dict):
            item = {}
        write(item, cleaned)
        out.append(item)
    return out
