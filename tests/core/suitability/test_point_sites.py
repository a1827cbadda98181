"""Sites known only by a ledger's point score like a tiny parcel around that point.

A point is measured from itself: distances and catchments equal those of a 0.2 m square
centred on it; a veto applies when the point lies in the zone; the area criterion reads the
ledger's area (the ``land_area_mu`` column), as there is no outline to measure.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import shape

from microparks.core.suitability import calc_criteria_values, calc_veto_masks, metric_crs
from microparks.core.suitability.scheme import Veto
from microparks.demo import generate_demo
from microparks.io.schemes import read_scheme
from tests.core.suitability.test_pipeline import layers, sites  # noqa: F401 (fixtures)

DEMO = generate_demo()
SCHEME = read_scheme()
EVERY_THIRD = slice(0, None, 3)  # a mixed set: every third site known by its point only


def _with(sites, geometry):  # noqa: F811 (the fixture's name)
    out = sites.copy()
    out["geometry"] = geometry
    return gpd.GeoDataFrame(out, geometry="geometry", crs=sites.crs)


def _tiny_squares(points, crs, half_m=0.1):
    """0.2 m squares centred on the points, built in metres and brought back to lon/lat."""
    metric = gpd.GeoSeries(points, crs="EPSG:4326").to_crs(crs)
    squares = [shapely.box(p.x - half_m, p.y - half_m, p.x + half_m, p.y + half_m) for p in metric]
    return gpd.GeoSeries(squares, crs=crs).to_crs("EPSG:4326").to_numpy()


def test_mixed_points_and_outlines_measure_like_tiny_polygons(sites, layers):  # noqa: F811
    crs = metric_crs(sites)
    centres = sites.geometry.to_crs(crs).centroid.to_crs("EPSG:4326").to_numpy()
    geometry = sites.geometry.to_numpy().copy()
    geometry[EVERY_THIRD] = centres[EVERY_THIRD]
    mixed = _with(sites, geometry)
    assert set(mixed.geom_type) == {"Point", "Polygon"}
    tiny = geometry.copy()
    tiny[EVERY_THIRD] = _tiny_squares(centres[EVERY_THIRD], crs)
    by_point = calc_criteria_values(mixed, layers, SCHEME, crs)
    by_square = calc_criteria_values(_with(sites, tiny), layers, SCHEME, crs)
    distances = [c.name for c in SCHEME.criteria if c.source == "nearest_distance"]
    assert distances
    # within the square's half-diagonal (0.14 m) of the point's distance
    np.testing.assert_allclose(
        by_point[distances].to_numpy(), by_square[distances].to_numpy(), atol=0.15
    )
    catchments = [c.name for c in SCHEME.criteria if c.source == "catchment"]
    np.testing.assert_allclose(by_point[catchments].to_numpy(), by_square[catchments].to_numpy())
    # the outlines' own values do not change when some other sites are points
    outlines = np.ones(len(sites), dtype=bool)
    outlines[EVERY_THIRD] = False
    all_outlines = calc_criteria_values(sites, layers, SCHEME, crs)
    np.testing.assert_allclose(
        by_point[distances].to_numpy()[outlines], all_outlines[distances].to_numpy()[outlines]
    )


def test_a_point_reads_the_ledger_area(sites, layers):  # noqa: F811
    crs = metric_crs(sites)
    points = _with(sites, sites.geometry.to_crs(crs).centroid.to_crs("EPSG:4326").to_numpy())
    area = next(c for c in SCHEME.criteria if c.source == "attribute" and c.field == "land_area_mu")
    values = calc_criteria_values(points, layers, SCHEME, crs)[area.name]
    np.testing.assert_allclose(values.to_numpy(), sites["land_area_mu"].to_numpy())


def test_a_point_in_a_veto_zone_is_vetoed_and_one_outside_is_not(sites, layers):  # noqa: F811
    # each site by a point inside its parcel: the demo's six parcels in veto zones lie wholly
    # inside them, the others clear of every zone and buffer, so the points are vetoed alike
    points = np.array([shape(s.geometry).representative_point() for s in DEMO.sites])
    by_point = calc_veto_masks(_with(sites, points), layers, SCHEME)
    by_outline = calc_veto_masks(sites, layers, SCHEME)
    expected = np.array([s.veto_zone_code is not None for s in DEMO.sites])
    assert expected.sum() == 6
    np.testing.assert_array_equal(np.logical_or.reduce(list(by_point.values())), expected)
    for name, mask in by_outline.items():
        np.testing.assert_array_equal(by_point[name], mask)


def test_a_point_is_vetoed_inside_a_zone_or_its_buffer_only():
    zone = gpd.GeoDataFrame(geometry=[shapely.box(108.0, 24.0, 108.01, 24.01)], crs="EPSG:4326")
    points = gpd.GeoDataFrame(
        {"code": ["inside", "20 m east", "200 m east"]},
        geometry=[
            shapely.Point(108.005, 24.005),
            shapely.Point(108.0102, 24.005),  # 0.0002° of longitude at 24° N: about 20 m
            shapely.Point(108.012, 24.005),
        ],
        crs="EPSG:4326",
    )
    vetoes = (Veto("in_zone", "in the zone", "zone"), Veto("near", "within 50 m", "zone", 50.0))
    masks = calc_veto_masks(points, {"zone": zone}, dataclasses.replace(SCHEME, vetoes=vetoes))
    assert masks["in_zone"].tolist() == [True, False, False]
    assert masks["near"].tolist() == [True, True, False]
