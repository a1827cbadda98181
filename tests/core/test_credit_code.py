"""GB 32100-2015 unified social credit codes, checked against real published codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microparks.core.codes import (
    CreditCodeError,
    calc_credit_code_check,
    check_credit_code,
    is_credit_code,
)
from microparks.core.codes.credit_code import ALPHABET

# Codes printed on business licences and in public registries.
REAL_CODES = [
    "91350100M000100Y43",  # the worked example of GB 32100-2015
    "91330100799655058B",  # 阿里巴巴(中国)有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "914403001922038216",  # 华为技术有限公司
    "91110000802100433B",  # 中国石油化工股份有限公司
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass(code: str) -> None:
    assert check_credit_code(code) == code
    assert calc_credit_code_check(code[:17]) == code[17]


def test_normalises_case_and_space() -> None:
    assert check_credit_code(" 9144030071526726xg ") == "9144030071526726XG"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91330100799655058C", "check character is C, expected B"),
        ("9133010079965505", "has 16"),
        ("91330100799655O58B", "O"),  # letter O is not in the alphabet
        ("9133010079965505SB", "S"),
    ],
)
def test_bad_codes_name_the_reason(code: str, reason: str) -> None:
    with pytest.raises(CreditCodeError, match=reason):
        check_credit_code(code)
    assert not is_credit_code(code)


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_every_single_substitution_is_caught(first17: str) -> None:
    code = first17 + calc_credit_code_check(first17)
    assert is_credit_code(code)
    # A weighted mod-31 sum with weights coprime to 31 detects every single-character error.
    for pos in range(17):
        for ch in ALPHABET[:5]:
            if ch != code[pos]:
                assert not is_credit_code(code[:pos] + ch + code[pos + 1 :])
