"""Weight documents: targeting and matching weights sum to 1, components named."""

from __future__ import annotations

import pytest

from microparks.io.rules import DocumentError, load_shipped
from microparks.io.rules.weights import parse_matching, parse_targeting
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
