"""The small rules the editors rest on: keeping values as written, rescaling, judgements."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django import forms

from microparks.apps.rules.editors.ahp import judgement_out, nearest_saaty, parse_judgement
from microparks.apps.rules.editors.base import put, rescale


def test_a_value_left_as_it_was_keeps_its_written_form():
    doc = {"radius": 10000, "share": 0.5, "day": "2026-05-01", "flag": False}
    put(doc, "radius", 10000.0)
    put(doc, "share", 0.5)
    put(doc, "day", dt.date(2026, 5, 1))
    put(doc, "flag", False)
    assert doc == {"radius": 10000, "share": 0.5, "day": "2026-05-01", "flag": False}
    assert type(doc["radius"]) is int


def test_a_changed_value_is_written_tidy_and_a_blank_removes_the_key():
    doc = {"radius": 10000, "share": 0.5}
    put(doc, "radius", 12000.0)
    put(doc, "share", None)
    put(doc, "missing", 0.0, absent=0.0)  # what the parser assumes when absent: stays out
    put(doc, "added", 0.25, absent=0.0)
    assert doc == {"radius": 12000, "added": 0.25}
    assert type(doc["radius"]) is int


@pytest.mark.parametrize(
    ("values", "total"),
    [([0.5, 0.3, 0.2, 0.25], 1.0), ([1, 1, 1], 1.0), ([30, 20, 20, 10, 10, 15], 100.0)],
)
def test_rescaled_weights_sum_to_the_total_at_four_decimals(values, total):
    out = [float(v) for v in rescale(values, total)]
    assert sum(out) == pytest.approx(total, abs=1e-9)
    assert all(round(v, 4) == v for v in out)


def test_judgements_on_saatys_scale():
    assert parse_judgement(" 1/3 ") == Fraction(1, 3)
    assert parse_judgement("0.5") == Fraction(1, 2)
    for bad in ("10", "1/10", "0", "abc", "1/0"):
        with pytest.raises(forms.ValidationError):
            parse_judgement(bad)
    assert [judgement_out(Fraction(v)) for v in ("3", "1/3", "5/2", "0.333")] == [
        3,
        "1/3",
        "5/2",
        0.333,
    ]
    assert nearest_saaty(0.5 / 0.15) == 3
    assert nearest_saaty(0.1 / 0.9) == Fraction(1, 9)
