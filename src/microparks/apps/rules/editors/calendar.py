"""Working calendars: the county's own days off and working days, and each year's official notice.

A county's calendar gives rows of date and reason. The platform's calendar (the system
administrator's) also gives, per year, the State Council's notice: its title, number and date,
the holiday ranges and the weekend days declared working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.rules.editors.base import (
    Date,
    Editor,
    Feedback,
    RowForm,
    Total,
    as_list,
    as_map,
    branch,
    child,
    edited_list,
    graft,
    parse_float,
    put,
)


class DayForm(RowForm):
    """A date and why it is off or worked."""

    date = Date(label=gettext_lazy("Date"))
    name = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=100)


class HolidayForm(RowForm):
    """A holiday range of an official notice (weekends included)."""

    name = forms.CharField(label=gettext_lazy("Holiday"), max_length=100)
    start = Date(label=gettext_lazy("First day off"))
    end = Date(label=gettext_lazy("Last day off"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The last day off is before the first."))
        return data


class NoticeForm(forms.Form):
    """The official notice of a year."""

    title = forms.CharField(label=gettext_lazy("Notice"), max_length=200)
    number = forms.CharField(label=gettext_lazy("Document number"), max_length=100, required=False)
    issued = Date(label=gettext_lazy("Issued on"))
    remove = forms.BooleanField(label=gettext_lazy("Remove this year"), required=False)


def _day(value: Any) -> Any:
    """A date the form can show (a YAML date, or text it will check), else blank."""
    return value if isinstance(value, dt.date | str) else None


def _days_initial(raw: Any) -> list[dict[str, Any]]:
    return [
        {"date": _day(as_map(d).get("date")), "name": as_map(d).get("name") or ""}
        for d in as_list(raw)
    ]


def _write_day(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
    put(item, "date", cleaned.get("date"))
    put(item, "name", cleaned.get("name"))


def _write_holiday(item: dict[str, Any], cleaned: dict[str, Any]) -> None:
    for key in ("name", "start", "end"):
        put(item, key, cleaned.get(key))


def _set_list(target: dict[str, Any], key: str, value: list[Any]) -> None:
    if value or key in target:
        target[key] = value


class CalendarEditor(Editor):
    """Rows of days off and working days; per year, the notice, its holidays and make-up days."""

    kind = "calendar"
    template = "rules/editors/calendar.html"

    def build(self) -> None:
        days = forms.formset_factory(DayForm, extra=0, can_delete=True)
        self.formset(days, "off", _days_initial(self.base.get("days_off")))
        self.formset(days, "work", _days_initial(self.base.get("working_days")))
        base_years = as_map(self.base.get("years"))
        self.base_years = base_years
        years = [str(y) for y in base_years]
        if self.data is not None:
            posted = str(self.data.get(f"{self.prefix_years}", ""))
            years = [y for y in posted.split(",") if y.strip().isdigit()] or years
        self.years = []
        holidays = forms.formset_factory(HolidayForm, extra=0, can_delete=True)
        for year in years:
            notice = as_map(self._base_year(year))
            source = as_map(notice.get("source"))
            form = self.form(
                NoticeForm,
                f"y{year}",
                {
                    "title": source.get("title"),
                    "number": source.get("number"),
                    "issued": _day(source.get("issued")),
                },
            )
            form.row_label = str(year)  # type: ignore[attr-defined]
            hol = self.formset(
                holidays,
                f"y{year}-hol",
                [
                    {
                        "name": as_map(h).get("name"),
                        "start": _day(as_map(h).get("start")),
                        "end": _day(as_map(h).get("end")),
                    }
                    for h in as_list(notice.get("holidays"))
                ],
            )
            work = self.formset(days, f"y{year}-wd", _days_initial(notice.get("working_days")))
            for part in (hol, work):
                for row in part.forms:
                    row.row_label = f"{year} · {row.row_label}"
            parts = (form, hol, work)
            shown = not notice or (self.data is not None and not all(p.is_valid() for p in parts))
            self.years.append(
                {"year": year, "notice": form, "holidays": hol, "working": work, "open": shown}
            )

    prefix_years = "ed-years"

    def _base_year(self, year: str) -> Any:
        for key, value in self.base_years.items():
            if str(key) == year:
                return value
        return {}

    @property
    def year_list(self) -> str:
        """The years shown, as the hidden field keeps them between requests."""
        return ",".join(y["year"] for y in self.years)

    def grow(self, data: MutableMapping[str, Any], target: str) -> None:
        """Add a row, or (target ``years``) the year typed in "add a year"."""
        if target != "years":
            super().grow(data, target)
            return
        new = parse_float(data.get("ed-newyear"))
        listed = [y for y in str(data.get(self.prefix_years, "")).split(",") if y]
        if new is not None and new.is_integer() and 1949 <= new <= 2100:
            year = str(int(new))
            if year not in listed:
                data[self.prefix_years] = ",".join(sorted([*listed, year]))
                for part in ("hol", "wd"):
                    data[f"ed-y{year}-{part}-TOTAL_FORMS"] = "1"
                    data[f"ed-y{year}-{part}-INITIAL_FORMS"] = "0"

    # --- to the document ----------------------------------------------------------------------

    def apply(self, out: dict[str, Any]) -> None:
        for name, part in (("days_off", "off"), ("working_days", "work")):
            _set_list(out, name, edited_list(out.get(name), self.parts[part], _write_day))
        if not self.years and "years" not in out:
            return
        old = as_map(out.get("years"))
        years: dict[Any, Any] = {}
        for entry in self.years:
            cleaned = entry["notice"].cleaned_data
            if cleaned.get("remove"):
                continue
            key: Any = next((k for k in old if str(k) == entry["year"]), int(entry["year"]))
            notice = child(old.get(key))
            source = branch(notice, "source")
            for name in ("title", "number", "issued"):
                put(source, name, cleaned.get(name))
            graft(notice, "source", source)
            _set_list(
                notice,
                "holidays",
                edited_list(notice.get("holidays"), entry["holidays"], _write_holiday),
            )
            _set_list(
                notice,
                "working_days",
                edited_list(notice.get("working_days"), entry["working"], _write_day),
            )
            years[key] = notice
        out["years"] = years

    def feedback(self) -> Feedback:
        out = super().feedback()
        for part, label in (("off", _("Local days off")), ("work", _("Local working days"))):
            out.totals.append(Total(label, str(_count_rows(self, self.parts[part]))))
        return out


def _count_rows(editor: Editor, formset: Any) -> int:
    count = 0
    for form in formset.forms:
        if editor.value(form["date"].html_name) and not editor.value(form["DELETE"].html_name):
            count += 1
    return count
