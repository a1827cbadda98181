"""Recommendations: top-k feasible sites with reasons, excluded good candidates, site shortlists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microparks.core.matching import (
    COMPONENTS,
    build_match_tables,
    recommend_prospects,
    recommend_sites,
    solve_assignment,
    top_k,
)
from microparks.io.rules.weights import parse_matching

WEIGHTS = parse_matching({"version": "t", "weights": {"suitability": 1.0}})


@pytest.fixture
def instance():
    prospects = pd.DataFrame(
        {"id": ["p1", "p2"], "power_kva": [500.0, 0.0], "industry": ["C1311", "C1711"]}
    )
    sites = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "suitability": [0.9, 0.8, 0.5, 0.1],
            "power_capacity_kva": [100.0, 1000.0, 1000.0, 1000.0],
            "allowed_industries": ["", "C17", "", ""],
            "capacity": [1, 1, 1, 1],
        }
    )
    return prospects, sites


def test_top_k_orders_and_pads():
    vals = np.array([[3.0, 1.0, np.inf], [np.inf, np.inf, np.inf]])
    assert top_k(vals, 2).tolist() == [[1, 0], [-1, -1]]
    assert top_k(vals, 4).tolist() == [[1, 0, -1, -1], [-1, -1, -1, -1]]


def test_recommended_sites_and_excluded_good_candidates_with_reasons(instance):
    prospects, sites = instance
    tables = build_match_tables(prospects, sites, WEIGHTS)
    rec = recommend_sites(prospects, sites, tables, k=2)
    p1 = rec[rec.prospect_id == "p1"]
    ok = p1[p1.kind == "recommended"]
    assert ok.site_id.tolist() == ["c", "d"]
    assert ok["rank"].tolist() == [1, 2]
    assert ok.cost.tolist() == pytest.approx([0.5, 0.9])
    # a and b would have been cheaper but fail: a for power, b for industry
    out = p1[p1.kind == "excluded"].set_index("site_id")
    assert out.loc["a", "failed_conditions"] == "power"
    assert out.loc["b", "failed_conditions"] == "industry"
    assert (ok.failed_conditions == "").all()
    # components add up to the cost
    assert rec[list(COMPONENTS)].sum(axis=1).tolist() == pytest.approx(rec.cost.tolist())


def test_assignment_flag_and_site_shortlists(instance):
    prospects, sites = instance
    tables = build_match_tables(prospects, sites, WEIGHTS)
    res = solve_assignment(tables.cost, sites.capacity)
    rec = recommend_sites(prospects, sites, tables, k=3, site_of_prospect=res.site_of_prospect)
    assigned = rec[rec.assigned]
    assert sorted(assigned.site_id) == ["a", "c"]  # p2 -> a (0.1), p1 -> c (0.5)
    shortlist = recommend_prospects(prospects, sites, tables, k=2)
    a = shortlist[shortlist.site_id == "a"]
    assert a.prospect_id.tolist() == ["p2"]  # p1 fails power at a
    c = shortlist[shortlist.site_id == "c"]
    assert set(c.prospect_id) == {"p1", "p2"}  # both cost 0.5 at c (suitability only)
    assert c.cost.tolist() == pytest.approx([0.5, 0.5])
    assert c["rank"].tolist() == [1, 2]
    assert (np.isfinite(shortlist.cost)).all()
