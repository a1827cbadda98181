"""Evaluation schemes as rules documents: the shipped ones, and what a scheme may not say."""

import pytest

from microparks.core.evaluation import INDICATORS
from microparks.io.rules import SHIPPED, DocumentError, load_shipped
from microparks.io.rules.evaluation import parse_evaluation
from tests.io.rules.helpers import problem_texts

NAMES = ("huangyan", "jingde", "huaian")


def load_scheme(name):
    return load_shipped("evaluation", name)


def test_shipped_schemes_load_and_weights_sum_to_100():
    assert tuple(s.name for s in SHIPPED if s.kind == "evaluation") == NAMES
    for name in NAMES:
        scheme = load_scheme(name)
        assert scheme.version
        assert scheme.source
        for group in scheme.groups:
            assert sum(i.weight for i in group.items) == pytest.approx(100)
            assert all(i.indicator in INDICATORS for i in group.items)


def test_huangyan_published_denominators():
    table = load_scheme("huangyan").benchmarks.table
    assert table[2021]["above_size"] == {
        "tax_per_mu": 26.01,
        "va_per_mu": 132.27,
        "va_per_tce": 2.54,
        "va_per_emission_t": 4861.08,
        "labour_productivity": 17.45,
        "rd_share": 0.0305,
    }
    assert table[2022]["above_size"]["tax_per_mu"] == 24.097
    assert table[2022]["above_size"]["va_per_emission_t"] == 4929.81


MINIMAL = {
    "name": "x",
    "version": "1",
    "method": "ratio",
    "groups": {"all": {"applies_to": "all", "items": [{"indicator": "tax_per_mu", "weight": 100}]}},
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"method": "magic"}, "method: 'magic' is not one of: ratio, minmax"),
        (
            {"groups": {"all": {"items": [{"indicator": "nope", "weight": 100}]}}},
            "groups.all.items[0].indicator: 'nope' is not one of",
        ),
        (
            {"groups": {"all": {"items": [{"indicator": "tax_per_mu", "weight": -1}]}}},
            "groups.all.items[0].weight: must be greater than 0, got -1",
        ),
        (
            {"groups": {"all": {"items": [{"indicator": "tax_per_mu", "weight": 90}]}}},
            "groups.all.items: the weights sum to 90; they must sum to 100",
        ),
        (
            {"benchmarks": {"table": {2024: {"all": {"tax_per_mu": -3}}}}},
            "benchmarks.table.2024.all.tax_per_mu: must be greater than 0, got -3",
        ),
        ({"classes": {"quota": {"A": 0.5, "B": 0.5, "D": 0.05}}}, "add up to more than 100 %"),
        (
            {"classes": {"method": "thresholds", "thresholds": {"A": 50, "B": 60, "C": 10}}},
            "classes.thresholds: thresholds need A ≥ B ≥ C",
        ),
        ({"policies": {"E": {}}}, "policies.E: policies may only be given for classes A, B, C, D"),
        ({"policies": {"A": {"bogus": 1}}}, "policies.A: unknown keys bogus"),
        ({"groups": None}, "groups: missing"),
        (
            {
                "groups": {
                    "a": {
                        "applies_to": "all",
                        "items": [{"indicator": "tax_per_mu", "weight": 100}],
                    },
                    "b": {
                        "applies_to": "above_size",
                        "items": [{"indicator": "tax_per_mu", "weight": 100}],
                    },
                }
            },
            "cover firms once",
        ),
    ],
)
def test_invalid_schemes(change, message):
    with pytest.raises(DocumentError) as err:
        parse_evaluation({**MINIMAL, **change})
    assert any(message in p for p in problem_texts(err.value)), problem_texts(err.value)


def test_every_problem_is_listed_at_once():
    bad = {
        **MINIMAL,
        "method": "magic",
        "groups": {"all": {"items": [{"indicator": "tax_per_mu", "weight": -1}]}},
        "policies": {"E": {}},
    }
    with pytest.raises(DocumentError) as err:
        parse_evaluation(bad)
    paths = {p.path for p in err.value.problems}
    assert {"method", "groups.all.items[0].weight", "policies.E"} <= paths


def test_unknown_scheme():
    with pytest.raises(KeyError, match="no shipped evaluation document 'nowhere'"):
        load_scheme("nowhere")


def test_cap_limits_item_score():
    import numpy as np

    from microparks.core.evaluation import evaluate_firms

    scheme = parse_evaluation(
        {
            **MINIMAL,
            "groups": {"all": {"items": [{"indicator": "tax_per_mu", "weight": 100, "cap": 120}]}},
            "benchmarks": {"table": {2024: {"all": {"tax_per_mu": 10}}}},
        }
    )
    land = np.full(3, 10000 / 15)  # 1 mu
    inputs = {"tax_cny": np.array([5e4, 1e5, 5e5]), "land_m2": land}
    result = evaluate_firms(scheme, inputs, 2024)
    assert result.scores.total.tolist() == pytest.approx([50, 100, 120])
