"""Service-desk analytics: compliance, closure, time to close and satisfaction; at-risk tenants.

Deadline compliance is the share of tickets whose close deadline is settled that were closed on
time: closed by ``due_at`` over all closed tickets plus the open ones already past it (not those
answered and waiting for the enterprise's rating). Time to
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
from django.db.models import Q, QuerySet

from microparks.apps.common import clock
from microparks.apps.enterprises.models import AnnualRecord, Enterprise
from microparks.apps.rules.models import RulesDocument
from microparks.apps.servicedesk.models import Ticket, TicketCalendar, TicketEvent
from microparks.apps.servicedesk.policies import (
    calendar_of_documents,
    pauses_in,
    pauses_of,
    working_calendar,
)
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


def days_to_close(ticket: Ticket, calendar: WorkingCalendar) -> float | None:
    """Working days from reception to closure, less the waits for the enterprise."""
    if ticket.closed_at is None:
        return None
    pauses = pauses_of(ticket, ticket.received_at)
    return working_days_between(calendar, ticket.received_at, ticket.closed_at, pauses)


_STATS_FIELDS = (
    "pk",
    "category",
    "department_id",
    "department__name",
    "park_id",
    "park__name",
    "received_at",
    "closed_at",
    "due_at",
    "satisfaction",
    "deadline_rules_id",
    "status",
)


def _group_keys(by: str) -> Any:
    """``row -> (key, label)`` for a grouping, over a row of ``_STATS_FIELDS``."""
    categories = dict(Ticket.Category.choices)
    if by == "category":
        return lambda r: (r[1], str(categories.get(r[1], r[1])))
    if by == "department":
        return lambda r: (str(r[2]), r[3]) if r[2] else ("", "—")
    if by == "park":
        return lambda r: (str(r[4]), r[5])
    return lambda r: (month := r[6].astimezone(CHINA_TZ).strftime("%Y-%m"), month)


def _close_times(tickets: QuerySet[Ticket], closed: list[tuple[Any, ...]]) -> dict[int, float]:
    """Working days to close of each closed ticket in ``closed`` (rows of ``_STATS_FIELDS``).

    Each on the calendar its deadlines were counted on (the platform's in effect if it recorded
    none), less its waits for the enterprise. Read as plain rows (the timeline's pauses and
    resumes, the calendar layers' document ids), not as model instances: a province's desk has
    tens of thousands of tickets.
    """
    done = tickets.filter(closed_at__isnull=False)
    waits: dict[int, list[tuple[dt.datetime, int, dict[str, Any]]]] = defaultdict(list)
    timeline = TicketEvent.objects.filter(ticket__in=done).filter(
        Q(detail__has_key="pause") | Q(detail__has_key="resume")
    )
    for ticket_id, at, pk, detail in timeline.values_list("ticket_id", "at", "pk", "detail"):
        waits[ticket_id].append((at, pk, detail))
    layered: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = TicketCalendar.objects.filter(ticket__in=done)
    for ticket_id, position, doc in rows.values_list("ticket_id", "position", "document_id"):
        layered[ticket_id].append((position, doc))
    stacks = {pk: tuple(doc for _p, doc in sorted(layers)) for pk, layers in layered.items()}
    documents = RulesDocument.objects.in_bulk({d for stack in stacks.values() for d in stack})
    platform = working_calendar()
    calendars: dict[tuple[int, ...], WorkingCalendar] = {}

    def calendar(row: tuple[Any, ...]) -> WorkingCalendar:
        if row[10] is None:  # recorded no deadline documents: the platform's in effect
            return platform
        stack = stacks.get(row[0], ())
        if stack not in calendars:
            calendars[stack] = calendar_of_documents([documents[d] for d in stack])
        return calendars[stack]

    return {
        row[0]: working_days_between(
            calendar(row), row[6], row[7], pauses_in(waits.get(row[0], ()), row[6])
        )
        for row in closed
    }


def ticket_stats(
    tickets: QuerySet[Ticket], by: str = "category", now: dt.datetime | None = None
) -> list[GroupStats]:
    """Figures per group (``category``, ``department``, ``park`` or ``month``), in key order."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; use one of {GROUPINGS}")
    now = now or clock.now()
    key_of = _group_keys(by)
    groups: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    rows = list(tickets.order_by().values_list(*_STATS_FIELDS))
    for row in rows:
        groups[key_of(row)].append(row)
    days = _close_times(tickets, [r for r in rows if r[7] is not None])
    out = []
    for (key, label), members in sorted(groups.items()):
        # row: pk, ..., received_at 6, closed_at 7, due_at 8, satisfaction 9
        closed = [r for r in members if r[7] is not None]
        on_time = [r for r in closed if r[8] is None or r[7] <= r[8]]
        # Open past the close deadline, unless answered and waiting for the rating (not late).
        late_open = [
            r
            for r in members
            if r[7] is None and r[8] and r[8] < now and r[11] != Ticket.Status.RESPONDED
        ]
        durations = [days[r[0]] for r in closed]
        scores = [r[9] for r in members if r[9] is not None]
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
    now = now or clock.now()
    # Plain rows, and the firms read once at the end for those flagged: a province's desk has
    # tens of thousands of tickets and records.
    reasons: dict[int, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    fields = ("enterprise_id", "category", "received_at", "closed_at", "due_at", "satisfaction")
    rows = list(tickets.order_by().values_list(*fields, "title"))
    repeat = rules["repeated_complaints"]
    since = now - dt.timedelta(days=repeat["within_days"])
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for firm, category, received, *_rest in rows:
        if received >= since:
            counts[(firm, category)] += 1
    for (firm, category), n in counts.items():
        if n >= repeat["same_category"]:
            reasons[firm].append(("repeated", {"n": n, "category": category}))
    for firm, category, _received, closed, due, _score, title in rows:
        if category in rules["unresolved_categories"] and closed is None and due and due < now:
            reasons[firm].append(("unresolved", {"category": category, "title": title}))
    low = rules["low_satisfaction"]
    scores: dict[int, list[int]] = defaultdict(list)
    for firm, *_rest, score, _title in rows:
        if score is not None:
            scores[firm].append(score)
    for firm, values in scores.items():
        if len(values) >= low["ratings"] and mean(values) <= low["at_most"]:
            reasons[firm].append(
                ("unsatisfied", {"score": round(mean(values), 1), "n": len(values)})
            )
    _falling(records, rules["falling_figures"], reasons)
    firms = Enterprise.objects.in_bulk(list(reasons))
    flagged = [AtRisk(firms[pk], why) for pk, why in reasons.items()]
    return sorted(flagged, key=lambda r: (-len(r.reasons), r.enterprise.name))


def _falling(
    records: QuerySet[AnnualRecord],
    rule: dict[str, Any],
    reasons: dict[int, list[tuple[str, dict[str, Any]]]],
) -> None:
    indicators = rule["indicators"]
    by_firm: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    rows = records.order_by("enterprise", "year").values_list("enterprise_id", "year", *indicators)
    for firm, *history in rows:
        by_firm[firm].append(history)
    for firm, history in by_firm.items():
        if len(history) < 2:
            continue
        (_, *before), (year, *last) = history[-2], history[-1]
        for indicator, old_value, new_value in zip(indicators, before, last, strict=True):
            old, new = float(old_value), float(new_value)
            if old > 0 and (old - new) / old >= rule["drop_at_least"]:
                drop = round(100 * (old - new) / old)
                reasons[firm].append(
                    ("falling", {"indicator": indicator, "year": year, "drop": drop})
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
