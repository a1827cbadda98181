import pytest

from microparks.core.evaluation import (
    INDICATORS,
    SchemeError,
    load_scheme,
    scheme_from_dict,
    scheme_names,
)


def test_shipped_schemes_load_and_weights_sum_to_100():
    assert scheme_names() == ("huaian", "huangyan", "jingde")
    for name in scheme_names():
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
        ({"method": "magic"}, "unknown method"),
        ({"groups": {"all": {"items": [{"indicator": "nope", "weight": 1}]}}}, "unknown indicator"),
        ({"groups": {"all": {"items": [{"indicator": "tax_per_mu", "weight": -1}]}}}, "positive"),
        ({"classes": {"quota": {"A": 0.5, "B": 0.5, "D": 0.05}}}, "exceed"),
        ({"classes": {"method": "thresholds", "thresholds": {"A": 50, "B": 60, "C": 10}}}, "A ≥ B"),
        ({"policies": {"E": {}}}, "classes A, B, C, D"),
        ({"policies": {"A": {"bogus": 1}}}, "invalid scheme"),
        ({"name": None, "version": None, "groups": None}, "invalid scheme"),
        (
            {
                "groups": {
                    "a": {"applies_to": "all", "items": [{"indicator": "tax_per_mu", "weight": 1}]},
                    "b": {
                        "applies_to": "above_size",
                        "items": [{"indicator": "tax_per_mu", "weight": 1}],
                    },
                }
            },
            "cover firms once",
        ),
    ],
)
def test_invalid_schemes(change, message):
    with pytest.raises(SchemeError, match=message):
        scheme_from_dict({**MINIMAL, **change})


def test_unknown_scheme():
    with pytest.raises(SchemeError, match="unknown scheme"):
        load_scheme("nowhere")


def test_cap_limits_item_score():
    import numpy as np

    from microparks.core.evaluation import evaluate_firms

    scheme = scheme_from_dict(
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
