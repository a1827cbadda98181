"""Tiny and degenerate groups (1–3 firms, equal values, zeros, missing figures): every score
finite and in range, every firm graded, each degenerate case named, no lone firm D by quota."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.evaluation import SMALL_GROUP, ClassRule, evaluate_firms, grade_firms
from microparks.core.evaluation.advice import calc_next_class_targets, indicator_change_for
from microparks.core.evaluation.scoring import ALL_EQUAL, NO_DATA, ONE_FIRM
from microparks.io.rules import load_shipped

SCHEMES = ["huangyan", "jingde", "huaian"]
figure = st.one_of(st.just(0.0), st.just(np.nan), st.just(1.0e6), st.floats(0, 1e8))


@st.composite
def tiny_groups(draw):
    n = draw(st.integers(min_value=1, max_value=3))
    equal = draw(st.booleans())  # every firm the same figures

    def col(strategy):
        values = draw(st.lists(strategy, min_size=n, max_size=n))
        return np.array([values[0]] * n if equal else values, dtype=float)

    return {
        "tax_cny": col(st.one_of(st.just(0.0), st.floats(0, 1e8))),
        "value_added_cny": col(st.one_of(st.just(0.0), st.floats(0, 1e8))),
        "revenue_cny": col(st.one_of(st.just(0.0), st.floats(0, 1e9))),
        "land_m2": col(st.floats(min_value=3400, max_value=1e5)),
        "jobs": col(st.integers(min_value=0, max_value=500)),
        "energy_tce": col(st.one_of(st.just(0.0), st.floats(0, 1e4))),
        "electricity_kwh": col(st.one_of(st.just(0.0), st.floats(0, 1e7))),
        "emissions_t": col(st.one_of(st.just(np.nan), st.just(0.0), st.floats(0.01, 50))),
        "rd_cny": col(st.one_of(st.just(0.0), st.floats(0, 1e7))),
        "water_t": col(st.one_of(st.just(np.nan), st.floats(0, 1e5))),
        "above_size": col(st.booleans()).astype(bool),
    }


def _plain(result):
    """What a stored result would hold: ranges, benchmarks, notes, terms, as JSON."""
    return {
        "ranges": result.scores.ranges,
        "benchmarks": result.scores.benchmarks,
        "notes": result.notes,
        "next": [None if np.isnan(t) else float(t) for t in result.next_total],
    }


@pytest.mark.parametrize("name", SCHEMES)
@settings(max_examples=60, deadline=None)
@given(inputs=tiny_groups())
def test_tiny_groups_give_finite_scores_in_range(name, inputs):
    scheme = load_shipped("evaluation", name)
    result = evaluate_firms(scheme, inputs, 2022)
    ev = result.evaluated
    assert np.all(np.isfinite(result.scores.total[ev]))
    assert np.all(result.scores.total[ev] >= 0)
    for group in scheme.groups:
        for item in group.items:
            s = result.scores.item_scores[item.indicator][ev & (result.scores.group >= 0)]
            s = s[~np.isnan(s)]
            assert np.all(np.isfinite(s))
            assert np.all(s >= 0)
            assert np.all(s <= (item.cap if item.cap is not None else np.inf) + 1e-9)
    assert set(result.classes[ev].tolist()) <= set("ABCD")
    assert set(result.classes[~ev].tolist()) <= {"T"}
    json.dumps(_plain(result), allow_nan=False)  # nothing a JSON field would refuse
    # quota schemes: fewer than five firms are graded by bands, never D for the group's best
    if scheme.classes.method == "quota":
        assert set(result.basis[ev].tolist()) <= {SMALL_GROUP}
        for gi in set(result.scores.group[ev].tolist()):
            members = ev & (result.scores.group == gi)
            best = result.scores.total[members].max()
            if best >= scheme.classes.bands["C"]:
                assert "D" not in result.classes[members & (result.scores.total == best)]


def test_lone_firm_scoring_100_is_not_d_and_pays_no_surcharge():
    scheme = load_shipped("evaluation", "jingde")
    inputs = {
        "tax_cny": np.array([5e5]),
        "value_added_cny": np.array([2e6]),
        "revenue_cny": np.array([8e6]),
        "land_m2": np.array([20000.0]),
        "jobs": np.array([30.0]),
        "energy_tce": np.array([50.0]),
        "electricity_kwh": np.array([9e5]),
        "emissions_t": np.array([2.0]),
        "rd_cny": np.array([1e5]),
        "above_size": np.array([False]),
    }
    result = evaluate_firms(scheme, inputs, 2022)
    assert result.scores.total[0] == pytest.approx(100)
    assert result.classes.tolist() == ["A"]
    assert result.terms["electricity_surcharge_cny"][0] == 0
    codes = [n["code"] for n in result.notes[0]]
    assert codes[0] == SMALL_GROUP
    assert result.notes[0][0]["firms"] == 1
    assert ONE_FIRM in codes


def test_equal_values_and_no_data_are_named():
    scheme = load_shipped("evaluation", "jingde")
    n = 2
    inputs = {
        "tax_cny": np.full(n, 5e5),
        "value_added_cny": np.full(n, 2e6),
        "revenue_cny": np.array([8e6, 9e6]),
        "land_m2": np.full(n, 20000.0),
        "jobs": np.full(n, 30.0),
        "energy_tce": np.full(n, 50.0),
        "electricity_kwh": np.full(n, 9e5),
        "emissions_t": np.full(n, np.nan),
        "rd_cny": np.full(n, 1e5),
        "above_size": np.zeros(n, bool),
    }
    result = evaluate_firms(scheme, inputs, 2022)
    notes = {(x["code"], x.get("indicator")) for x in result.notes[0]}
    assert (ALL_EQUAL, "tax_per_mu") in notes
    assert (NO_DATA, "revenue_per_emission_t") in notes
    assert "revenue_per_emission_t" not in result.scores.ranges["below_size"]


def test_quota_still_applies_from_the_minimum_group_size():
    rule = ClassRule(min_quota_group=5)
    ev = np.ones(5, bool)
    assert "".join(grade_firms(np.array([100.0] * 4 + [99.0]), ev, ~ev, rule)) == "CCCCD"
    four = np.ones(4, bool)
    assert "".join(grade_firms(np.array([100.0, 95, 72, 40]), four, ~four, rule)) == "AABD"


def test_vetoed_firm_in_a_small_group_stays_d():
    rule = ClassRule(min_quota_group=5)
    veto = np.array([True, False])
    assert grade_firms(np.array([100.0, 100.0]), np.ones(2, bool), veto, rule).tolist() == [
        "D",
        "A",
    ]


def test_next_class_under_a_quota_is_the_lowest_total_of_that_class():
    nxt, at = calc_next_class_targets(
        [90, 80, 70, 60], ["A", "B", "C", "D"], ["quota"] * 4, [0] * 4, [False] * 4, ClassRule()
    )
    assert nxt.tolist() == ["", "A", "B", "C"]
    assert at[1:].tolist() == pytest.approx([90.01, 80.01, 70.01])


def test_indicator_change_for_stops_at_the_cap():
    assert indicator_change_for(5, "ratio", 20, 24, 20, benchmark=10) is None
    assert indicator_change_for(4, "ratio", 20, 24, 20, benchmark=10) == pytest.approx(2.0)
