"""Rule names, site classes and process words in both languages; the 2021 list's site kinds."""

from __future__ import annotations

import pytest

from microparks.core.admission import (
    SENSITIVE_AREAS,
    ProjectInputError,
    evaluate_admission,
)
from microparks.io.admission import DEFAULT_RULE_SET
from microparks.io.rules import DocumentError
from tests.core.admission.conftest import project
from tests.io.rules.helpers import parse_rules, problem_texts

TEXT = DEFAULT_RULE_SET.read_text(encoding="utf-8")


def test_the_shipped_set_declares_chinese_and_names_everything_in_it(rules):
    assert rules.languages == ("en", "zh")
    named = [*rules.negative_list, *rules.two_high, *rules.prohibitions]
    assert rules.eia is not None
    assert rules.energy is not None
    named += [*rules.eia.categories, *rules.energy.tiers]
    for rule in named:
        assert rule.name, rule
        assert rule.name_zh, rule
        assert rule.name.isascii(), rule  # the English name holds no Chinese
    for key, site_class in rules.eia.site_classes.items():
        assert site_class.name, key
        assert site_class.name_zh, key
    words = set().union(*(p.processes | p.materials for p in rules.prohibitions))
    assert words
    assert words <= rules.glossary_zh.keys()


def test_every_kind_of_sensitive_area_of_the_2021_list_is_a_class(rules):
    assert set(SENSITIVE_AREAS) <= set(rules.eia.site_classes)
    assert set(SENSITIVE_AREAS.values()) == {"3(1)", "3(2)", "3(3)"}


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("    name_zh: 钢铁\n", "", "two_high[3].name_zh: missing"),
        ("      name_zh: 环境影响报告表\n", "", "eia.categories[1].name_zh: missing"),
        ("      name_zh: 节能审查\n", "", "energy_review.tiers[1].name_zh: missing"),
        ("  cadmium: 镉\n", "", "prohibitions[0]: words not in the glossary: cadmium"),
        (
            "name_zh: 非环境敏感区}",
            "}",
            "eia.site_classes.general.name_zh: missing",
        ),
        ("\nlanguages: [en, zh]", "\nlanguages: [en, fr]", "languages: unknown language 'fr'"),
    ],
)
def test_a_set_that_lists_chinese_must_give_it(tree, old, new, problem):
    assert old in TEXT
    with pytest.raises(DocumentError) as err:
        parse_rules(TEXT.replace(old, new, 1), known_codes=tree.parents.keys())
    assert any(p.startswith(problem) for p in problem_texts(err.value)), problem_texts(err.value)


def test_an_english_only_set_needs_no_chinese(tree):
    text = TEXT.replace("languages: [en, zh]", "languages: [en]").replace("    name_zh: 钢铁\n", "")
    rules = parse_rules(text, known_codes=tree.parents.keys())
    assert rules.languages == ("en",)
    steel = next(r for r in rules.two_high if r.id == "TH-steel")
    assert steel.name_zh == ""


def test_fired_rules_carry_the_chinese_names(rules, tree):
    decision = evaluate_admission(
        project("2110", processes=("electroplating",), materials=("lead", "chromium")),
        rules,
        tree,
    )
    items = {f.message_id: (f.params["items"], f.params_zh["items"]) for f in decision.fired}
    assert items["prohibited_processes"] == ("electroplating", "电镀")
    assert items["prohibited_materials"] == ("chromium, lead", "铬、铅")
    energy = evaluate_admission(project("2110", annual_energy_tce=2_000.0), rules, tree)
    tier = next(f for f in energy.fired if f.kind == "energy_review")
    assert (tier.params["tier"], tier.params_zh["tier"]) == ("energy review", "节能审查")
    tanning = evaluate_admission(project("1910"), rules, tree).fired[0]
    assert tanning.params_zh == {"rule": "皮革、毛皮鞣制"}


@pytest.mark.parametrize("kind", sorted(SENSITIVE_AREAS))
def test_each_sensitive_kind_raises_the_eia_category(rules, tree, kind):
    decision = evaluate_admission(project("2110"), rules, tree, site_sensitivity=kind)
    assert (decision.eia_category, decision.site_sensitivity) == ("report_form", kind)
    eia = next(f for f in decision.fired if f.kind == "eia")
    assert eia.params["site"] == kind
    assert eia.params_zh["site"] == rules.eia.site_classes[kind].name_zh


def test_a_set_with_only_sensitive_applies_it_to_every_kind(tree):
    text = TEXT.split("  site_classes:\n")[0] + (
        "  site_classes: {general: 0, sensitive: 2}\n  default_site: general\n  entries: []\n"
    )
    rules = parse_rules(text.replace("languages: [en, zh]", "languages: [en]"))
    assert rules.eia is not None
    assert rules.eia.site_classes["sensitive"].steps == 2
    decision = evaluate_admission(project("2110"), rules, tree, site_sensitivity="residential")
    assert decision.eia_category == "report"
    with pytest.raises(ProjectInputError, match="unknown site class 'swamp'"):
        evaluate_admission(project("2110"), rules, tree, site_sensitivity="swamp")


def test_a_site_class_needs_whole_steps(tree):
    text = TEXT.replace("sensitive: {steps: 1,", "sensitive: {steps: -1,")
    with pytest.raises(DocumentError, match=r"eia.site_classes.sensitive.steps: expected a whole"):
        parse_rules(text, known_codes=tree.parents.keys())


def test_a_required_site_class_is_missing_data_when_not_given(rules, tree):
    referred = evaluate_admission(project("2110"), rules, tree, require_site=True)
    assert referred.outcome == "refer"
    assert referred.missing == ("site_sensitivity",)
    given = evaluate_admission(
        project("2110"), rules, tree, require_site=True, site_sensitivity="general"
    )
    assert (given.outcome, given.missing) == ("admit", ())
