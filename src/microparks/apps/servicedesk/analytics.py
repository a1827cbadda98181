"""Service-desk analytics: compliance, closure, time to close and satisfaction; at-risk tenants.

Deadline compliance is the share of tickets whose close deadline is settled that were closed on
time: closed by ``due_at`` over all closed tickets plus the open ones already past it. Time to
close is counted in working days on the desk's calendar, less the time spent waiting for the
enterprise (the SLA clock, not the wall clock).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from statistics import mean
from typing import Any

import yaml
from django.db.models import QuerySet

from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.servicedesk.policies import calendar_of, pauses_of, working_calendar
from microparks.core.calendar import CHINA_TZ, WorkingCalendar, working_days_between

GROUPINGS = ("category", "department", "park", "month")


@dataclass(frozen=True)
class GroupStats:
    """The desk's figures for one category, department, park or month."""

    key: str
    label: str
    tickets: int
    closed: int
    on_time: int
    settled: int
    days_to_close: float | None
    satisfaction: float | None
    rated: int

    @property
    def closure_rate(self) -> float | None:
        return self.closed / self.tickets if self.tickets else None

    @property
    def compliance(self) -> float | None:
        return self.on_time / self.settled if self.settled else None


def _group_key(ticket: Ticket, by: str) -> tuple[str, str]:
    if by == "category":
        return ticket.category, ticket.get_category_display()
    if by == "department":
        dep = ticket.department
        return (str(dep.pk), dep.name) if dep else ("", "—")
    if by == "park":
        return str(ticket.park_id), ticket.park.name
    month = ticket.received_at.astimezone(CHINA_TZ).strftime("%Y-%m")
    return month, month


def days_to_close(ticket: Ticket, calendar: WorkingCalendar) -> float | None:
    """Working days from reception to closure, less the waits for the enterprise."""
    if ticket.closed_at is None:
        return None
    pauses = pauses_of(ticket, ticket.received_at)
    return working_days_between(calendar, ticket.received_at, ticket.closed_at, pauses)


def ticket_stats(
    tickets: QuerySet[Ticket], by: str = "category", now: dt.datetime | None = None
) -> list[GroupStats]:
    """Figures per group (``category``, ``department``, ``park`` or ``month``), in key order."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; use one of {GROUPINGS}")
    now = now or dt.datetime.now(dt.UTC)
    # Each ticket is measured on the calendar its deadlines were counted on; tickets that
    # recorded none on the platform's calendar in effect.
    platform = working_calendar()
    groups: dict[tuple[str, str], list[Ticket]] = defaultdict(list)
    rows = tickets.select_related("park", "department").prefetch_related(
        "events", "calendar_layers__document"
    )
    for ticket in rows:
        groups[_group_key(ticket, by)].append(ticket)
    out = []
    for (key, label), members in sorted(groups.items()):
        closed = [t for t in members if t.closed_at is not None]
        on_time = [t for t in closed if t.due_at is None or t.closed_at <= t.due_at]  # type: ignore[operator]
        late_open = [t for t in members if t.closed_at is None and t.due_at and t.due_at < now]
        durations = [
            d for t in closed if (d := days_to_close(t, calendar_of(t) or platform)) is not None
        ]
        scores = [t.satisfaction for t in members if t.satisfaction is not None]
        out.append(
            GroupStats(
                key=key,
                label=label,
                tickets=len(members),
                closed=len(closed),
                on_time=len(on_time),
                settled=len(closed) + len(late_open),
                days_to_close=mean(durations) if durations else None,
                satisfaction=mean(scores) if scores else None,
                rated=len(scores),
            )
        )
    return out


@lru_cache(maxsize=1)
def risk_rules() -> dict[str, Any]:
    """The shipped at-risk thresholds (``data/risk.yaml``)."""
    path = resources.files("microparks.apps.servicedesk") / "data" / "risk.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@dataclass
class AtRisk:
    """A tenant with the reasons it is flagged (each a translatable template and its values)."""

    enterprise: Enterprise
    reasons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def at_risk_tenants(
    tickets: QuerySet[Ticket],
    records: QuerySet[AnnualRecord],
    now: dt.datetime | None = None,
) -> list[AtRisk]:
    """Tenants flagged by the desk's signals, with the reasons.

    Signals (thresholds in ``data/risk.yaml``): repeated tickets on the same issue; an
    electricity or labour problem unresolved past its close deadline; output or tax falling
    year on year in the annual records; low satisfaction ratings.
    """
    rules = risk_rules()
    now = now or dt.datetime.now(dt.UTC)
    flagged: dict[int, AtRisk] = {}

    def flag(firm: Enterprise, reason: str, **values: Any) -> None:
        flagged.setdefault(firm.pk, AtRisk(firm)).reasons.append((reason, values))

    rows = list(tickets.select_related("enterprise"))
    repeat = rules["repeated_complaints"]
    since = now - dt.timedelta(days=repeat["within_days"])
    counts: dict[tuple[int, str], list[Ticket]] = defaultdict(list)
    for t in rows:
        if t.received_at >= since:
            counts[(t.enterprise_id, t.category)].append(t)
    for (_, category), group in counts.items():
        if len(group) >= repeat["same_category"]:
            flag(group[0].enterprise, "repeated", n=len(group), category=category)
    for t in rows:
        if (
            t.category in rules["unresolved_categories"]
            and t.closed_at is None
            and t.due_at is not None
            and t.due_at < now
        ):
            flag(t.enterprise, "unresolved", category=t.category, title=t.title)
    low = rules["low_satisfaction"]
    scores: dict[int, list[int]] = defaultdict(list)
    firms = {t.enterprise_id: t.enterprise for t in rows}
    for t in rows:
        if t.satisfaction is not None:
            scores[t.enterprise_id].append(t.satisfaction)
    for firm_id, values in scores.items():
        if len(values) >= low["ratings"] and mean(values) <= low["at_most"]:
            flag(firms[firm_id], "unsatisfied", score=round(mean(values), 1), n=len(values))
    _falling(records, rules["falling_figures"], flag)
    return sorted(flagged.values(), key=lambda r: (-len(r.reasons), r.enterprise.name))


def _falling(records: QuerySet[AnnualRecord], rule: dict[str, Any], flag: Any) -> None:
    by_firm: dict[int, list[AnnualRecord]] = defaultdict(list)
    for record in records.select_related("enterprise").order_by("enterprise", "year"):
        by_firm[record.enterprise_id].append(record)
    for history in by_firm.values():
        if len(history) < 2:
            continue
        before, last = history[-2], history[-1]
        for indicator in rule["indicators"]:
            old, new = float(getattr(before, indicator)), float(getattr(last, indicator))
            if old > 0 and (old - new) / old >= rule["drop_at_least"]:
                flag(
                    last.enterprise,
                    "falling",
                    indicator=indicator,
                    year=last.year,
                    drop=round(100 * (old - new) / old),
                )


def chart_data(stats: Iterable[GroupStats]) -> dict[str, list[Any]]:
    """Series for the charts: percentages and means per group (``None`` where undefined)."""
    rows = list(stats)

    def pct(x: float | None) -> float | None:
        return None if x is None else round(100 * x, 1)

    return {
        "labels": [s.label for s in rows],
        "compliance": [pct(s.compliance) for s in rows],
        "closure": [pct(s.closure_rate) for s in rows],
        "days": [None if s.days_to_close is None else round(s.days_to_close, 2) for s in rows],
        "satisfaction": [
            None if s.satisfaction is None else round(s.satisfaction, 2) for s in rows
        ],
    }


def describe(reason: str, values: dict[str, Any]) -> str:
    """A reason in the user's language."""
    from django.utils.translation import gettext as _

    category = dict(Ticket.Category.choices).get(values.get("category", ""), "")
    indicator = {"output_cny": _("Output"), "tax_cny": _("Tax")}.get(values.get("indicator", ""))
    if reason == "repeated":
        return _("%(n)d tickets on %(category)s within a year") % {
            "n": values["n"],
            "category": category,
        }
    if reason == "unresolved":
        return _("Unresolved %(category)s problem past its deadline: %(title)s") % {
            "category": category,
            "title": values["title"],
        }
    if reason == "unsatisfied":
        return _("Low satisfaction: %(score)s on average over %(n)d ratings") % values
    return _("%(indicator)s fell by %(drop)d%% in %(year)d") % {**values, "indicator": indicator}
