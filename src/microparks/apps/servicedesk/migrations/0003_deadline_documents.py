"""Deadlines and working calendars become rules documents; tickets record the versions they use.

``DeadlinePolicy`` rows become ``deadlines`` documents and ``CalendarOverride`` rows a new
version of the platform's ``calendar`` document, so that every ticket counts the same deadlines
as before:

* The rows of a county become that county's document, the rows of a township that township's.
  A region's document replaces the platform's for its tickets, whereas a county's rows used to
  fall back on deployment-wide rows and then on the shipped defaults; so the document spells
  out, for every category and priority, the budget the old rules gave (a township's also
  includes its county's rows, as before), and is checked against them for every pair.
* Rows without a region become a new version of the platform's document (on top of the one in
  effect, as before on top of the shipped file).
* Rows of a prefecture or province never applied (the old rules looked at the ticket's county
  and township only); they are kept as a draft document of that region.
* ``CalendarOverride`` rows (deployment-wide local days off and working days) become the
  ``days_off`` and ``working_days`` of a new version of the platform's calendar document.

Empty tables change nothing. Reversing keeps the documents (and recreates empty tables).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

# Ticket categories and priorities as they are at this migration.
CATEGORIES = (
    "land",
    "water",
    "electricity",
    "labour",
    "policy",
    "permits",
    "safety",
    "finance",
    "other",
)
PRIORITIES = ("low", "normal", "urgent")
ACTIVE, DRAFT, RETIRED = "active", "draft", "retired"
POLICIES = "the deadline policies set in the admin before deadlines became rules documents"

Key = tuple[str, str]


def _number(x: float) -> str:
    text = repr(float(x))
    if "e" in text:  # YAML reads 1e-05 as text
        text = f"{x:.17f}".rstrip("0")
    return text[:-2] if text.endswith(".0") else text


def _flow(**items: Any) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in items.items()) + "}"


def _budget_text(budget: Any) -> dict[str, str]:
    return {k: _number(getattr(budget, k)) for k in ("ack", "respond", "close")}


def _specificity(category: str, priority: str) -> int:
    return 2 * bool(category) + bool(priority)


def _best(rows: list[Any], category: str, priority: str) -> Any:
    """The old rule: the most specific matching row, the first of equals."""
    return max(
        (r for r in rows if r.category in ("", category) and r.priority in ("", priority)),
        key=lambda r: _specificity(r.category, r.priority),
        default=None,
    )


def _row_budget(row: Any) -> Any:
    from microparks.core.servicedesk import Budget

    return Budget(row.ack_days, row.respond_days, row.close_days)


def old_budgets(local: list[Any], platform: list[Any], base: Any) -> dict[Key, Any]:
    """What the old rules gave every (category, priority).

    The most specific local row, else deployment-wide row, else ``base`` (the platform's rules).
    """
    out = {}
    for c in CATEGORIES:
        for p in PRIORITIES:
            row = _best(local, c, p) or _best(platform, c, p)
            out[c, p] = _row_budget(row) if row is not None else base.budget_for(c, p)
    return out


def compact_rules(wanted: dict[Key, Any], default: Any) -> Any:
    """Deadline rules that give ``wanted`` for every (category, priority), checked pair by pair.

    Category rules where a category is uniform, priority rules where a priority is (over the
    other categories), rules for single pairs for the rest.
    """
    from microparks.core.servicedesk import DeadlineRule, DeadlineRules

    rules = []
    for c in CATEGORIES:
        values = {wanted[c, p] for p in PRIORITIES}
        if len(values) == 1 and (only := values.pop()) != default:
            rules.append(DeadlineRule(c, "", only))
    covered = {r.category for r in rules}
    rest = [c for c in CATEGORIES if c not in covered]
    for p in PRIORITIES:
        values = {wanted[c, p] for c in rest}
        if len(values) == 1 and (only := values.pop()) != default:
            rules.append(DeadlineRule("", p, only))
    for c in CATEGORIES:
        for p in PRIORITIES:
            if DeadlineRules(default, tuple(rules)).budget_for(c, p) != wanted[c, p]:
                rules.append(DeadlineRule(c, p, wanted[c, p]))
    result = DeadlineRules(default, tuple(rules))
    if any(result.budget_for(c, p) != wanted[c, p] for c in CATEGORIES for p in PRIORITIES):
        raise AssertionError(
            "converted deadline rules differ from the policies"
        )  # pragma: no cover
    return result


def deadlines_text(rules: Any, header: Iterable[str]) -> str:
    lines = [f"# {h}" for h in header]
    lines.append(f"default: {_flow(**_budget_text(rules.default))}")
    if rules.rules:
        lines.append("rules:")
    for r in rules.rules:
        place = {k: v for k, v in (("category", r.category), ("priority", r.priority)) if v}
        lines.append(f"  - {_flow(**place, **_budget_text(r.budget))}")
    return "\n".join(lines) + "\n"


def _checked(kind: str, text: str, where: str) -> str:
    from microparks.io.rules import DocumentError, content_sha256, load_yaml, parse_document

    context = {"categories": CATEGORIES, "priorities": PRIORITIES} if kind == "deadlines" else {}
    data = load_yaml(text)
    try:
        parse_document(kind, data, **context)
    except DocumentError as exc:
        problems = "; ".join(str(p) for p in exc.problems)
        raise RuntimeError(f"The {where} do not make a valid {kind} document: {problems}") from None
    return content_sha256(data)


class _Docs:
    """Writing documents through the historical model (no ``save`` logic there)."""

    def __init__(self, model: Any, using: str) -> None:
        self.rows = model._default_manager.using(using)
        self.now = timezone.now()

    def active(self, kind: str, scope_key: str) -> Any:
        return self.rows.filter(kind=kind, scope_key=scope_key, status=ACTIVE).first()

    def add(self, kind: str, name: str, region: Any, status: str, **fields: Any) -> Any:
        scope_key = f"r{region.pk}" if region is not None else "*"
        lineage = self.rows.filter(kind=kind, name=name, scope_key=scope_key)
        latest = lineage.order_by("-version").first()
        if status == ACTIVE:  # one active document of a kind per place, as ``activate`` keeps it
            for other in self.rows.filter(kind=kind, scope_key=scope_key, status=ACTIVE):
                other.status, other.status_changed_at = RETIRED, self.now
                other.save(update_fields=["status", "status_changed_at"])
        return self.rows.create(
            kind=kind,
            name=name,
            version=(latest.version if latest else 0) + 1,
            parent=latest,
            region=region,
            scope_key=scope_key,
            status=status,
            status_changed_at=self.now if status == ACTIVE else None,
            **fields,
        )


def _ids(rows: Iterable[Any]) -> str:
    return ", ".join(f"#{pk}" for pk in sorted(r.pk for r in rows))


def _county_of(region: Any) -> Any:
    while region.level == "township" and region.parent_id:
        region = region.parent
    return region


def _base_rules(docs: _Docs) -> tuple[Any, Any]:
    """The platform's deadlines document in effect (and its rules); the shipped ones if none."""
    from microparks.io.rules import load_shipped, load_yaml, parse_document

    doc = docs.active("deadlines", "*")
    if doc is None:
        shipped = load_shipped("deadlines", categories=CATEGORIES, priorities=PRIORITIES)
        return None, shipped
    rules = parse_document(
        "deadlines", load_yaml(doc.content), categories=CATEGORIES, priorities=PRIORITIES
    )
    return doc, rules


def fallback_budget(local: list[Any], platform: list[Any], base: Any) -> Any:
    """What a ticket matching no specific rule got: the first catch-all row, else the base's."""
    for rows in (local, platform):
        row = next((r for r in rows if not r.category and not r.priority), None)
        if row is not None:
            return _row_budget(row)
    return base.default


def convert_deadline_policies(model: Any, policies: Iterable[Any], using: str) -> list[Any]:
    """Turn deadline policy rows into documents; return the documents added."""
    docs = _Docs(model, using)
    rows = list(policies)
    if not rows:
        return []
    base_doc, base = _base_rules(docs)
    platform = [r for r in rows if r.region_id is None]
    added = []
    regions = {r.region_id: r.region for r in rows if r.region_id is not None}
    for region in sorted(regions.values(), key=lambda g: g.code):
        county = _county_of(region)
        local = [r for r in rows if r.region_id in (region.pk, county.pk)]
        rules = compact_rules(
            old_budgets(local, platform, base), fallback_budget(local, platform, base)
        )
        took_effect = region.level in ("county", "township")
        header = [
            f"Service-desk deadlines of {region.name}, converted from",
            f"{POLICIES} (rows {_ids(local)}).",
            "A region's document replaces the platform's for its tickets, so this one also",
            "spells out the platform's rules that the region's rows left to apply.",
        ]
        if not took_effect:
            header.append("These rows never applied (only counties and townships had rows).")
        text = deadlines_text(rules, header)
        sha = _checked("deadlines", text, f"deadline policies of {region.name}")
        added.append(
            docs.add(
                "deadlines",
                "default",
                region,
                ACTIVE if took_effect else DRAFT,
                title=f"{region.name}诉求办理时限",
                content=text,
                sha256=sha,
                source=f"Converted from {POLICIES}.",
                note="Converted from deadline policies" + ("" if took_effect else " (not applied)"),
            )
        )
    if platform:
        rules = compact_rules(old_budgets([], platform, base), fallback_budget([], platform, base))
        header = [
            "Service-desk deadlines for the whole platform, converted from",
            f"{POLICIES} (rows {_ids(platform)}),",
            "on top of the platform's document then in effect.",
        ]
        text = deadlines_text(rules, header)
        added.append(
            docs.add(
                "deadlines",
                base_doc.name if base_doc is not None else "default",
                None,
                ACTIVE,
                title=base_doc.title if base_doc is not None else "Default service-desk deadlines",
                content=text,
                sha256=_checked("deadlines", text, "deployment-wide deadline policies"),
                source=base_doc.source if base_doc is not None else "",
                note="Converted from deployment-wide deadline policies",
            )
        )
    return added


def _day_line(day: dt.date, name: str) -> str:
    item = {"date": day.isoformat()}
    if name:
        item["name"] = json.dumps(name, ensure_ascii=False)
    return f"  - {_flow(**item)}"


def calendar_text(base: str, off: dict[dt.date, str], working: dict[dt.date, str]) -> str:
    """``base`` with the local days added (merged, the new ones winning, if it has some)."""
    from microparks.io.rules import dump_yaml, load_yaml

    data = load_yaml(base) if base.strip() else {}
    if "days_off" in data or "working_days" in data:
        old_off = {e["date"]: e.get("name", "") for e in data.get("days_off") or []}
        old_on = {e["date"]: e.get("name", "") for e in data.get("working_days") or []}
        off = {d: n for d, n in old_off.items() if d not in working} | off
        working = {d: n for d, n in old_on.items() if d not in off} | working
        data.pop("days_off", None)
        data.pop("working_days", None)
        base = dump_yaml(data) if data else ""
    lines = [
        base.rstrip("\n"),
        "",
        "# Local days off and working days for the whole platform, converted from the calendar",
        "# overrides set in the admin before calendars became rules documents.",
    ]
    for key, days in (("days_off", off), ("working_days", working)):
        if days:
            lines.append(f"{key}:")
            lines += [_day_line(d, n) for d, n in sorted(days.items())]
    return "\n".join(lines).lstrip("\n") + "\n"


def convert_calendar_overrides(model: Any, overrides: Iterable[Any], using: str) -> Any:
    """Turn calendar override rows into a new version of the platform's calendar document."""
    rows = list(overrides)
    if not rows:
        return None
    docs = _Docs(model, using)
    base = docs.active("calendar", "*") or (
        docs.rows.filter(kind="calendar", name="default", scope_key="*")
        .order_by("-version")
        .first()
    )
    off = {r.date: r.name for r in rows if not r.is_working_day}
    working = {r.date: r.name for r in rows if r.is_working_day}
    text = calendar_text(base.content if base is not None else "", off, working)
    return docs.add(
        "calendar",
        base.name if base is not None else "default",
        None,
        ACTIVE,
        title=base.title if base is not None else "China's official working calendar",
        content=text,
        sha256=_checked("calendar", text, "calendar overrides"),
        source=base.source if base is not None else "",
        note="Local days off and working days converted from the calendar overrides",
    )


def forwards(apps: Any, schema_editor: Any) -> None:
    from microparks.apps.rules.shipped import ensure_shipped

    using = schema_editor.connection.alias
    model = apps.get_model("rules", "RulesDocument")
    policy = apps.get_model("servicedesk", "DeadlinePolicy")
    override = apps.get_model("servicedesk", "CalendarOverride")
    policies = policy._default_manager.using(using).select_related("region__parent")
    overrides = override._default_manager.using(using).all()
    if not policies.exists() and not overrides.exists():
        return
    ensure_shipped(model, using)  # the platform's documents the conversion builds on
    # The old rules took the first of equally specific rows in this order.
    rows = policies.order_by("region__code", "category", "priority", "pk")
    convert_deadline_policies(model, rows, using)
    convert_calendar_overrides(model, overrides.order_by("date"), using)


class Migration(migrations.Migration):
    dependencies = [
        # The audit log records the documents this migration writes.
        ("audit", "0001_initial"),
        ("rules", "0001_initial"),
        ("servicedesk", "0002_workflow"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ticket",
            name="deadline_basis",
            field=models.CharField(
                blank=True,
                help_text="Deadline rules and working calendars the deadlines were counted on",
                max_length=500,
                verbose_name="deadline basis",
            ),
        ),
        migrations.AddField(
            model_name="ticket",
            name="deadline_rules",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="deadline_tickets",
                to="rules.rulesdocument",
                verbose_name="deadline rules",
            ),
        ),
        migrations.CreateModel(
            name="TicketCalendar",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="rules.rulesdocument",
                        verbose_name="working calendar",
                    ),
                ),
                (
                    "ticket",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_layers",
                        to="servicedesk.ticket",
                        verbose_name="ticket",
                    ),
                ),
            ],
            options={
                "verbose_name": "ticket calendar",
                "verbose_name_plural": "ticket calendars",
                "ordering": ["ticket", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("ticket", "position"), name="ticket_calendar_position"
                    ),
                    models.UniqueConstraint(
                        fields=("ticket", "document"), name="ticket_calendar_once"
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="ticket",
            name="calendar_rules",
            field=models.ManyToManyField(
                blank=True,
                related_name="calendar_tickets",
                through="servicedesk.TicketCalendar",
                to="rules.rulesdocument",
                verbose_name="working calendars",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="CalendarOverride"),
        migrations.DeleteModel(name="DeadlinePolicy"),
    ]
