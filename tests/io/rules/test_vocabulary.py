"""Vocabulary documents: every problem named by its path."""

from __future__ import annotations

import pytest

from microparks.io.rules import DocumentError, load_yaml
from microparks.io.rules.vocabulary import parse_vocabulary
from tests.io.rules.helpers import problem_texts


def problems(text: str) -> list[str]:
    with pytest.raises(DocumentError) as info:
        parse_vocabulary(load_yaml(text))
    return problem_texts(info.value)


def test_a_small_vocabulary_reads() -> None:
    words = parse_vocabulary(
        load_yaml(
            """
fields:
  land_area_m2: {headers: [面积], kind: number, quantity: area, unit: 亩, range: {above: 0}}
  ownership: {headers: [权属], codes: {state: [State-owned, 国有]}}
  building_year: {kind: year, range: {min: 1949, max: next_year}}
"""
        )
    )
    assert words.fields["ownership"].kind == "code"
    assert words.fields["land_area_m2"].unit == "亩"
    assert words.fields["building_year"].resolved_bounds({"next_year": 2030}).high == 2030  # type: ignore[union-attr]


def test_problems_are_named_by_path() -> None:
    found = problems(
        """
fields:
  a: {headers: [面积], quantity: area, unit: 英亩}
  b: {headers: [面积, 权属], codes: {x: [甲], y: [甲]}}
  c: {kind: number, range: {min: 5, max: 1}, unit: 亩}
  d: {kind: code}
  e: {kind: nonsense}
"""
    )
    assert "fields.a.unit: 英亩 is not a unit of area" in found[0]
    assert any(p.startswith("fields.b.codes.y: “甲” is given for both x and y") for p in found)
    assert any(p.startswith("fields.b.headers: “面积” is given for both a and b") for p in found)
    assert any(p.startswith("fields.c.unit: a unit needs a quantity") for p in found)
    assert any(p.startswith("fields.c.range: the range is empty") for p in found)
    assert any(p.startswith("fields.d.codes: missing") for p in found)
    assert any(p.startswith("fields.e.kind:") for p in found)


def test_the_shipped_sites_vocabulary_reads() -> None:
    from microparks.io.rules.shipped import load_shipped

    words = load_shipped("vocabulary", "sites")
    assert words.fields["land_area_m2"].quantity == "area"
    assert "序号" in words.ignored
    assert "合计" in words.totals
