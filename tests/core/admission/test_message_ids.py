"""Every fired rule carries a stable message id and params; rule notes may have a Chinese text."""

from __future__ import annotations

from typing import Any

import pytest

from microparks.core.admission import (
    MESSAGE_IDS,
    Decision,
    IndustryTree,
    Project,
    RuleSet,
    evaluate_admission,
)
from microparks.io.admission import DEFAULT_RULE_SET
from microparks.io.rules import DocumentError
from tests.core.admission.conftest import project
from tests.io.rules.helpers import parse_rules, problem_texts

# Projects that, together, make the shipped rule set fire every kind of rule and message.
FIRING: list[tuple[Project, dict[str, Any]]] = [
    (project("1910"), {}),  # negative list (tanning)
    (project("3110"), {}),  # 两高 (iron), EIA report
    (project("2110", site_sensitivity="sensitive"), {}),  # EIA raised on a sensitive site
    (project("1311"), {}),  # EIA report form
    (project("2110", annual_energy_tce=20_000.0, output_cny=1e12), {}),  # energy review
    (project("2110", water_m3=1e6, emissions_t={"cod": 50.0}), {}),  # caps
    (project("2110", processes=("electroplating",), materials=("lead",)), {}),  # prohibitions
    (project("2110", hazardous_chemicals_t=50.0), {}),  # hazardous storage
    (project("2110"), {"positioning": ["13"]}),  # positioning
    (Project("bare", ("2110",)), {}),  # missing data
]


def _decisions(rules: RuleSet, tree: IndustryTree) -> list[Decision]:
    return [evaluate_admission(p, rules, tree, **kw) for p, kw in FIRING]


def test_every_message_id_is_emitted_with_its_params(rules, tree):
    seen: set[str] = set()
    for decision in _decisions(rules, tree):
        for fired in decision.fired:
            assert fired.message_id in MESSAGE_IDS, fired
            expected = set(MESSAGE_IDS[fired.message_id])
            assert set(fired.params) == expected, fired
            assert all(isinstance(v, str) and v for v in fired.params.values()), fired
            seen.add(fired.message_id)
    assert seen == set(MESSAGE_IDS)


def test_params_carry_what_the_english_message_says(rules, tree):
    decision = evaluate_admission(project("3110"), rules, tree)
    two_high = next(f for f in decision.fired if f.kind == "two_high")
    assert two_high.message_id == "two_high"
    assert two_high.params == {"code": "3110", "rule": "iron and steel", "hit": "31"}
    assert two_high.params_zh == {"rule": "钢铁"}
    assert two_high.message == "industry 3110 is a 两高 sector (iron and steel, listed as 31)"
    assert two_high.note_zh == "两高项目（钢铁），不得进入小微园区。"
    raised = evaluate_admission(project("2110", site_sensitivity="sensitive"), rules, tree)
    eia = next(f for f in raised.fired if f.kind == "eia")
    assert eia.message_id == "eia_raised"
    assert (eia.params["category_code"], eia.params["base_code"]) == ("report_form", "registration")
    assert eia.params["site"] == "sensitive"
    assert eia.params_zh == {
        "category": "环境影响报告表",
        "base": "环境影响登记表",
        "site": "环境敏感区",
    }


def test_the_json_carries_message_id_and_params(rules, tree):
    data = evaluate_admission(project("1910"), rules, tree).as_dict()
    fired = data["fired"][0]
    assert fired["message_id"] == "negative_list"
    assert fired["params"]["code"] == "1910"
    assert fired["message"].startswith("industry 1910 is on the negative list")
    assert fired["note_zh"] == "鞣制排放含铬废水，不得进入小微园区。"


def test_every_shipped_rule_has_a_chinese_note(rules):
    assert rules.eia is not None
    assert rules.energy is not None
    assert rules.positioning is not None
    noted = [
        *rules.negative_list,
        *rules.two_high,
        *rules.eia.categories,
        *rules.eia.entries,
        *rules.energy.tiers,
        *rules.caps,
        *rules.prohibitions,
        rules.positioning,
    ]
    for rule in noted:
        if rule.note:
            assert rule.note_zh, rule
            assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.note_zh), rule


@pytest.mark.parametrize("bad", ["12", "[a, b]", "{a: 1}", "true"])
def test_a_non_string_note_zh_is_refused(bad):
    text = f"name: x\nversion: '1'\nnegative_list:\n  - {{id: A, codes: ['17'], note_zh: {bad}}}"
    with pytest.raises(DocumentError) as err:
        parse_rules(text)
    assert any(
        p.startswith("negative_list[0].note_zh: expected text") for p in problem_texts(err.value)
    )


def test_note_zh_is_read_everywhere_a_note_is():
    text = DEFAULT_RULE_SET.read_text(encoding="utf-8").replace(
        "note_zh: 鞣制排放含铬废水，不得进入小微园区。", "note_zh: 5"
    )
    with pytest.raises(DocumentError, match=r"negative_list\[0\].note_zh: expected text"):
        parse_rules(text)
    plain = "name: x\nversion: '1'\npositioning: {id: P, outcome: refer, note_zh: ' 定位 '}"
    assert parse_rules(plain).positioning.note_zh == "定位"
