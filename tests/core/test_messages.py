"""Messages born in pure code: English as a ``str``, translatable by their template."""

from __future__ import annotations

import math

import pytest

from microparks.core.messages import Message, MessageError, text_of
from microparks.core.replicability import check_scheme, eligibility_message, eligibility_reason

WORDS = {
    "%(column)s outside [%(low)s, %(high)s]": "%(column)s 不在 [%(low)s, %(high)s] 范围内",
    "invalid concordance: %(problems)s": "对照表无效：%(problems)s",
    "%(code)s: unknown sector %(sector)s": "%(code)s：未知部门 %(sector)s",
}


def zh(text: str) -> str:
    return WORDS.get(text, text)


def test_a_message_is_its_english_text_and_translates_its_template() -> None:
    message = eligibility_message("population", 50000, math.inf)
    assert message == "population outside [50000, inf]"
    assert message.text(zh) == "population 不在 [50000, inf] 范围内"


def test_an_error_carries_nested_messages_each_translated() -> None:
    problems = tuple(
        Message("%(code)s: unknown sector %(sector)s", {"code": c, "sector": "'x'"}) for c in "AB"
    )
    error = MessageError("invalid concordance: %(problems)s", {"problems": problems})
    assert str(error) == "invalid concordance: A: unknown sector 'x'; B: unknown sector 'x'"
    assert text_of(error, zh) == "对照表无效：A：未知部门 'x'; B：未知部门 'x'"
    assert text_of(KeyError("k"), zh) == "'k'"  # not ours: as Python words it


@pytest.mark.parametrize(
    ("text", "found"),
    [("population outside [50000, inf]", True), ("population outside [1, 2]", False), ("", False)],
)
def test_a_files_reason_is_found_again_only_through_the_rule_that_wrote_it(
    text: str, found: bool
) -> None:
    scheme = check_scheme(
        {"indicators": {"a": {"weight": 1}}, "eligibility": {"population": {"min": 50000}}}
    )
    reason = eligibility_reason(text, scheme)
    assert (reason is not None) is found
    if reason is not None:
        assert reason.text(zh) == "population 不在 [50000, inf] 范围内"
