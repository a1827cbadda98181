"""A short, readable account of what a document says, for its page and for live checking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from microparks.apps.rules.editors import labels
from microparks.apps.rules.editors.evaluation import indicator_label
from microparks.apps.rules.models import Kind
from microparks.apps.rules.summary_parkeval import rubric_lines, stars_lines


@dataclass(frozen=True)
class Line:
    """One line of the account: a label, a value and, for weights, its share in percent."""

    label: str
    value: str
    percent: float | None = None


def _weights(weights: dict[str, float], labels: dict[str, str] | None = None) -> list[Line]:
    total = sum(weights.values()) or 1.0
    return [
        Line((labels or {}).get(k, k), f"{w:g}", round(100 * w / total, 1))
        for k, w in weights.items()
        if w
    ]


def summarise(kind: str, value: Any) -> list[Line]:
    """The lines that tell an official what ``value`` (a parsed document) decides."""
    if kind in (Kind.TARGETING, Kind.MATCHING):
        names = labels.TARGETING if kind == Kind.TARGETING else labels.MATCHING
        lines = _weights(dict(value.weights), {k: str(v) for k, v in names.items()})
        if kind == Kind.TARGETING:
            listed = " ".join(value.non_tradable) or _("none")
            lines.append(Line(_("Non-tradable industries (not targets)"), listed))
        if kind == Kind.MATCHING:
            lines += [
                Line(_("Distance that costs half a unit (m)"), f"{value.distance_scale_m:g}"),
                Line(_("Commuting radius (m)"), f"{value.commute_radius_m:g}"),
            ]
        return lines
    if kind == Kind.SUITABILITY:
        lines = [
            Line(_(c.label), f"{w:.3f}", round(100 * float(w), 1))
            for c, w in zip(value.criteria, value.weights, strict=True)
        ]
        if value.ahp is not None:
            lines.append(Line(_("Consistency ratio (AHP)"), f"{value.ahp.consistency_ratio:.3f}"))
        lines += [Line(_("Veto"), _(v.label)) for v in value.vetoes]
        return lines
    if kind == Kind.EVALUATION:
        return [
            Line(
                str(labels.GROUPS.get(group.name, group.name))
                + pgettext("label", ": ")
                + indicator_label(item.indicator),
                f"{item.weight:g}",
                round(100 * item.weight / (sum(i.weight for i in group.items) or 1), 1),
            )
            for group in value.groups
            for item in group.items
        ]
    if kind == Kind.DEADLINES:
        lines = [Line(_("Default"), _budget(value.default))]
        if value.office_hours.spans != ((0, 24 * 60),):
            spans = (
                f"{a // 60:02d}:{a % 60:02d}–{b // 60:02d}:{b % 60:02d}"
                for a, b in value.office_hours.spans
            )
            lines.append(Line(_("Office hours"), ", ".join(spans)))
        return lines + [
            Line(
                f"{labels.CATEGORIES.get(r.category, labels.ANY)} / "
                f"{labels.PRIORITIES.get(r.priority, labels.ANY)}",
                _budget(r.budget),
            )
            for r in value.rules
        ]
    if kind == Kind.CALENDAR:
        lines = [Line(str(n.year), n.title) for n in value.notices]
        if value.days_off:
            lines.append(Line(_("Local days off"), str(len(value.days_off))))
        if value.working_days:
            lines.append(Line(_("Local working days"), str(len(value.working_days))))
        return lines
    if kind == Kind.WORKSHOP:
        return _workshop(value)
    if kind in (Kind.PARK_RUBRIC, Kind.PARK_STARS):
        made = rubric_lines(value) if kind == Kind.PARK_RUBRIC else stars_lines(value)
        return [Line(label, shown) for label, shown in made]
    if kind == Kind.ADMISSION:
        return [
            Line(_("Negative list"), str(len(value.negative_list))),
            Line(_("Two-high sectors"), str(len(value.two_high))),
            Line(_("Caps"), str(len(value.caps))),
            Line(_("Prohibitions"), str(len(value.prohibitions))),
            Line(_("Energy-review tiers"), str(len(value.energy.tiers) if value.energy else 0)),
        ]
    return []


def _workshop(policy: Any) -> list[Line]:
    """The criteria, the counting rule and the subsidy of a workshop policy."""
    lines = [
        Line(_("Minimum monthly wage (CNY)"), f"{policy.minimum_wage_cny:,}"),
        Line(_("Months operating at least"), str(policy.min_months_operating)),
        Line(_("Workers at least"), str(policy.min_workers)),
        Line(_("Poverty-alleviated workers at least"), str(policy.min_poverty_workers)),
    ]
    if policy.min_poverty_share is not None:
        rule = _("either") if policy.poverty_rule == "either" else _("both")
        share = f"{policy.min_poverty_share:.0%} ({rule})"
        lines.append(Line(_("Share of poverty-alleviated workers at least"), share))
    lines.append(
        Line(_("Workers count when employed at least (months)"), str(policy.months_employed))
    )
    per_worker = _("From worker %(n)s, per worker a year (CNY)")
    lines += [
        Line(per_worker % {"n": t.first_worker}, f"{t.per_worker_cny:,}") for t in policy.tiers
    ]
    if policy.cap_cny is not None:
        lines.append(Line(_("Cap per workshop a year (CNY)"), f"{policy.cap_cny:,}"))
    lines.append(Line(_("One-off award on designation (CNY)"), f"{policy.award_cny:,}"))
    return lines


def _budget(budget: Any) -> str:
    if budget.unit == "hours":
        text = _("acknowledge %(ack)s · respond %(respond)s · close %(close)s working hours")
    else:
        text = _("acknowledge %(ack)s · respond %(respond)s · close %(close)s working days")
    return text % {
        "ack": f"{budget.ack:g}",
        "respond": f"{budget.respond:g}",
        "close": f"{budget.close:g}",
    }
