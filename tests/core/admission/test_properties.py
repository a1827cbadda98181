"""Invariants of the gate over random projects (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.admission import SEVERITY, evaluate_admission
from microparks.io.admission import read_industry_tree, read_rule_set
from tests.core.admission.conftest import project

TREE = read_industry_tree()
RULES = read_rule_set(tree=TREE)
CLASSES = sorted(c for c in TREE.parents if len(c) == 4 and c[:2] < "47")  # B, C, D sections
NUMBERS = ("annual_energy_tce", "annual_electricity_kwh", "output_cny", "water_m3")

codes = st.lists(st.sampled_from(CLASSES), min_size=1, max_size=3, unique=True)
amount = st.floats(min_value=0, max_value=1e6, allow_nan=False)
data = st.fixed_dictionaries(
    {
        "annual_energy_tce": amount,
        "annual_electricity_kwh": st.floats(min_value=0, max_value=1e8),
        "output_cny": st.floats(min_value=1e5, max_value=1e10),
        "water_m3": amount,
        "hazardous_chemicals_t": st.floats(min_value=0, max_value=50),
        "emissions_t": st.fixed_dictionaries(
            {
                k: st.floats(min_value=0, max_value=20)
                for k in ("cod", "nh3_n", "so2", "nox", "vocs")
            }
        ),
    }
)
site = st.sampled_from(["general", "sensitive"])


def severity(d: Any) -> int:
    return SEVERITY[d.outcome]


@settings(max_examples=150, deadline=None)
@given(codes, data, site)
def test_outcome_is_the_strictest_fired_rule(cs, values, s):
    d = evaluate_admission(project(*cs, **values), RULES, TREE, site_sensitivity=s)
    assert severity(d) == max((SEVERITY[f.outcome] for f in d.fired), default=0)
    assert all(f.rule_set_version == RULES.version for f in d.fired)
    assert d.passed == (d.outcome in ("admit", "admit_with_conditions"))


@settings(max_examples=150, deadline=None)
@given(codes, data, st.sampled_from(NUMBERS), site)
def test_missing_data_never_admits(cs, values, dropped, s):
    d = evaluate_admission(
        project(*cs, **(values | {dropped: None})), RULES, TREE, site_sensitivity=s
    )
    assert d.outcome in ("refer", "reject")
    assert dropped in d.missing or (dropped == "annual_electricity_kwh" and d.energy_tier)


@settings(max_examples=150, deadline=None)
@given(codes, data, st.floats(min_value=0, max_value=1e6), site)
def test_more_energy_is_never_milder(cs, values, extra, s):
    low = evaluate_admission(project(*cs, **values), RULES, TREE, site_sensitivity=s)
    more = values | {"annual_energy_tce": values["annual_energy_tce"] + extra}
    high = evaluate_admission(project(*cs, **more), RULES, TREE, site_sensitivity=s)
    assert severity(high) >= severity(low)


@settings(max_examples=100, deadline=None)
@given(codes, codes, data)
def test_a_composite_project_is_as_strict_as_its_strictest_part(a, b, values):
    both = list(dict.fromkeys(a + b))
    whole = evaluate_admission(project(*both, **values), RULES, TREE)
    parts = [evaluate_admission(project(*p, **values), RULES, TREE) for p in (a, b)]
    assert severity(whole) == max(severity(p) for p in parts)
    ranks = [RULES.eia.rank(p.eia_category) for p in parts]
    assert RULES.eia.rank(whole.eia_category) == max(ranks)


@settings(max_examples=100, deadline=None)
@given(codes, data, st.randoms(use_true_random=False))
def test_order_of_codes_does_not_matter(cs, values, rnd):
    shuffled = list(cs)
    rnd.shuffle(shuffled)
    d1 = evaluate_admission(project(*cs, **values), RULES, TREE)
    d2 = evaluate_admission(project(*shuffled, **values), RULES, TREE)
    assert (d1.outcome, d1.eia_category, d1.input_hash) == (
        d2.outcome,
        d2.eia_category,
        d2.input_hash,
    )
    assert {f.rule_id for f in d1.fired} == {f.rule_id for f in d2.fired}


@settings(max_examples=100, deadline=None)
@given(codes, data)
def test_a_sensitive_site_is_never_milder(cs, values):
    general = evaluate_admission(project(*cs, **values), RULES, TREE, site_sensitivity="general")
    sensitive = evaluate_admission(
        project(*cs, **values), RULES, TREE, site_sensitivity="sensitive"
    )
    assert severity(sensitive) >= severity(general)
    assert RULES.eia.rank(sensitive.eia_category) >= RULES.eia.rank(general.eia_category)
