"""Site scores: vetoed sites never rank, contributions add up, missing values count as worst."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from microparks.core.suitability import (
    SuitabilityInputError,
    score_suitability,
)
from microparks.io.rules.suitability import parse_suitability

SCHEME = parse_suitability(
    {
        "name": "t",
        "version": "3",
        "criteria": [
            {
                "name": "area",
                "field": "a",
                "kind": "benefit",
                "lower": 0,
                "upper": 100,
                "weight": 0.5,
            },
            {
                "name": "road",
                "field": "r",
                "kind": "cost",
                "lower": 0,
                "upper": 1000,
                "weight": 0.3,
            },
            {
                "name": "zoning",
                "field": "z",
                "kind": "benefit",
                "transform": "threshold",
                "threshold": 1,
                "weight": 0.2,
            },
        ],
    }
)
TOPSIS = parse_suitability(
    {
        "name": "t",
        "version": "3",
        "method": "topsis",
        "criteria": [
            {
                "name": "area",
                "field": "a",
                "kind": "benefit",
                "lower": 0,
                "upper": 100,
                "weight": 0.5,
            },
            {
                "name": "road",
                "field": "r",
                "kind": "cost",
                "lower": 0,
                "upper": 1000,
                "weight": 0.5,
            },
        ],
    }
)


def test_scores_by_hand_with_a_veto():
    values = [[50, 500, 1], [100, 0, 0], [20, 200, 1]]
    r = score_suitability(values, SCHEME, {"farmland": [False, False, True]}, ["S1", "S2", "S3"])
    np.testing.assert_allclose(r.scores[:2], [0.5 * 0.5 + 0.3 * 0.5 + 0.2, 0.5 + 0.3])
    assert np.isnan(r.scores[2])
    assert list(r.ranks) == [2, 1, 0]  # 0.6 < 0.8
    assert r.veto_reasons == ((), (), ("farmland",))
    np.testing.assert_allclose(np.nansum(r.contributions[:2], axis=1), r.scores[:2])
    assert np.all(np.isnan(r.contributions[2]))
    assert r.provenance()["scheme_version"] == "3"
    assert len(r.input_hash) == 64


def test_missing_values_count_as_worst_and_are_reported():
    r = score_suitability([[np.nan, 0, 1], [100, np.nan, 1]], SCHEME)
    np.testing.assert_allclose(r.utilities, [[0, 1, 1], [1, 0, 1]])
    assert r.missing == {"area": 1, "road": 1, "zoning": 0}


def test_all_vetoed():
    r = score_suitability([[1, 1, 1]], SCHEME, {"v": [True]})
    assert np.isnan(r.scores[0])
    assert r.ranks[0] == 0


@pytest.mark.parametrize(
    ("values", "vetoes", "ids", "message"),
    [
        ([[1, 2]], None, None, "expected 3 criterion columns"),
        ([[1, 2, 3]], {"v": [True, False]}, None, "veto 'v' has 2 values for 1 sites"),
        ([[1, 2, 3]], None, ["a", "b"], "2 ids for 1 sites"),
    ],
)
def test_bad_inputs(values, vetoes, ids, message):
    with pytest.raises(SuitabilityInputError, match=message):
        score_suitability(values, SCHEME, vetoes, ids)


site_values = arrays(
    np.float64,
    st.tuples(st.integers(2, 30), st.just(3)),
    elements=st.floats(0, 2000, allow_nan=False),
)


@settings(max_examples=80, deadline=None)
@given(site_values, st.data())
def test_vetoed_sites_never_rank_and_do_not_move_the_others(values, data):
    n = values.shape[0]
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    for scheme in (SCHEME, TOPSIS):
        x = values[:, : len(scheme.criteria)]
        r = score_suitability(x, scheme, {"zone": mask})
        assert np.all(r.ranks[mask] == 0)
        assert np.all(np.isnan(r.scores[mask]))
        assert sorted(r.ranks[~mask]) == list(range(1, int((~mask).sum()) + 1))
        ok = r.scores[~mask]
        assert np.all((ok >= -1e-12) & (ok <= 1 + 1e-12))
        # the vetoed sites' values cannot influence the others' scores
        garbage = x.copy()
        garbage[mask] = data.draw(st.floats(0, 1e6))
        again = score_suitability(garbage, scheme, {"zone": mask})
        np.testing.assert_allclose(again.scores[~mask], ok, atol=1e-12)
