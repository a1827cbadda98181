"""Nearest distance, catchment and zone tests against brute force over all pairs."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from microparks.core.suitability import calc_catchment, calc_nearest_distance, calc_within

RNG = np.random.default_rng(42)
SITES = shapely.buffer(shapely.points(RNG.uniform(0, 10000, size=(300, 2))), 40, quad_segs=4)
ROADS = shapely.linestrings([RNG.uniform(0, 10000, size=(3, 2)) for _ in range(60)])
VILLAGES = shapely.points(RNG.uniform(0, 10000, size=(200, 2)))
POP = RNG.integers(50, 3000, size=200).astype(float)
ZONES = np.array([shapely.box(1000, 1000, 3000, 2500), shapely.box(6000, 6000, 6500, 9000)])


def test_nearest_distance_equals_brute_force():
    brute = shapely.distance(SITES[:, None], ROADS[None, :]).min(axis=1)
    np.testing.assert_allclose(calc_nearest_distance(SITES, ROADS), brute, rtol=1e-12)


def test_nearest_distance_handles_empty_inputs():
    assert np.all(np.isinf(calc_nearest_distance(SITES[:3], np.array([], dtype=object))))
    targets = np.array([None, shapely.Point(0, 0), shapely.Point()], dtype=object)
    np.testing.assert_allclose(calc_nearest_distance(shapely.points([[3, 4]]), targets), [5.0])


@pytest.mark.parametrize("radius", [0.0, 500.0, 2500.0])
def test_catchment_equals_brute_force(radius):
    d = shapely.distance(SITES[:, None], VILLAGES[None, :])
    brute = (np.where(d <= radius, 1.0, 0.0) * POP).sum(axis=1)
    np.testing.assert_allclose(calc_catchment(SITES, VILLAGES, POP, radius), brute)


@pytest.mark.parametrize("buffer", [0.0, 200.0])
def test_within_equals_brute_force(buffer):
    d = shapely.distance(SITES[:, None], ZONES[None, :]).min(axis=1)
    np.testing.assert_array_equal(calc_within(SITES, ZONES, buffer), d <= buffer)


def test_negative_radius_and_buffer_are_refused():
    with pytest.raises(ValueError, match="radius"):
        calc_catchment(SITES, VILLAGES, POP, -1)
    with pytest.raises(ValueError, match="buffer"):
        calc_within(SITES, ZONES, -1)
    with pytest.raises(ValueError, match="one weight per point"):
        calc_catchment(SITES, VILLAGES, POP[:3], 1)


def test_missing_source_geometries_get_inf_and_no_catchment():
    src = np.array([shapely.Point(0, 0), None, shapely.Point(), shapely.Point(10, 0)], dtype=object)
    d = calc_nearest_distance(src, shapely.points([[3, 4]]))
    np.testing.assert_allclose(d, [5, np.inf, np.inf, np.hypot(7, 4)])
    c = calc_catchment(src, shapely.points([[1, 0]]), np.array([5.0]), 2)
    np.testing.assert_allclose(c, [5, 0, 0, 0])
    np.testing.assert_array_equal(calc_within(src, ZONES[:1], 0), [False] * 4)
