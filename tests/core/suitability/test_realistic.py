"""Real data nobody here wrote: momepy's bubenec.gpkg (Prague, Bubeneč) — 407 cadastral plots,
35 streets and 144 buildings stored in Web Mercator (EPSG:3857)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from microparks.core.suitability import run_suitability
from microparks.io.rules.suitability import parse_suitability
from microparks.io.spatial import FieldMapping, list_layers, read_layer

momepy = pytest.importorskip("momepy")

BUBENEC = Path(momepy.datasets.get_path("bubenec"))
SCHEME = parse_suitability(
    {
        "name": "bubenec",
        "version": "1",
        "criteria": [
            {
                "name": "area",
                "field": "area_mu",
                "kind": "ideal",
                "lower": 0.5,
                "ideal": 5,
                "upper": 50,
                "weight": 0.4,
            },
            {
                "name": "street",
                "source": "nearest_distance",
                "layer": "roads",
                "kind": "cost",
                "lower": 0,
                "upper": 150,
                "weight": 0.4,
            },
            {
                "name": "homes",
                "source": "nearest_distance",
                "layer": "residential",
                "kind": "benefit",
                "lower": 0,
                "upper": 60,
                "weight": 0.2,
            },
        ],
        "vetoes": [{"name": "protected", "layer": "protected", "buffer_m": 20}],
    }
)


@pytest.fixture(scope="module")
def inputs():
    plots = read_layer(BUBENEC, layer="plots", mapping=FieldMapping(code="ID")).frame
    utm = plots.estimate_utm_crs()
    plots["area_mu"] = plots.to_crs(utm).area / (10000 / 15)
    streets = read_layer(BUBENEC, layer="streets", require_code=False).frame
    buildings = read_layer(BUBENEC, layer="buildings", require_code=False).frame
    protected = buildings.iloc[:10].dissolve().convex_hull
    layers = {
        "roads": streets,
        "residential": buildings,
        "protected": protected.to_frame("geometry").set_geometry("geometry"),
    }
    return plots, layers, utm


def test_layers_are_listed_and_read_from_web_mercator():
    assert set(list_layers(BUBENEC)) >= {"plots", "streets", "buildings"}
    plots = read_layer(BUBENEC, layer="plots", mapping=FieldMapping(code="ID"))
    assert plots.provenance.source_crs.endswith("3857")
    minx, miny, maxx, maxy = plots.frame.total_bounds
    assert 14.3 < minx < maxx < 14.5  # Prague
    assert 50.0 < miny < maxy < 50.2


def test_real_plots_are_scored_with_metric_distances_and_vetoes(inputs):
    plots, layers, utm = inputs
    result = run_suitability(plots, layers, SCHEME)
    street = result.values[:, 1]
    brute = shapely.distance(
        plots.to_crs(utm).geometry.to_numpy()[:, None],
        layers["roads"].to_crs(utm).geometry.to_numpy()[None, :],
    ).min(axis=1)
    np.testing.assert_allclose(street, brute, rtol=1e-9, atol=1e-9)
    # measuring in Web Mercator would overstate distances by 1/cos(50.1°) ≈ 1.56
    mercator = shapely.distance(
        plots.to_crs(3857).geometry.to_numpy()[:, None],
        layers["roads"].to_crs(3857).geometry.to_numpy()[None, :],
    ).min(axis=1)
    far = brute > 10
    assert np.median(mercator[far] / brute[far]) == pytest.approx(1.56, abs=0.02)
    zone = layers["protected"].to_crs(utm).geometry.iloc[0]
    near_zone = plots.to_crs(utm).distance(zone).to_numpy() <= 20
    np.testing.assert_array_equal(result.vetoed, near_zone)
    assert 0 < result.vetoed.sum() < len(plots)
    assert np.all(result.ranks[result.vetoed] == 0)
    ok = ~result.vetoed
    assert sorted(result.ranks[ok]) == list(range(1, ok.sum() + 1))
