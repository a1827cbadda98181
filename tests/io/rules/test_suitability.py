"""Schemes as data: the shipped default, AHP-weighted schemes and refusals naming the entry."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from microparks.io.rules import DocumentError
from microparks.io.rules.suitability import parse_suitability
from microparks.io.schemes import read_scheme
from tests.io.rules.helpers import problem_texts

BASE = {
    "name": "test",
    "version": "1",
    "criteria": [
        {
            "name": "area",
            "field": "area_mu",
            "kind": "ideal",
            "lower": 5,
            "ideal": 50,
            "upper": 200,
            "weight": 0.5,
        },
        {
            "name": "road",
            "source": "nearest_distance",
            "layer": "roads",
            "kind": "cost",
            "lower": 0,
            "upper": 1000,
            "weight": 0.25,
        },
        {
            "name": "labour",
            "source": "catchment",
            "layer": "villages",
            "field": "pop",
            "radius_m": 5000,
            "kind": "benefit",
            "lower": 0,
            "upper": 10000,
            "weight": 0.25,
        },
    ],
    "vetoes": [{"layer": "farmland"}, {"name": "water", "layer": "water_source", "buffer_m": 200}],
}


def test_shipped_default_scheme_parses():
    scheme = read_scheme()
    assert scheme.name == "default"
    assert scheme.version
    assert scheme.weights.sum() == pytest.approx(1.0)
    assert {v.layer for v in scheme.vetoes} == {
        "ecological_red_line",
        "basic_farmland",
        "water_source",
    }
    assert "roads" in scheme.layers


def test_weights_and_layers_listed():
    scheme = parse_suitability(BASE)
    np.testing.assert_allclose(scheme.weights, [0.5, 0.25, 0.25])
    assert scheme.layers == ("roads", "villages", "farmland", "water_source")
    assert scheme.vetoes[0].name == "farmland"
    assert scheme.vetoes[1].buffer_m == 200
    assert scheme.criteria[0].transform.kind == "ideal"


def test_pairwise_judgements_give_ahp_weights():
    data = copy.deepcopy(BASE)
    for c in data["criteria"]:
        del c["weight"]
    data["pairwise"] = [[1, 2, 2], ["1/2", 1, 1], ["1/2", 1, 1]]
    scheme = parse_suitability(data)
    np.testing.assert_allclose(scheme.weights, [0.5, 0.25, 0.25])
    assert scheme.ahp is not None
    assert scheme.ahp.consistency_ratio == pytest.approx(0, abs=1e-9)


def _broken(path, value):
    data = copy.deepcopy(BASE)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("method",), "electre", "method: 'electre' is not one of: wsm, topsis"),
        (("criteria", 0, "field"), None, "criteria[0].field: attribute criteria need field"),
        (("criteria", 1, "layer"), None, "criteria[1].layer: nearest_distance criteria need layer"),
        (("criteria", 2, "radius_m"), None, "criteria[2].radius_m: missing"),
        (("criteria", 1, "upper"), "far", "criteria[1].upper: expected a number, got 'far'"),
        (("criteria", 1, "lower"), 5000, "criteria[1]: the value function is not usable"),
        (("criteria", 1, "source"), "raster", "criteria[1].source: 'raster' is not one of"),
        (("criteria", 2, "weight"), None, "criteria: criteria without a weight: labour"),
        (("criteria", 2, "weight"), 0.5, "criteria: the weights sum to 1.25; they must sum to 1"),
        (("criteria", 2, "name"), "area", "criteria: 'area' appears more than once"),
        (("vetoes", 1, "buffer_m"), -5, "vetoes[1].buffer_m: must be at least 0, got -5"),
        (
            ("pairwise",),
            [[1, 3, 3], [1 / 3, 1, 1], [1 / 3, 1, 1]],
            "pairwise: give either pairwise judgements or a weight",
        ),
        (("criteria", 0, "colour"), "red", "criteria[0]: unknown keys colour"),
    ],
)
def test_bad_schemes_are_refused_naming_the_entry(path, value, message):
    with pytest.raises(DocumentError) as err:
        parse_suitability(_broken(path, value))
    assert any(message in p for p in problem_texts(err.value)), problem_texts(err.value)


def test_inconsistent_pairwise_scheme_is_refused():
    data = copy.deepcopy(BASE)
    for c in data["criteria"]:
        del c["weight"]
    data["pairwise"] = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
    with pytest.raises(DocumentError) as err:
        parse_suitability(data)
    (problem,) = err.value.problems
    assert problem.path == "pairwise"
    assert "consistency ratio" in problem.text()
    assert float(problem.params["cr"]) > 0.1


def test_scheme_files_errors_name_the_file(tmp_path):
    path = tmp_path / "s.yaml"
    with pytest.raises(DocumentError, match="cannot read"):
        read_scheme(path)
    path.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(DocumentError, match="not valid YAML"):
        read_scheme(path)
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="expected a mapping"):
        read_scheme(path)
    path.write_text("name: x\nversion: 1\ncriteria: []\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="criteria: at least one entry is needed"):
        read_scheme(path)
