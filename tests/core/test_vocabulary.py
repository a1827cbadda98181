"""The words of a county's tables: units, headers and numbers as people write them."""

from __future__ import annotations

import pytest

from microparks.core.units import M2_PER_MU, UnknownUnitError, calc_in_base, unit_factor
from microparks.core.vocabulary import (
    Bounds,
    FieldWords,
    Vocabulary,
    match_headers,
    normalise_word,
    parse_number,
    split_unit,
)

AREA = FieldWords("land_area_m2", ("面积", "占地面积", "土地面积"), "number", "area", "平方米")
FLOOR = FieldWords("floor_area_m2", ("建筑面积",), "number", "area", "平方米")
OWNER = FieldWords("ownership", ("土地性质",), "code", codes={"state": ("State-owned", "国有")})
WORDS = Vocabulary({f.key: f for f in (AREA, FLOOR, OWNER)})


@pytest.mark.parametrize(
    ("unit", "quantity", "factor"),
    [
        ("亩", "area", M2_PER_MU),
        ("（㎡）", "area", 1.0),
        ("m²", "area", 1.0),
        ("公顷", "area", 10_000.0),
        ("平方公里", "area", 1e6),
        ("万元", "money", 1e4),
        ("亿元", "money", 1e8),
        ("吨标准煤", "energy", 1.0),
        ("万千瓦时", "electricity", 1e4),
        ("立方米", "water", 1.0),
    ],
)
def test_unit_factors(unit: str, quantity: str, factor: float) -> None:
    assert unit_factor(quantity, unit) == pytest.approx(factor)


def test_fifteen_mu_are_ten_thousand_square_metres_and_unknown_units_are_refused() -> None:
    assert calc_in_base(15, "area", "亩") == pytest.approx(10_000)
    with pytest.raises(UnknownUnitError):
        unit_factor("area", "英亩")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("占地面积（亩）", ("占地面积", "亩")),
        ("占地面积(亩)", ("占地面积", "亩")),
        ("占地面积/亩", ("占地面积", "亩")),
        ("占地面积亩", ("占地面积", "亩")),
        ("建筑面积（㎡）", ("建筑面积", "m2")),
        ("面积", ("面积", "")),
    ],
)
def test_split_unit(header: str, expected: tuple[str, str]) -> None:
    assert split_unit(header, "area") == expected


def test_headers_are_matched_once_each_with_their_units() -> None:
    found = match_headers(["序号", " 土地 面积（公顷）", "建筑面积", "*土地性质：", "其他"], WORDS)
    assert found.columns == {
        "land_area_m2": " 土地 面积（公顷）",
        "floor_area_m2": "建筑面积",
        "ownership": "*土地性质：",
    }
    assert found.units == {"land_area_m2": "公顷"}
    assert found.unknown == ("序号", "其他")


def test_codes_are_found_by_code_label_or_synonym_in_any_width() -> None:
    assert [OWNER.code_of(t) for t in ("state", "State-owned", "国有", " 国 有 ", "公有")] == [
        "state",
        "state",
        "state",
        "state",
        None,
    ]
    assert normalise_word("ＡＢＣ　１") == "abc1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.5", (12.5, "")),
        ("1,234.5 亩", (1234.5, "亩")),
        ("１２", (12.0, "")),
        ("-3", (-3.0, "")),
        ("3e2", (300.0, "")),
        ("abc", None),
        ("inf", None),
        ("", None),
    ],
)
def test_parse_number(text: str, expected: tuple[float, str] | None) -> None:
    assert parse_number(text) == expected


def test_bounds_hold_finite_values_in_range_only() -> None:
    bounds = Bounds(above=0, high=10)
    assert [bounds.holds(v) for v in (0, 0.1, 10, 10.1, float("nan"), float("inf"))] == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]
    assert bounds.describe("m²") == "> 0, ≤ 10 m²"
    assert Bounds(low=1949, high_from="next_year").resolved({"next_year": 2027}).high == 2027
