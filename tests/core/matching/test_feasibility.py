"""Feasibility: every condition named, vectorised checks equal a per-pair reference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microparks.core.matching import (
    CONDITIONS,
    MatchingInputError,
    code_matches,
    decode_failures,
    evaluate_feasibility,
    industry_allowed,
)

BASE_SITE = {
    "id": "S",
    "capacity": 1,
    "land_area_m2": 5000.0,
    "floor_area_m2": 3000.0,
    "power_capacity_kva": 800.0,
    "water_supply_t_per_day": 100.0,
    "ceiling_height_m": 9.0,
    "floor_load_kn_m2": 20.0,
    "rent_cny_per_m2_month": 12.0,
    "allowed_industries": "C13;C14",
    "excluded_industries": "C1331",
    "labour_pool": 500.0,
}
BASE_PROSPECT = {
    "id": "P",
    "industry": "C1391",
    "land_area_min_m2": 2000.0,
    "land_area_max_m2": 8000.0,
    "floor_area_min_m2": 1000.0,
    "power_kva": 400.0,
    "water_t_per_day": 50.0,
    "ceiling_height_min_m": 6.0,
    "floor_load_min_kn_m2": 10.0,
    "max_rent_cny_per_m2_month": 15.0,
    "jobs_needed": 100.0,
}


def one(prospect_changes=None, site_changes=None):
    p = pd.DataFrame([{**BASE_PROSPECT, **(prospect_changes or {})}])
    s = pd.DataFrame([{**BASE_SITE, **(site_changes or {})}])
    return evaluate_feasibility(p, s)


def test_base_pair_is_feasible():
    res = one()
    assert res.feasible[0, 0]
    assert res.reasons(0, 0) == ()


@pytest.mark.parametrize(
    ("prospect_changes", "site_changes", "reason"),
    [
        ({"land_area_min_m2": 6000.0}, {}, "land_area_too_small"),
        ({"land_area_max_m2": 4000.0}, {}, "land_area_too_large"),
        ({"floor_area_min_m2": 3500.0}, {}, "floor_area"),
        ({"power_kva": 900.0}, {}, "power"),
        ({}, {"water_supply_t_per_day": 10.0}, "water"),
        ({"ceiling_height_min_m": 10.0}, {}, "ceiling_height"),
        ({}, {"floor_load_kn_m2": 5.0}, "floor_load"),
        ({"max_rent_cny_per_m2_month": 10.0}, {}, "rent"),
        ({"industry": "C1711"}, {}, "industry"),
        ({"industry": "C1331"}, {}, "industry"),
        ({"jobs_needed": 600.0}, {}, "labour"),
    ],
)
def test_each_condition_is_named(prospect_changes, site_changes, reason):
    res = one(prospect_changes, site_changes)
    assert not res.feasible[0, 0]
    assert res.reasons(0, 0) == (reason,)
    assert res.failure_counts()[reason] == 1


def test_several_failures_are_all_named():
    res = one({"power_kva": 900.0, "jobs_needed": 600.0})
    assert set(res.reasons(0, 0)) == {"power", "labour"}


def test_missing_site_values_are_not_held_against_the_site_and_shared_sites_are_never_too_large():
    site = {
        "ceiling_height_m": np.nan,
        "floor_load_kn_m2": None,
        "rent_cny_per_m2_month": np.nan,
        "labour_pool": np.nan,
        "power_capacity_kva": np.nan,
    }
    assert one(site_changes=site).feasible[0, 0]
    assert one({"land_area_max_m2": 4000.0}, {"capacity": 3}).feasible[0, 0]


def test_defaults_when_optional_columns_are_absent():
    res = evaluate_feasibility(pd.DataFrame({"id": [1, 2]}), pd.DataFrame({"id": ["a"]}))
    assert res.feasible.all()
    assert res.prospect_ids == (1, 2)
    assert res.site_ids == ("a",)


@pytest.mark.parametrize(
    ("code", "pattern", "expected"),
    [
        ("C1311", "C13", True),
        ("C1311", "13", True),
        ("1311", "C13", True),
        ("C1311", "C", True),
        ("1311", "C", False),
        ("C1311", "C14", False),
        ("C1311", "D13", False),
        ("C1311", "C1311", True),
        ("C131", "C1311", False),
        ("", "C13", False),
        ("c13.11", "c13", True),
    ],
)
def test_industry_code_prefix_matching(code, pattern, expected):
    assert code_matches(code, pattern) is expected


def test_industry_allowed_with_positioning_and_exclusions():
    table = industry_allowed(["C1311", "C1711", ""], ["C13、C14", "", "C13"], ["", "C17", "C1311"])
    assert table.tolist() == [[True, True, False], [False, False, False], [False, True, False]]


def test_decode_failures_roundtrip():
    assert decode_failures(0) == ()
    assert decode_failures((1 << len(CONDITIONS)) - 1) == CONDITIONS


def reference_failures(p: dict, s: dict) -> set[str]:
    """Per-pair statement of the rules, written independently of the vectorised code."""
    out = set()

    def short(need, have):
        return need > 0 and not np.isnan(have) and have < need

    if s["land_area_m2"] < p["land_area_min_m2"]:
        out.add("land_area_too_small")
    single = s["capacity"] == 1 and not np.isnan(p["land_area_max_m2"])
    if single and s["land_area_m2"] > p["land_area_max_m2"]:
        out.add("land_area_too_large")
    for need, have, name in [
        ("floor_area_min_m2", "floor_area_m2", "floor_area"),
        ("power_kva", "power_capacity_kva", "power"),
        ("water_t_per_day", "water_supply_t_per_day", "water"),
        ("ceiling_height_min_m", "ceiling_height_m", "ceiling_height"),
        ("floor_load_min_kn_m2", "floor_load_kn_m2", "floor_load"),
        ("jobs_needed", "labour_pool", "labour"),
    ]:
        if short(p[need], s[have]):
            out.add(name)
    budget, rent = p["max_rent_cny_per_m2_month"], s["rent_cny_per_m2_month"]
    if not np.isnan(budget) and not np.isnan(rent) and rent > budget:
        out.add("rent")
    allowed = [a for a in s["allowed_industries"].split(";") if a]
    excluded = [a for a in s["excluded_industries"].split(";") if a]
    ok = not allowed or any(p["industry"].startswith(a) for a in allowed)
    if not ok or any(p["industry"].startswith(a) for a in excluded):
        out.add("industry")
    return out


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_vectorised_checks_equal_per_pair_reference(seed):
    rng = np.random.default_rng(seed)
    n, m = 7, 5

    def maybe_nan(x, p=0.2):
        return np.where(rng.random(x.shape) < p, np.nan, x)

    codes = ["C1311", "C1391", "C1711", "C2011", "C13"]
    prospects = pd.DataFrame(
        {
            "id": range(n),
            "industry": rng.choice(codes, n),
            "land_area_min_m2": rng.uniform(0, 5000, n),
            "land_area_max_m2": maybe_nan(rng.uniform(4000, 9000, n)),
            "floor_area_min_m2": rng.choice([0.0, 1000.0, 3000.0], n),
            "power_kva": rng.uniform(0, 1000, n),
            "water_t_per_day": rng.uniform(0, 100, n),
            "ceiling_height_min_m": rng.choice([0.0, 6.0, 9.0], n),
            "floor_load_min_kn_m2": rng.choice([0.0, 10.0, 30.0], n),
            "max_rent_cny_per_m2_month": maybe_nan(rng.uniform(5, 20, n)),
            "jobs_needed": rng.integers(0, 400, n).astype(float),
        }
    )
    sites = pd.DataFrame(
        {
            "id": [f"s{j}" for j in range(m)],
            "capacity": rng.integers(1, 3, m),
            "land_area_m2": rng.uniform(1000, 10000, m),
            "floor_area_m2": rng.uniform(0, 5000, m),
            "power_capacity_kva": maybe_nan(rng.uniform(0, 1200, m)),
            "water_supply_t_per_day": maybe_nan(rng.uniform(0, 150, m)),
            "ceiling_height_m": maybe_nan(rng.uniform(4, 12, m)),
            "floor_load_kn_m2": maybe_nan(rng.uniform(5, 40, m)),
            "rent_cny_per_m2_month": maybe_nan(rng.uniform(5, 20, m)),
            "allowed_industries": rng.choice(["", "C13", "C13;C17", "C20"], m),
            "excluded_industries": rng.choice(["", "C1311"], m),
            "labour_pool": maybe_nan(rng.uniform(0, 500, m)),
        }
    )
    res = evaluate_feasibility(prospects, sites)
    for i, prow in enumerate(prospects.to_dict("records")):
        for j, srow in enumerate(sites.to_dict("records")):
            expected = reference_failures(prow, srow)
            assert set(res.reasons(i, j)) == expected, (i, j)
            assert res.feasible[i, j] == (not expected)


@pytest.mark.parametrize(
    ("prospects", "sites", "message"),
    [
        (pd.DataFrame({"name": ["x"]}), pd.DataFrame({"id": [1]}), "'id' column"),
        (pd.DataFrame({"id": [1, 1]}), pd.DataFrame({"id": [1]}), "more than once"),
        (pd.DataFrame({"id": [1], "power_kva": ["lots"]}), pd.DataFrame({"id": [1]}), "numeric"),
        (pd.DataFrame({"id": [1]}), pd.DataFrame({"id": [1], "capacity": [-1]}), "capacity"),
        (pd.DataFrame({"id": [1]}), pd.DataFrame({"id": [1], "capacity": [1.5]}), "capacity"),
    ],
)
def test_bad_tables_are_clear_errors(prospects, sites, message):
    with pytest.raises(MatchingInputError, match=message):
        evaluate_feasibility(prospects, sites)
