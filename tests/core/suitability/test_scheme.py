"""Schemes as data: the shipped default, AHP-weighted schemes and refusals naming the entry."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from microparks.core.suitability import SchemeError, parse_scheme
from microparks.io.schemes import read_scheme, read_scheme_data

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
            "weight": 2,
        },
        {
            "name": "road",
            "source": "nearest_distance",
            "layer": "roads",
            "kind": "cost",
            "lower": 0,
            "upper": 1000,
            "weight": 1,
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
            "weight": 1,
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


def test_weights_are_rescaled_and_layers_listed():
    scheme = parse_scheme(BASE)
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
    scheme = parse_scheme(data)
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
        (("name",), None, "no 'name'"),
        (("method",), "electre", "method 'electre'"),
        (("criteria", 0, "field"), None, r"criteria\[0\] \(area\): an attribute criterion needs"),
        (("criteria", 1, "layer"), None, "needs 'layer'"),
        (("criteria", 2, "radius_m"), None, "radius_m"),
        (("criteria", 1, "upper"), "far", r"criteria\[1\] \(road\)\.upper: 'far' is not a number"),
        (("criteria", 1, "lower"), 5000, "must be below"),
        (("criteria", 1, "source"), "raster", "source 'raster'"),
        (("criteria", 2, "weight"), None, "without a weight: labour"),
        (("criteria", 2, "name"), "area", "unique"),
        (("vetoes", 1, "buffer_m"), -5, "non-negative"),
        (("pairwise",), [[1, 3, 3], [1 / 3, 1, 1], [1 / 3, 1, 1]], "either 'pairwise'"),
    ],
)
def test_bad_schemes_are_refused_naming_the_entry(path, value, message):
    with pytest.raises(SchemeError, match=message):
        parse_scheme(_broken(path, value))


def test_inconsistent_pairwise_scheme_is_refused():
    data = copy.deepcopy(BASE)
    for c in data["criteria"]:
        del c["weight"]
    data["pairwise"] = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
    with pytest.raises(SchemeError, match="pairwise: consistency ratio"):
        parse_scheme(data)


def test_scheme_files_errors_name_the_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(SchemeError, match="cannot read the scheme"):
        read_scheme(path)
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(SchemeError, match="holds a mapping"):
        read_scheme_data(path)
    path.write_text("name: x\nversion: 1\ncriteria: []\n", encoding="utf-8")
    with pytest.raises(SchemeError, match=f"{path}: the scheme has no 'criteria'"):
        read_scheme(path)
