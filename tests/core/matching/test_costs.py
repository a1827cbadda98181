"""Cost components, weights as data, the cost matrix and the labour catchment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from microparks.core.matching import (
    COMPONENTS,
    calc_cost_components,
    calc_labour_pool,
    calc_match_cost,
    evaluate_feasibility,
)
from microparks.io.rules import DocumentError, load_shipped
from microparks.io.rules.weights import parse_matching


@pytest.fixture
def tables():
    prospects = pd.DataFrame(
        {
            "id": ["p1", "p2"],
            "industry": ["C1311", "C1711"],
            "land_area_min_m2": [2000.0, 0.0],
            "floor_area_min_m2": [0.0, 1000.0],
            "jobs_needed": [50.0, 0.0],
            "max_rent_cny_per_m2_month": [10.0, np.nan],
            "supplier_x_m": [0.0, np.nan],
            "supplier_y_m": [0.0, np.nan],
            "leader_x_m": [10_000.0, np.nan],
            "leader_y_m": [0.0, np.nan],
        }
    )
    sites = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "capacity": [1, 2, 1],
            "land_area_m2": [2000.0, 8000.0, 1000.0],
            "floor_area_m2": [0.0, 2000.0, 1000.0],
            "rent_cny_per_m2_month": [5.0, np.nan, 20.0],
            "labour_pool": [100.0, np.nan, 50.0],
            "x_m": [0.0, 10_000.0, 0.0],
            "y_m": [0.0, 0.0, 0.0],
            "suitability": [0.9, np.nan, 0.2],
            "allowed_industries": ["", "", "C17"],
        }
    )
    return prospects, sites


def test_default_weights_are_shipped_data():
    w = load_shipped("matching")
    assert w.version == "2026.1"
    assert set(w.weights) == set(COMPONENTS)
    assert sum(w.weights.values()) == pytest.approx(1.0)


def test_components_by_hand(tables):
    prospects, sites = tables
    w = load_shipped("matching")
    z = calc_cost_components(prospects, sites, w)
    # p1 needs 2000 m² of land; site a offers exactly that, b 8000 m² over two places
    assert z["area_mismatch"][0].tolist() == pytest.approx([0.0, 0.5, 0.5])
    # p2 needs floor space: a has none (mismatch 1), b 1000 per place, c 1000
    assert z["area_mismatch"][1].tolist() == pytest.approx([1.0, 0.0, 0.0])
    # distance d/(d+10 km): suppliers at the origin, leader at 10 km east
    assert z["supplier_distance"][0].tolist() == pytest.approx([0.0, 0.5, 0.0])
    assert z["leader_distance"][0].tolist() == pytest.approx([0.5, 0.0, 0.5])
    assert z["supplier_distance"][1].tolist() == [0.0, 0.0, 0.0]
    assert z["labour"][0].tolist() == pytest.approx([0.5, 0.5, 1.0])  # missing pool -> 0.5
    assert z["labour"][1].tolist() == [0.0, 0.0, 0.0]
    assert z["rent"][0].tolist() == pytest.approx([0.5, 0.5, 1.0])  # rent / budget, clipped
    assert z["rent"][1].tolist() == pytest.approx([0.25, 0.5, 1.0])  # rent / dearest
    assert z["suitability"][0].tolist() == pytest.approx([0.1, 0.5, 0.8])
    for v in z.values():
        assert ((v >= 0) & (v <= 1)).all()


def test_pair_mode_equals_matrix_mode(tables):
    prospects, sites = tables
    w = load_shipped("matching")
    full = calc_cost_components(prospects, sites, w)
    rows, cols = np.array([1, 0, 0]), np.array([2, 1, 0])
    pairs = calc_cost_components(prospects, sites, w, rows, cols)
    for name in COMPONENTS:
        assert pairs[name].tolist() == pytest.approx(full[name][rows, cols].tolist())


def test_cost_matrix_is_weighted_sum_and_infinite_where_infeasible(tables):
    prospects, sites = tables
    w = parse_matching({"version": "t", "weights": {"rent": 0.6, "suitability": 0.4}})
    feas = evaluate_feasibility(prospects, sites)
    cost = calc_match_cost(prospects, sites, feas, w)
    assert np.isinf(cost[0, 2])  # site c admits only C17
    assert cost[0, 0] == pytest.approx(0.6 * 0.5 + 0.4 * 0.1)
    assert cost[1, 2] == pytest.approx(0.6 * 1.0 + 0.4 * 0.8)


@pytest.mark.parametrize(
    "data",
    [
        {"weights": {"colour": 1.0}},
        {"weights": {"rent": -1.0}},
        {"weights": {"rent": 0.0}},
        {"weights": {"rent": 0.5}},
        {"weights": {"rent": 1.0}, "distance_scale_m": 0},
        {"weights": {"rent": 1.0}, "missing": 2},
    ],
)
def test_bad_weights_are_rejected(data):
    with pytest.raises(DocumentError):
        parse_matching(data)


def test_labour_pool_equals_brute_force():
    rng = np.random.default_rng(3)
    sites = rng.uniform(0, 50_000, (20, 2))
    points = rng.uniform(0, 50_000, (300, 2))
    workers = rng.integers(0, 100, 300)
    got = calc_labour_pool(sites, points, workers, 10_000)
    d = np.hypot(*(sites[:, None, :] - points[None, :, :]).transpose(2, 0, 1))
    assert got.tolist() == pytest.approx(((d <= 10_000) * workers).sum(axis=1).tolist())
    assert calc_labour_pool(sites, np.empty((0, 2)), [], 1.0).tolist() == [0.0] * 20
