"""Rules documents: shipped defaults, versions, immutability, which one applies, who may write."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from microparks.apps.rules import services
from microparks.apps.rules.models import RulesDocument, Status
from microparks.apps.rules.services import Draft
from microparks.io.rules import SHIPPED

MATCHING = "weights: {rent: 0.5, suitability: 0.5}\n"
MATCHING_2 = "weights: {rent: 0.2, suitability: 0.8}\n"


def _draft(home, content=MATCHING, **kw):
    fields = {"kind": "matching", "name": "county", "title": "County costs", "content": content}
    fields.update(region=home.county, **kw)
    return Draft(**fields)


def test_shipped_documents_are_active_version_one(db):
    docs = RulesDocument.objects.filter(scope_key="*")
    assert {(d.kind, d.name) for d in docs} == {(s.kind, s.name) for s in SHIPPED}
    assert all(d.version == 1 and d.status == Status.ACTIVE and d.source for d in docs)
    assert all(len(d.sha256) == 64 for d in docs)


def test_shipped_documents_load_once(db):
    from microparks.apps.rules.shipped import ensure_shipped

    assert ensure_shipped(RulesDocument) == 0
    assert RulesDocument.objects.count() == len(SHIPPED)


def test_a_county_document_beats_the_platform_and_a_park_beats_the_county(home):
    official = home.users["official"]
    platform = services.in_effect("admission", park=home.park)
    assert platform.scope_key == "*"
    shipped = platform.content
    county = services.save_draft(
        official,
        Draft("admission", "county", "County rules", shipped, region=home.county),
    )
    assert services.in_effect("admission", park=home.park) == platform  # a draft applies nowhere
    services.activate(official, county)
    assert services.in_effect("admission", park=home.park) == county  # township under county
    park = services.save_draft(
        official, Draft("admission", "park", "Park rules", shipped, park=home.park)
    )
    services.activate(official, park)
    assert services.in_effect("admission", park=home.park) == park
    assert park.region == home.park.region
    assert services.in_effect("admission", region=home.county) == county


def test_editing_makes_a_new_version_and_activation_retires_the_old(home):
    official = home.users["official"]
    first = services.save_draft(official, _draft(home))
    services.activate(official, first)
    second = services.save_draft(official, _draft(home, MATCHING_2), parent=first)
    assert (first.version, second.version) == (1, 2)
    assert second.parent == first
    services.activate(official, second)
    first.refresh_from_db()
    assert first.status == Status.RETIRED
    assert services.in_effect("matching", region=home.county) == second
    assert services.parse(second).weights["suitability"] == pytest.approx(0.8)


def test_an_unused_draft_changes_in_place_an_active_version_never(home):
    official = home.users["official"]
    draft = services.save_draft(official, _draft(home))
    same = services.save_draft(official, _draft(home, MATCHING_2), parent=draft)
    assert same.pk == draft.pk
    assert same.version == 1
    services.activate(official, same)
    same.content = MATCHING
    with pytest.raises(ValidationError, match="cannot change"):
        same.save()
    with pytest.raises(ValidationError, match="Only an unused draft"):
        same.delete()
    newer = services.save_draft(official, _draft(home), parent=same)
    assert newer.version == 2


def test_a_used_draft_is_frozen_too(home):
    official = home.users["official"]
    draft = services.save_draft(official, _draft(home))
    RulesDocument.objects.create(
        kind="matching",
        name="county",
        version=2,
        title="t",
        content=MATCHING_2,
        sha256="0" * 64,
        region=home.county,
        parent=draft,
    )
    assert draft.is_used()
    assert draft.frozen
    newer = services.save_draft(official, _draft(home, MATCHING_2), parent=draft)
    assert newer.pk != draft.pk
    assert newer.version == 3


@pytest.mark.parametrize(
    ("kind", "content", "path", "english", "chinese"),
    [
        ("matching", "weights: {rent: 0.5}\n", "weights", "they must sum to 1", "之和须为"),
        ("matching", "weights: {colour: 1}\n", "weights", "unknown keys colour", "未知的键"),
        ("targeting", "weights: [1, 2]\n", "weights", "expected a mapping", "应为映射"),
        ("matching", "weights: {rent: 0.5\n", "", "not valid YAML", "不是有效的 YAML"),
        (
            "evaluation",
            "method: ratio\ngroups:\n  all:\n    items:\n"
            "      - {indicator: tax_per_mu, weight: 100}\n"
            "benchmarks:\n  table:\n    2024:\n      all: {tax_per_mu: -2}\n",
            "benchmarks.table.2024.all.tax_per_mu",
            "must be greater than 0",
            "须大于 0",
        ),
        (
            "suitability",
            "criteria:\n  - {name: a, field: x, kind: benefit, lower: 0, upper: 1}\n"
            "  - {name: b, field: y, kind: benefit, lower: 0, upper: 1}\n"
            "  - {name: c, field: z, kind: benefit, lower: 0, upper: 1}\n"
            "pairwise: [[1, 9, '1/9'], ['1/9', 1, 9], [9, '1/9', 1]]\n",
            "pairwise",
            "consistency ratio",
            "一致性比率",
        ),
        (
            "suitability",
            "criteria:\n  - {name: a, field: x, kind: benefit, lower: 0, upper: 1, "
            "weight: 1}\n  - {name: b, source: nearest_distance, kind: cost, lower: 0, upper: 1, "
            "weight: 0}\n",
            "criteria[1].layer",
            "need layer",
            "需要",
        ),
        (
            "evaluation",
            "weights: {rent: 1}\n",
            "",
            "of kind Matching costs, not Evaluation",
            "匹配",
        ),
        (
            "evaluation",
            "method: ratio\ngroups:\n  all:\n    items:\n      - {indicator: luck, weight: 100}\n",
            "groups.all.items[0].indicator",
            "'luck' is not one of",
            "不在可选值中",
        ),
        (
            "admission",
            "caps:\n  - {id: C1, indicator: cod_t, limit: -1}\n",
            "caps[0].limit",
            "must be at least 0",
            "须不小于 0",
        ),
        (
            "deadlines",
            "default: {ack: 3, respond: 1, close: 5}\n",
            "default",
            "acknowledge ≤ respond ≤ close",
            "受理 ≤ 反馈 ≤ 办结",
        ),
        (
            "calendar",
            "days_off:\n  - {date: 2026-02-30, name: x}\n",
            "days_off[0].date",
            "expected a date",
            "应为日期",
        ),
    ],
)
def test_invalid_documents_are_refused_naming_the_field_in_the_users_language(
    home, kind, content, path, english, chinese
):
    official = home.users["official"]
    before = RulesDocument.objects.count()
    draft = Draft(kind, "bad", "Bad", content, region=home.county)
    for language, expected in (("en", english), ("zh-hans", chinese)):
        with translation.override(language), pytest.raises(ValidationError) as err:
            services.save_draft(official, draft)
        assert any(
            m.startswith(f"{path}:" if path else "") and expected in m for m in err.value.messages
        ), err.value.messages
    assert RulesDocument.objects.count() == before


def test_a_wrong_kind_in_the_document_is_named(home):
    official = home.users["official"]
    draft = Draft("targeting", "x", "X", "kind: matching\nweights: {rent: 1}\n", region=home.county)
    with pytest.raises(ValidationError, match="of kind Matching costs, not Targeting weights"):
        services.save_draft(official, draft)


@pytest.mark.parametrize(
    ("kind", "role", "may_draft", "may_activate"),
    [
        ("admission", "official", True, True),
        ("admission", "investment", True, False),
        ("targeting", "investment", True, False),
        ("matching", "investment", True, False),
        ("evaluation", "investment", False, False),
        ("suitability", "investment", False, False),
        ("deadlines", "official", True, True),
        ("calendar", "official", True, True),
        ("evaluation", "park_manager", False, False),
        ("matching", "handler", False, False),
        ("matching", "enterprise", False, False),
        ("matching", "admin", True, True),
    ],
)
def test_who_may_draft_and_activate_per_kind(home, kind, role, may_draft, may_activate):
    user = home.users[role]
    assert services.may_draft(user, kind, home.county) is may_draft
    doc = services.in_effect(kind, region=home.county)
    county_doc = RulesDocument.objects.create(
        kind=kind,
        name="c",
        version=1,
        title="c",
        content=doc.content,
        sha256=doc.sha256,
        region=home.county,
    )
    assert services.may_activate(user, county_doc) is may_activate


def test_only_the_administrator_writes_for_the_whole_platform(home):
    for role in ("official", "investment"):
        assert not services.may_draft(home.users[role], "matching")
    assert services.may_draft(home.users["admin"], "matching")
    with pytest.raises(PermissionDenied):
        services.save_draft(home.users["official"], Draft("matching", "x", "X", MATCHING))


def test_an_official_may_not_write_or_activate_for_another_county(home, other):
    official = home.users["official"]
    assert not services.may_draft(official, "matching", other.county)
    with pytest.raises(PermissionDenied):
        services.save_draft(official, _draft(other))
    theirs = services.save_draft(other.users["official"], _draft(other))
    with pytest.raises(PermissionDenied):
        services.activate(official, theirs)
    with pytest.raises(PermissionDenied):
        services.retire(official, services.in_effect("matching"))


def test_admission_documents_may_apply_to_a_park_others_not(home):
    official = home.users["official"]
    with pytest.raises(ValidationError, match="not to a park"):
        services.save_draft(official, _draft(home, park=home.park))


def test_officials_read_the_platform_and_their_county_not_another(home, other):
    mine = services.save_draft(home.users["official"], _draft(home))
    theirs = services.save_draft(other.users["official"], _draft(other))
    seen = set(RulesDocument.objects.restrict(home.users["official"]))
    assert mine in seen
    assert theirs not in seen
    assert services.in_effect("matching") in seen
    assert not RulesDocument.objects.restrict(home.users["enterprise"]).exists()
    manager_sees = set(RulesDocument.objects.restrict(home.users["park_manager"]))
    assert mine in manager_sees
    assert theirs not in manager_sees


def test_evaluation_schemes_are_chosen_by_name_and_side_by_side(home):
    names = [d.name for d in services.choices("evaluation", home.county)]
    assert sorted(names) == ["huaian", "huangyan", "jingde"]
    official = home.users["official"]
    huangyan = services.in_effect("evaluation", region=home.county, name="huangyan")
    mine = services.save_draft(
        official,
        Draft("evaluation", "huangyan", "Our Huangyan", huangyan.content, region=home.county),
        parent=huangyan,
    )
    services.activate(official, mine)
    chosen = {d.name: d for d in services.choices("evaluation", home.county)}
    assert chosen["huangyan"] == mine
    assert len(chosen) == 3
    assert {d.name for d in services.choices("evaluation", home.county)} == set(chosen)
    huangyan.refresh_from_db()
    assert huangyan.status == Status.ACTIVE  # the platform's stays in effect elsewhere
