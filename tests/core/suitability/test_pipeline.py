"""GeoDataFrame adapter on the demo county: its veto zones, sites and synthetic context layers."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from microparks.core.suitability import (
    MissingLayerError,
    calc_criteria_values,
    calc_nearest_distance,
    run_suitability,
)
from microparks.demo import generate_demo
from microparks.io.schemes import read_scheme

DEMO = generate_demo()
SCHEME = read_scheme()
WGS84 = "EPSG:4326"


@pytest.fixture(scope="module")
def sites():
    return gpd.GeoDataFrame(
        {
            "code": [s.code for s in DEMO.sites],
            "land_area_mu": [s.land_area_m2 / (10000 / 15) for s in DEMO.sites],
            "zoning_compliant": [
                int(s.planning_designation in ("industrial", "warehousing")) for s in DEMO.sites
            ],
            "conversion_cost_cny_per_m2": [
                {"good": 300, "fair": 800, "poor": 1500}.get(s.condition, 2000) for s in DEMO.sites
            ],
            "veto_zone": [s.veto_zone_code for s in DEMO.sites],
        },
        geometry=[shape(s.geometry) for s in DEMO.sites],
        crs=WGS84,
    )


@pytest.fixture(scope="module")
def layers(sites):
    rng = np.random.default_rng(5)
    minx, miny, maxx, maxy = sites.total_bounds
    pts = lambda k: shapely.points(  # noqa: E731
        np.column_stack([rng.uniform(minx, maxx, k), rng.uniform(miny, maxy, k)])
    )
    zones = {kind: [] for kind in ("ecological_red_line", "basic_farmland", "water_source")}
    for zone in DEMO.veto_zones:
        zones[zone.kind].append(shape(zone.geometry))
    out = {kind: gpd.GeoDataFrame(geometry=g, crs=WGS84) for kind, g in zones.items()}
    roads = [shapely.LineString(rng.uniform([minx, miny], [maxx, maxy], (4, 2))) for _ in range(30)]
    out["roads"] = gpd.GeoDataFrame(geometry=roads, crs=WGS84)
    for name, k in (
        ("highway_exits", 2),
        ("substations", 6),
        ("large_parks", 2),
        ("residential", 20),
        ("water_bodies", 5),
    ):
        out[name] = gpd.GeoDataFrame(geometry=pts(k), crs=WGS84)
    out["water_mains"] = gpd.GeoDataFrame(geometry=roads[:10], crs=WGS84)
    villages = pts(80)
    out["villages"] = gpd.GeoDataFrame(
        {"working_age_population": rng.integers(200, 2500, 80)}, geometry=villages, crs=WGS84
    )
    return out


def test_demo_sites_in_veto_zones_are_vetoed_and_never_rank(sites, layers):
    result = run_suitability(sites, layers, SCHEME)
    kinds = {z.code: z.kind for z in DEMO.veto_zones}
    for i, zone in enumerate(sites["veto_zone"]):
        if isinstance(zone, str):  # pandas stores the missing codes as NaN
            assert result.vetoed[i]
            assert kinds[zone] in result.veto_reasons[i]
            assert result.ranks[i] == 0
    ok = ~result.vetoed
    assert ok.sum() >= 40
    assert sorted(result.ranks[ok]) == list(range(1, ok.sum() + 1))
    assert np.all((result.scores[ok] >= 0) & (result.scores[ok] <= 1))
    assert result.ids[0] == sites["code"].iloc[0]
    assert result.scheme_version == SCHEME.version


def test_distances_are_metric_and_match_a_projected_brute_force(sites, layers):
    values = calc_criteria_values(sites, layers, SCHEME)
    utm = sites.estimate_utm_crs()
    brute = shapely.distance(
        sites.to_crs(utm).geometry.to_numpy()[:, None],
        layers["roads"].to_crs(utm).geometry.to_numpy()[None, :],
    ).min(axis=1)
    np.testing.assert_allclose(values["road"].to_numpy(), brute, rtol=1e-9)
    # the same roads stored in CGCS2000 / 3-degree Gauss-Kruger CM 108E give the same metres
    gk = {n: (g.to_crs("EPSG:4545") if n == "roads" else g) for n, g in layers.items()}
    np.testing.assert_allclose(
        calc_criteria_values(sites, gk, SCHEME)["road"].to_numpy(), brute, rtol=1e-6
    )
    assert values["area"].to_numpy() == pytest.approx(sites["land_area_mu"].to_numpy())


def test_missing_layer_and_field_are_named(sites, layers):
    partial = {k: v for k, v in layers.items() if k != "substations"}
    with pytest.raises(MissingLayerError, match="context layer 'substations'"):
        run_suitability(sites, partial, SCHEME)
    with pytest.raises(MissingLayerError, match="no field 'zoning_compliant'"):
        run_suitability(sites.drop(columns="zoning_compliant"), layers, SCHEME)


def test_progress_reports_every_criterion(sites, layers):
    seen = []
    calc_criteria_values(sites, layers, SCHEME, progress=lambda n, d, t: seen.append((n, d, t)))
    assert [s[0] for s in seen] == list(SCHEME.criterion_names)
    assert seen[-1][1:] == (len(SCHEME.criteria), len(SCHEME.criteria))


def test_nearest_distance_to_polygons_is_zero_inside():
    poly = np.array([shapely.box(0, 0, 10, 10)])
    d = calc_nearest_distance(shapely.points([[5, 5], [13, 14]]), poly)
    np.testing.assert_allclose(d, [0, 5])
    assert isinstance(pd.Series(d).iloc[0], float)
