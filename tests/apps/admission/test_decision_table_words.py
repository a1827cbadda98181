"""A decision's table on the prospect's page: what each rule checks, its value and limit worded
(issue 18: no raw codes such as ``report`` or ``emissions_t.nox`` in the Chinese page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from microparks.apps.admission.wording import KINDS, value_and_limit

pytestmark = pytest.mark.engine_neutral


def fired(message_id: str, shown: Any, cap: Any, **params: str) -> dict[str, Any]:
    """A stored fired rule: its value and limit (``shown``, ``cap``) and message params."""
    return {"message_id": message_id, "value": shown, "limit": cap, "params": params}


@pytest.mark.parametrize(
    ("rule", "shown"),
    [
        (
            fired("eia", "3011", "report", code="3011", category="report", category_code="report"),
            ("3011", "环境影响报告书"),
        ),
        (
            fired(
                "energy_review", 48000.0, 10000.0, value="48,000", unit="tce", tier="x", limit="1"
            ),
            ("48,000 吨标准煤", "10,000 吨标准煤"),
        ),
        (
            fired("cap", 1.142857, 0.3, indicator="energy_intensity_tce_per_10k_cny"),
            ("1.143 吨标准煤/万元", "0.3 吨标准煤/万元"),
        ),
        (fired("cap", 620.0, 5.0, indicator="nox_t"), ("620 吨/年", "5 吨/年")),
        (fired("hazardous_storage", 40.0, 10.0, stored="40", limit="10"), ("40 吨", "10 吨")),
        (
            fired("missing_data", ["output_cny", "emissions_t.nox"], None, fields="output_cny"),
            ("—", "—"),
        ),
        (fired("positioning", ["3011", "3021"], ["39"], codes="3011, 3021"), ("3011、3021", "39")),
    ],
)
def test_values_and_limits_read_in_chinese(rule: dict[str, Any], shown: tuple[str, str]) -> None:
    with translation.override("zh-hans"):
        assert value_and_limit(rule) == shown


def test_prohibited_items_use_the_rule_sets_chinese_words() -> None:
    rule = fired("prohibited_processes", ["electroplating"], ["electroplating", "tanning"])
    rule["params"] = {"items": "electroplating"}
    rule["params_zh"] = {"items": "电镀"}
    with translation.override("zh-hans"):
        assert value_and_limit(rule) == ("电镀", "—")
    with translation.override("en"):
        assert value_and_limit(rule) == ("electroplating", "—")


def test_every_message_id_says_what_its_rule_checks() -> None:
    from microparks.core.admission import MESSAGE_IDS

    assert set(KINDS) == set(MESSAGE_IDS)
    with translation.override("zh-hans"):
        assert str(KINDS["cap"]) == "排放总量与强度上限"
