"""The issue's verification cases, against the shipped default rule set.

Sources: 环环评〔2021〕45号 (两高 sectors), the 2021 EIA classification list, and the
energy-review thresholds of 国家发展改革委令2023年第2号 (≥ 10,000 tce provincial review;
< 1,000 tce and < 5 million kWh exempt).
"""

from __future__ import annotations

import pytest

from microparks.core.admission import (
    ProjectInputError,
    UnknownIndustryError,
    evaluate_admission,
)
from tests.core.admission.conftest import project
from tests.io.rules.helpers import parse_rules


def fired(decision):
    return {f.rule_id: f for f in decision.fired}


@pytest.mark.parametrize(
    ("code", "rule_id", "listed"),
    [
        ("4411", "TH-coal-power", "4411"),  # 火力发电 (coal-fired power)
        ("4412", "TH-coal-power", "4412"),  # 热电联产
        ("3110", "TH-steel", "31"),  # 炼铁
        ("3120", "TH-steel", "31"),  # 炼钢
        ("3011", "TH-building-materials", "30"),  # 水泥制造
        ("2511", "TH-petrochemicals", "251"),  # 原油加工
        ("2614", "TH-chemicals", "26"),  # 有机化学原料
        ("3216", "TH-nonferrous", "321"),  # 铝冶炼
    ],
)
def test_two_high_sectors_are_rejected(tree, rules, code, rule_id, listed):
    decision = evaluate_admission(project(code), rules, tree)
    assert decision.outcome == "reject"
    rule = fired(decision)[rule_id]
    assert rule.kind == "two_high"
    assert (rule.value, rule.limit) == (code, listed)
    assert rule.rule_set_version == rules.version == decision.rule_set_version


def test_non_ferrous_rolling_is_not_two_high(tree, rules):
    # 325 有色金属压延加工 is outside the smelting groups 321–324.
    decision = evaluate_admission(project("3251"), rules, tree)
    assert not [f for f in decision.fired if f.kind == "two_high"]


def test_small_furniture_maker_is_admitted(tree, rules):
    decision = evaluate_admission(project("2110"), rules, tree)
    assert decision.outcome == "admit"
    assert decision.fired == ()
    assert decision.energy_tier == "exempt"
    assert decision.eia_category == "registration"
    assert decision.passed


def test_2000_tce_is_referred_for_energy_review(tree, rules):
    decision = evaluate_admission(
        project("2110", annual_energy_tce=2000.0, output_cny=200_000_000.0), rules, tree
    )
    assert decision.outcome == "refer"
    rule = fired(decision)["ER-review"]
    assert (rule.value, rule.limit) == (2000.0, 1000.0)
    assert decision.energy_tier == "energy review"
    assert any("energy review" in r for r in decision.referrals)


@pytest.mark.parametrize(
    ("tce", "kwh", "tier"),
    [
        (999.9, 4_999_999.0, "exempt"),
        (1000.0, 0.0, "energy review"),
        (10.0, 5_000_000.0, "energy review"),
        (9999.0, 0.0, "energy review"),
        (10_000.0, 0.0, "provincial energy review"),
    ],
)
def test_energy_tier_boundaries(tree, rules, tce, kwh, tier):
    p = project("2110", annual_energy_tce=tce, annual_electricity_kwh=kwh, output_cny=1e12)
    assert evaluate_admission(p, rules, tree).energy_tier == tier


def test_missing_emissions_are_referred_with_the_fields_named(tree, rules):
    decision = evaluate_admission(project("2110", emissions_t={"cod": 0.1}), rules, tree)
    assert decision.outcome == "refer"
    expected = ("emissions_t.nh3_n", "emissions_t.so2", "emissions_t.nox", "emissions_t.vocs")
    assert decision.missing == expected
    assert fired(decision)["missing-data"].value == list(expected)


def test_missing_electricity_below_the_tce_threshold_is_not_exempt(tree, rules):
    decision = evaluate_admission(project("2110", annual_electricity_kwh=None), rules, tree)
    assert decision.outcome == "refer"
    assert decision.energy_tier is None
    assert decision.missing == ("annual_electricity_kwh",)


def test_prohibited_class_code_matches_its_subclasses(tree):
    rules = parse_rules(
        {
            "name": "t",
            "version": "1",
            "negative_list": [{"id": "NL", "codes": ["17"], "outcome": "reject"}],
        },
        known_codes=tree.parents.keys(),
    )
    for code in ("17", "171", "1713", "1762"):
        decision = evaluate_admission(project(code), rules, tree)
        assert decision.outcome == "reject"
        assert (decision.fired[0].value, decision.fired[0].limit) == (code, "17")
    assert evaluate_admission(project("1811"), rules, tree).outcome == "admit"
    assert evaluate_admission(project("C"), rules, tree).outcome == "admit"  # the parent


def test_electroplating_with_chromium_is_rejected(tree, rules):
    decision = evaluate_admission(
        project("3360", processes=("electroplating",), materials=("chromium", "nickel")),
        rules,
        tree,
    )
    assert decision.outcome == "reject"
    ban = [f for f in decision.fired if f.rule_id == "PB-heavy-metals"]
    assert [f.value for f in ban] == [["electroplating"], ["chromium"]]


def test_dyeing_mill_is_referred(tree, rules):
    decision = evaluate_admission(project("1713"), rules, tree)
    assert decision.outcome == "refer"
    assert decision.eia_category == "report"
    assert {"NL-dyeing", "EIA-dyeing"} <= set(fired(decision))


def test_food_processing_needs_a_report_form_as_a_condition(tree, rules):
    decision = evaluate_admission(project("1373"), rules, tree)
    assert decision.outcome == "admit_with_conditions"
    assert decision.eia_category == "report_form"
    assert decision.conditions
    assert "report form" in decision.conditions[0]
    assert decision.passed


def test_sensitive_site_raises_the_eia_category(tree, rules):
    general = evaluate_admission(project("2110"), rules, tree)
    sensitive = evaluate_admission(project("2110"), rules, tree, site_sensitivity="sensitive")
    assert (general.eia_category, sensitive.eia_category) == ("registration", "report_form")
    assert sensitive.site_sensitivity == "sensitive"
    assert "raised from registration" in sensitive.fired[0].message


def test_composite_project_takes_the_highest_eia_category(tree, rules):
    decision = evaluate_admission(project("2110", "1373", "3982"), rules, tree)
    assert decision.eia_category == "report"
    eia = [f for f in decision.fired if f.kind == "eia"]
    assert [(f.rule_id, f.value) for f in eia] == [("EIA-circuit-boards", "3982")]


def test_intensity_cap_reports_value_and_limit(tree, rules):
    decision = evaluate_admission(
        project("2110", annual_energy_tce=900.0, output_cny=10_000_000.0), rules, tree
    )
    cap = fired(decision)["CAP-energy-intensity"]
    assert decision.outcome == "reject"
    assert (cap.value, cap.limit) == (0.9, 0.3)


def test_emission_cap_refers(tree, rules):
    decision = evaluate_admission(
        project("2110", emissions_t={"cod": 12.0, "nh3_n": 0, "so2": 0, "nox": 0, "vocs": 0}),
        rules,
        tree,
    )
    assert decision.outcome == "refer"
    assert (fired(decision)["CAP-cod"].value, fired(decision)["CAP-cod"].limit) == (12.0, 10.0)


def test_hazardous_storage_above_the_limit_is_referred(tree, rules):
    decision = evaluate_admission(project("2110", hazardous_chemicals_t=25.0), rules, tree)
    assert decision.outcome == "refer"
    rule = fired(decision)["PB-hazardous-storage"]
    assert (rule.value, rule.limit) == (25.0, 10.0)


def test_undeclared_processes_materials_and_storage_are_missing_data(tree, rules):
    # Per ban, in order: processes, materials, then storage; an empty declared list is known.
    undeclared = project("2110", processes=None, materials=None, hazardous_chemicals_t=None)
    decision = evaluate_admission(undeclared, rules, tree)
    assert decision.outcome == "refer"
    assert decision.missing == ("processes", "materials", "hazardous_chemicals_t")
    declared_empty = evaluate_admission(project("2110", processes=(), materials=()), rules, tree)
    assert (declared_empty.outcome, declared_empty.missing) == ("admit", ())


def test_outside_positioning_is_referred_not_rejected(tree, rules):
    decision = evaluate_admission(project("2110"), rules, tree, positioning=["13", "14"])
    assert decision.outcome == "refer"
    assert fired(decision)["POS"].value == ["2110"]
    inside = evaluate_admission(project("2110"), rules, tree, positioning=["21"])
    assert inside.outcome == "admit"


def test_unknown_industry_code_is_a_clear_error(tree, rules):
    with pytest.raises(UnknownIndustryError, match="'9999'"):
        evaluate_admission(project("9999"), rules, tree)


def test_unknown_site_class_is_a_clear_error(tree, rules):
    with pytest.raises(ProjectInputError, match="unknown site class 'swamp'"):
        evaluate_admission(project("2110"), rules, tree, site_sensitivity="swamp")


def test_decision_is_json_ready_with_provenance(tree, rules):
    import json

    decision = evaluate_admission(project("3011"), rules, tree)
    data = json.loads(json.dumps(decision.as_dict(), ensure_ascii=False))
    assert data["outcome"] == "reject"
    assert data["rule_set"] == "microparks-default"
    assert all(f["rule_set_version"] == "2026.2" for f in data["fired"])
    assert len(data["input_hash"]) == 64
