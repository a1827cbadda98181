"""Migration 0003: deadline policy and calendar override rows become rules documents.

The database is migrated back to 0002, rows are made with the historical models, and the
migration runs forward; the documents must give every ticket the budgets the old rules gave.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.servicedesk import Budget
from microparks.io.rules import load_shipped, load_yaml, parse_document

BEFORE = [("servicedesk", "0002_workflow")]
AFTER = [("servicedesk", "0003_deadline_documents")]
M = importlib.import_module("microparks.apps.servicedesk.migrations.0003_deadline_documents")
CONTEXT = {"categories": M.CATEGORIES, "priorities": M.PRIORITIES}


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before() -> Iterator[Any]:
    """The historical app registry at 0002 (the database migrated there); back to the latest."""
    yield _migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _rules(doc: Any) -> Any:
    return parse_document("deadlines", load_yaml(doc.content), **CONTEXT)


@pytest.mark.django_db(transaction=True)
def test_rows_become_documents_that_keep_every_budget(before: Any) -> None:
    region = before.get_model("regions", "Region")
    policy = before.get_model("servicedesk", "DeadlinePolicy")
    override = before.get_model("servicedesk", "CalendarOverride")
    prefecture = region.objects.create(code="4501", name="南宁市", level="prefecture")
    county = region.objects.create(code="450199", name="青岚县", level="county", parent=prefecture)
    town = region.objects.create(code="450199101", name="青岚镇", level="township", parent=county)
    row = policy.objects.create
    row(region=county, ack_days=2, respond_days=4, close_days=8)
    row(region=county, category="electricity", ack_days=1, respond_days=2, close_days=3)
    row(
        region=town,
        category="water",
        priority="urgent",
        ack_days=0.25,
        respond_days=0.5,
        close_days=1,
    )
    row(priority="urgent", ack_days=0.5, respond_days=1, close_days=1.5)
    row(category="land", ack_days=3, respond_days=6, close_days=9)
    row(region=prefecture, ack_days=5, respond_days=5, close_days=5)
    override.objects.create(date=dt.date(2024, 9, 24), is_working_day=False, name="防汛")
    override.objects.create(date=dt.date(2024, 9, 28), is_working_day=True, name="会战")

    _migrate(AFTER)

    from microparks.apps.regions.models import Region
    from microparks.apps.rules.models import RulesDocument
    from microparks.apps.rules.services import in_effect, layers, parse
    from microparks.apps.servicedesk.policies import calendar_of_documents

    def budget(place: Any, category: str, priority: str) -> Budget:
        rules = parse(in_effect("deadlines", region=Region.objects.get(code=place)))
        return rules.budget_for(category, priority)  # type: ignore[no-any-return]

    # The county: its rows win over everything; its catch-all over the platform's rows.
    assert budget("450199", "electricity", "urgent") == Budget(1, 2, 3)
    assert budget("450199", "land", "urgent") == Budget(2, 4, 8)
    assert budget("450199", "water", "urgent") == Budget(2, 4, 8)
    # The township: its own row, then its county's.
    assert budget("450199101", "water", "urgent") == Budget(0.25, 0.5, 1)
    assert budget("450199101", "water", "low") == Budget(2, 4, 8)
    assert budget("450199101", "electricity", "low") == Budget(1, 2, 3)
    # Elsewhere: the platform's rows (a category row before a priority row), then the shipped.
    other = Region.objects.create(code="450202", name="other", level="county")
    assert budget("450202", "land", "urgent") == Budget(3, 6, 9)
    assert budget("450202", "water", "urgent") == Budget(0.5, 1, 1.5)
    assert budget("450202", "water", "low") == Budget(1, 5, 10)
    assert budget("450202", "water", "normal") == Budget(1, 3, 5)
    # Rows of a prefecture never applied: kept as a draft.
    kept = RulesDocument.objects.get(kind="deadlines", region__code="4501")
    assert kept.status == "draft"
    assert _rules(kept).default == Budget(5, 5, 5)
    # The platform's deadlines and calendar: new versions of the shipped lineages.
    for kind in ("deadlines", "calendar"):
        versions = RulesDocument.objects.filter(kind=kind, name="default", scope_key="*")
        assert [(d.version, d.status) for d in versions] == [(2, "active"), (1, "retired")]
        new, old = versions
        assert new.parent == old
        assert new.title == old.title
        assert new.sha256
        assert new.note
    county_doc = in_effect("deadlines", region=Region.objects.get(code="450199"))
    assert county_doc.title == "青岚县诉求办理时限"
    assert county_doc.scope_key == f"r{county_doc.region_id}"
    assert "#" in county_doc.content  # says which rows it came from
    calendar = calendar_of_documents(layers("calendar", region=other))
    assert not calendar.is_working_day(dt.date(2024, 9, 24))
    assert calendar.is_working_day(dt.date(2024, 9, 28))
    assert not calendar.is_working_day(dt.date(2024, 10, 1))  # the official notices are kept
    assert "防汛" in layers("calendar")[0].content


@pytest.mark.django_db(transaction=True)
def test_empty_tables_add_no_documents(before: Any) -> None:
    from microparks.apps.rules.models import RulesDocument

    count = RulesDocument.objects.count()
    _migrate(AFTER)
    assert RulesDocument.objects.count() == count


# --- the conversion, without a database -------------------------------------------------------


@dataclass
class Row:
    category: str
    priority: str
    ack_days: float
    respond_days: float
    close_days: float


budgets = st.tuples(
    st.sampled_from([0, 0.5, 1, 2]), st.sampled_from([0, 1, 3]), st.sampled_from([0, 2, 5])
).map(lambda t: (t[0], t[0] + t[1], t[0] + t[1] + t[2]))
rows = st.lists(
    st.builds(
        lambda c, p, b: Row(c, p, *b),
        st.sampled_from(["", "land", "water", "electricity"]),
        st.sampled_from(["", *M.PRIORITIES]),
        budgets,
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(local=rows, platform=rows)
def test_the_converted_document_gives_what_the_rows_gave(
    local: list[Row], platform: list[Row]
) -> None:
    base = load_shipped("deadlines", **CONTEXT)
    wanted = M.old_budgets(local, platform, base)
    rules = M.compact_rules(wanted, M.fallback_budget(local, platform, base))
    text = M.deadlines_text(rules, ["converted"])
    parsed = parse_document("deadlines", load_yaml(text), **CONTEXT)
    for c in M.CATEGORIES:
        for p in M.PRIORITIES:
            assert parsed.budget_for(c, p) == wanted[c, p]
    assert len(parsed.rules) <= len(M.CATEGORIES) * len(M.PRIORITIES)


def test_a_county_with_a_catch_all_and_a_category_row_reads_as_written() -> None:
    base = load_shipped("deadlines", **CONTEXT)
    local = [Row("", "", 2, 4, 8), Row("electricity", "", 1, 2, 3)]
    rules = M.compact_rules(M.old_budgets(local, [], base), M.fallback_budget(local, [], base))
    assert M.deadlines_text(rules, []) == (
        "default: {ack: 2, respond: 4, close: 8}\n"
        "rules:\n"
        "  - {category: electricity, ack: 1, respond: 2, close: 3}\n"
    )


def test_local_days_are_added_to_the_calendar_text() -> None:
    text = M.calendar_text(
        "years: {}\n", {dt.date(2024, 9, 24): "防汛"}, {dt.date(2024, 9, 28): ""}
    )
    assert load_yaml(text) == {
        "years": {},
        "days_off": [{"date": dt.date(2024, 9, 24), "name": "防汛"}],
        "working_days": [{"date": dt.date(2024, 9, 28)}],
    }
    # Days already in the document are kept unless a new row says otherwise.
    merged = M.calendar_text(text, {dt.date(2024, 9, 28): "停电"}, {})
    assert load_yaml(merged)["days_off"] == [
        {"date": dt.date(2024, 9, 24), "name": "防汛"},
        {"date": dt.date(2024, 9, 28), "name": "停电"},
    ]
    assert "working_days" not in load_yaml(merged)
