"""Weight documents: targeting and matching weights sum to 1, components named."""

from __future__ import annotations

import pytest

from microparks.io.admission import read_industry_tree
from microparks.io.rules import DocumentError, load_shipped
from microparks.io.rules.weights import default_non_tradable, parse_matching, parse_targeting
from tests.io.rules.helpers import problem_texts


def test_targeting_weights_fill_the_missing_components_with_zero():
    w = parse_targeting({"version": "2", "weights": {"density": 0.75, "cog": 0.25}})
    assert w.weights == {
        "density": 0.75,
        "cog": 0.25,
        "labour_fit": 0.0,
        "endowment_fit": 0.0,
        "chain_fit": 0.0,
        "national_growth": 0.0,
    }
    assert w.version == "2"
    shipped = load_shipped("targeting")
    assert sum(shipped.weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weights": {"density": 1, "luck": 0.5}}, "weights: unknown keys luck (known: density,"),
        ({"weights": {"density": -1}}, "weights.density: must be at least 0, got -1"),
        ({"weights": {"density": 0}}, "weights: at least one weight must be greater than 0"),
        ({"weights": {"density": 0.5}}, "weights: the weights sum to 0.5; they must sum to 1"),
        ({"weights": {"density": "a lot"}}, "weights.density: expected a number, got 'a lot'"),
        ({"version": "1"}, "weights: missing"),
    ],
)
def test_bad_targeting_weights_are_refused_naming_the_field(data, message):
    with pytest.raises(DocumentError) as err:
        parse_targeting(data)
    assert any(p.startswith(message) for p in problem_texts(err.value)), problem_texts(err.value)


def test_matching_scales_are_checked():
    with pytest.raises(DocumentError) as err:
        parse_matching({"weights": {"rent": 1.0}, "distance_scale_m": 0, "missing": 2})
    assert problem_texts(err.value) == [
        "distance_scale_m: must be greater than 0, got 0",
        "missing: must be at most 1, got 2",
    ]


def test_the_shipped_document_lists_the_non_tradable_sections():
    shipped = load_shipped("targeting", known_codes=read_industry_tree().parents.keys())
    assert set("EHJKNOPQRST") <= set(shipped.non_tradable)
    assert "52" in shipped.non_tradable  # retail; wholesale (51) stays a candidate
    assert not set("ABCDGILM") & set(shipped.non_tradable)  # goods and producer services
    assert shipped.non_tradable == default_non_tradable()


def test_non_tradable_is_the_documents_own_list_else_the_shipped_one():
    weights = {"weights": {"density": 1}}
    assert parse_targeting({**weights, "non_tradable": ["K", "70"]}).non_tradable == ("K", "70")
    assert parse_targeting({**weights, "non_tradable": []}).non_tradable == ()
    # A document written before the list existed gets the shipped default's.
    assert parse_targeting(weights).non_tradable == default_non_tradable()


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ("K", "non_tradable: expected a list"),
        ([70], "non_tradable[0]: 70: quote industry codes ('0111', not 0111)"),
        (["K", "real estate"], "non_tradable[1]: 'real estate' is not a GB/T 4754 code"),
        (["F52"], "non_tradable[0]: 'F52' is not a GB/T 4754 code"),
        (["K", "K"], "non_tradable[1]: 'K' appears more than once"),
        (["K", "Z", "99"], "non_tradable: not in GB/T 4754-2017: 99, Z"),
    ],
)
def test_bad_non_tradable_codes_are_refused_naming_the_entry(codes, message):
    known = read_industry_tree().parents.keys()
    with pytest.raises(DocumentError) as err:
        parse_targeting({"weights": {"density": 1}, "non_tradable": codes}, known_codes=known)
    assert problem_texts(err.value) == [message]
