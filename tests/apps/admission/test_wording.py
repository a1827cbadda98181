"""The gate's reasons in the reader's language: pages and API, zh-hans by default, English second.

The Chinese strings below are the compiled catalogue's translations
(``src/microparks/locale/zh_Hans``): the tests read the text a user sees.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from microparks.apps.admission import wording
from microparks.apps.admission.models import Decision
from microparks.core.admission import MESSAGE_IDS, evaluate_admission
from microparks.io.admission import read_industry_tree, read_rule_set
from tests.apps.attraction.helpers import declare
from tests.core.admission.test_message_ids import FIRING

TWO_HIGH_EN = "Industry %(code)s is a 两高 sector (%(rule)s, listed as %(hit)s)."
ZH = {
    TWO_HIGH_EN: "行业 %(code)s 属于两高行业（%(rule)s，列为 %(hit)s）。",
    "Industry %(code)s needs an EIA of category: %(category)s.": (
        "行业 %(code)s 须编制%(category)s。"
    ),
    "EIA report": "环境影响报告书",
}
REASON_ZH = "行业 3110 属于两高行业（钢铁，列为 31）。"
REASON_EN = "Industry 3110 is a 两高 sector (iron and steel, listed as 31)."
NOTE_ZH = "两高项目（钢铁），不得进入小微园区。"
NOTE_EN = "两高 project (iron and steel); not admitted to a micro-park."


@pytest.fixture
def steel(client: Any, home: Any) -> Any:
    """The home prospect with an iron-making activity (a 两高 sector), run through the gate."""
    declare(home.prospect, extra_industry_codes=["3110"])
    client.force_login(home.users["investment"])
    client.post(reverse("attraction:prospect_admission", args=[home.prospect.pk]))
    decision = Decision.objects.get(prospect=home.prospect)
    assert decision.outcome == "reject"
    return home.prospect


def _detail(client: Any, prospect: Any, **headers: str) -> str:
    page = client.get(reverse("attraction:prospect_detail", args=[prospect.pk]), **headers)
    assert page.status_code == 200
    return page.content.decode()


def _steel_rule(items: list[dict[str, Any]]) -> dict[str, Any]:
    return next(f for f in items if f["rule_id"] == "TH-steel")


def test_every_core_message_id_has_a_wording_that_takes_its_params():
    assert set(wording.WORDING) == set(MESSAGE_IDS)
    for message_id, names in MESSAGE_IDS.items():
        fired = {"message_id": message_id, "params": dict.fromkeys(names, "x"), "message": "EN"}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                assert wording.reason(fired) != "EN", message_id


def test_every_message_the_shipped_rules_emit_is_worded():
    tree = read_industry_tree()
    rules = read_rule_set(tree=tree)
    seen = set()
    with translation.override("en"):
        for project, kw in FIRING:
            for fired in evaluate_admission(project, rules, tree, **kw).as_dict()["fired"]:
                text = wording.reason(fired)
                assert fired["message_id"] in wording.WORDING
                assert text, fired
                assert text != fired["message"], fired
                seen.add(fired["message_id"])
    assert seen == set(MESSAGE_IDS)


def test_params_words_are_translated_in_english():
    raised = {
        "message_id": "eia_raised",
        "params": {
            "code": "2110",
            "category": "report form (报告表)",
            "category_code": "report_form",
            "base": "registration form (登记表)",
            "base_code": "registration",
            "site": "sensitive",
        },
    }
    missing = {
        "message_id": "missing_data",
        "params": {"fields": "annual_energy_tce, emissions_t.cod"},
    }
    with translation.override("en"):
        assert wording.reason(raised) == (
            "Industry 2110 needs an EIA of category: EIA report form "
            "(raised from EIA registration form on an environmentally sensitive site)."
        )
        assert wording.reason(missing) == (
            "Data needed before a decision: expected energy use (tce/year), COD (t/year)."
        )
    with translation.override("zh-hans"):
        assert "预计年综合能耗（吨标准煤）、化学需氧量（吨/年）" in wording.reason(missing)


def test_a_stored_decision_without_message_ids_keeps_its_english_message():
    old = {"rule_id": "X", "message": "industry 3110 is a 两高 sector", "note": "n", "note_zh": ""}
    broken = {"message_id": "cap", "params": {"value": "1"}, "message": "fallback"}
    with translation.override("zh-hans"):
        assert wording.worded({"fired": [old]})[0]["text"] == "industry 3110 is a 两高 sector"
        assert wording.worded({"fired": [old]})[0]["note_text"] == "n"
        assert wording.reason(broken) == "fallback"


@pytest.mark.django_db
def test_the_decision_page_shows_chinese_reasons_by_default(client, steel):
    body = _detail(client, steel)
    assert REASON_ZH in body
    assert NOTE_ZH in body
    assert "行业 3110 须编制环境影响报告书。" in body
    assert REASON_EN not in body
    assert "is a 两高 sector" not in body
    assert NOTE_EN not in body


@pytest.mark.django_db
def test_the_decision_page_shows_english_reasons_in_english(client, steel):
    body = _detail(client, steel, HTTP_ACCEPT_LANGUAGE="en")
    assert REASON_EN in body
    assert NOTE_EN in body
    assert REASON_ZH not in body
    assert NOTE_ZH not in body
    body = _detail(client, steel, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert REASON_EN in body


@pytest.mark.django_db
def test_the_api_words_reasons_in_the_negotiated_language(client, steel):
    url = f"/api/prospects/{steel.pk}/decisions"
    zh = _steel_rule(client.get(url).json()[0]["result"]["fired"])
    assert zh["text"] == REASON_ZH
    assert zh["note_text"] == NOTE_ZH
    assert zh["message"] == "industry 3110 is a 两高 sector (iron and steel, listed as 31)"
    assert zh["message_id"] == "two_high"
    assert zh["params"] == {"code": "3110", "rule": "iron and steel", "hit": "31"}
    assert zh["params_zh"] == {"rule": "钢铁"}
    en = _steel_rule(client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()[0]["result"]["fired"])
    assert en["text"] == REASON_EN
    assert en["note_text"] == NOTE_EN
    zh_result = client.get(url).json()[0]["result"]
    assert "须编制环境影响报告书：签约前提交生态环境局审查。" in zh_result["referrals_text"]
    assert zh_result["conditions_text"] == []
    en_result = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()[0]["result"]
    assert en_result["referrals_text"] == en_result["referrals"]
    decision = Decision.objects.get(prospect=steel)
    one = client.get(f"/api/decisions/{decision.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert _steel_rule(one["result"]["fired"])["text"] == REASON_ZH
