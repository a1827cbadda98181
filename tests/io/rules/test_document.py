"""Reading a document's YAML: problems with a place, no alias bombs, canonical hashes."""

from __future__ import annotations

import datetime as dt

import pytest

from microparks.io.rules import DocumentError, content_sha256, load_yaml
from microparks.io.rules.servicedesk import parse_calendar
from tests.io.rules.helpers import problem_texts

BOMB = """a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
"""


def test_aliases_are_refused_with_their_line():
    with pytest.raises(DocumentError) as err:
        load_yaml(BOMB)
    (problem,) = err.value.problems
    assert problem.params["line"] == 2
    assert "aliases" in problem.text()


def test_a_date_that_does_not_exist_is_named_by_its_field():
    data = load_yaml("days_off:\n  - {date: 2026-02-30, name: x}\n  - {date: 2026-02-27}\n")
    assert data["days_off"][1]["date"] == dt.date(2026, 2, 27)
    with pytest.raises(DocumentError) as err:
        parse_calendar(data)
    assert problem_texts(err.value) == [
        "days_off[0].date: expected a date (YYYY-MM-DD), got '2026-02-30'"
    ]


def test_the_hash_ignores_comments_and_layout_but_not_values():
    one = load_yaml("# note\nweights: {rent: 0.5, suitability: 0.5}\n")
    two = load_yaml("weights:\n  suitability: 0.5\n  rent: 0.5\n")
    three = load_yaml("weights: {rent: 0.4, suitability: 0.6}\n")
    assert content_sha256(one) == content_sha256(two) != content_sha256(three)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        ("", "the document is empty"),
        ("- a list\n", "expected a mapping"),
        ("weights: {rent: 0.5\n", r"not valid YAML \(line 2"),
        ("x: !!python/object:os.system ls\n", "not valid YAML"),
    ],
)
def test_what_is_not_a_document(text, message):
    with pytest.raises(DocumentError, match=message):
        load_yaml(text)


def test_a_file_saved_as_gbk_on_chinese_windows_is_read():
    text = "# 本县时限（县政府常务会议）\ndefault: {ack: 1, respond: 3, close: 5}\n"
    assert load_yaml(text.encode("gbk")) == load_yaml(text.encode("utf-8"))
