"""The ``labour_shed`` criterion on the hand network of tests/core/labour/test_shed.py.

Roads (metres, EPSG:32650 so that nothing is reprojected): A–B a 村道 by class (20 km/h, 30 min),
A–C–D–B at ``speed_kmh`` 60 (16 min), B'–E–F a 县道 by class (40 km/h; A→E 29.8006 min,
A→F 30.1006 min), G–H with neither speed nor class (the criterion's ``speed_kmh`` 40). Labour:
A 10, B 400, E 100, F 200, V 50 (500 m off D: 2 min at 15 km/h), G 1 000 (other component).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import CRS

from microparks.core.suitability import (
    MissingLayerError,
    RoadSpeedError,
    calc_criteria_values,
    calc_road_speeds,
    run_suitability,
)
from microparks.io.rules import DocumentError, parse_document
from tests.core.labour.test_shed import B_NEAR, POOL_LABOUR, POOL_XY, A, B, C, D, E, F, G, H

METRIC = CRS("EPSG:32650")


def roads(**overrides):
    frame = gpd.GeoDataFrame(
        {
            "speed_kmh": [None, 60.0, None, None],
            "道路等级": ["村道", "", "县道", None],
        },
        geometry=[
            shapely.LineString([A, B]),
            shapely.LineString([A, C, D, B]),
            shapely.LineString([B_NEAR, E, F]),
            shapely.LineString([G, H]),
        ],
        crs=METRIC,
    )
    for key, value in overrides.items():
        frame[key] = value
    return frame


def pool():
    return gpd.GeoDataFrame({"labour": POOL_LABOUR}, geometry=shapely.points(POOL_XY), crs=METRIC)


def scheme(minutes=30, **extra):
    criterion = {
        "name": "labour_30",
        "label": "Labour within 30 minutes by road",
        "source": "labour_shed",
        "layer": "roads",
        "minutes": minutes,
        "speed_kmh": 40,
        "unit": "person",
        "kind": "benefit",
        "lower": 0,
        "upper": 800,
        "weight": 1,
        **extra,
    }
    return parse_document("suitability", {"name": "t", "version": "1", "criteria": [criterion]})


def sites(*points):
    return gpd.GeoDataFrame(
        {"code": [f"S{i}" for i in range(len(points))]},
        geometry=shapely.points(points),
        crs=METRIC,
    )


def values(frame, minutes=30, layers=None, **extra):
    layers = layers if layers is not None else {"roads": roads(), "labour_pool": pool()}
    out = calc_criteria_values(frame, layers, scheme(minutes, **extra), crs=METRIC)
    return out["labour_30"].tolist()


def test_speeds_from_field_class_and_default():
    assert calc_road_speeds(roads(), default_kmh=40).tolist() == [20.0, 60.0, 40.0, 40.0]


def test_values_by_hand_with_access_time():
    # from A at 30 min: A 0, V 13 + 2 = 15, B 16, E 29.8006 → 10 + 50 + 400 + 100 = 560;
    # F 30.1006 out; G on the other component. From H: G 6 min (same component) → 1 000.
    assert values(sites(A, H)) == [560.0, 1_000.0]


def test_township_just_over_the_limit_and_a_later_threshold():
    # at 30.11 min F (30.1006) comes in: 760
    assert values(sites(A), minutes=30.11) == [760.0]
    assert values(sites(A), minutes=15) == [60.0]  # A 10 and V at exactly 15 min


def test_access_speed_zero_ignores_the_straight_line():
    # V then counts at 13 min: within 14
    assert values(sites(A), minutes=14, access_speed_kmh=0) == [60.0]
    assert values(sites(A), minutes=14) == [10.0]


def test_polygon_sites_and_townships_enter_by_a_point_inside():
    square = shapely.box(-50, -50, 50, 50)  # around A; its point inside is A itself here
    frame = gpd.GeoDataFrame({"code": ["P"]}, geometry=[square], crs=METRIC)
    towns = gpd.GeoDataFrame(
        {"在家可就业人数": [400]}, geometry=[shapely.box(9_990, -10, 10_010, 10)], crs=METRIC
    )
    layers = {"roads": roads(), "towns": towns}
    got = values(frame, layers=layers, pool="towns", field="在家可就业人数", minutes=20)
    assert got == [400.0]  # B at 16 min plus at most 1.1 min of access on each side


def test_the_utility_and_score_follow_the_value():
    result = run_suitability(
        sites(A, H), {"roads": roads(), "labour_pool": pool()}, scheme(), crs=METRIC
    )
    assert result.values[:, 0].tolist() == [560.0, 1_000.0]
    assert result.utilities[:, 0].tolist() == pytest.approx([0.7, 1.0])


def test_missing_pool_field_or_speed_is_named():
    with pytest.raises(MissingLayerError, match="labour_pool"):
        values(sites(A), layers={"roads": roads()})
    with pytest.raises(MissingLayerError, match="'workers'"):
        values(sites(A), field="workers")
    frame = roads()
    frame.loc[3, "道路等级"] = "马路"
    with pytest.raises(RoadSpeedError, match=r"feature 4, field '道路等级'.*马路"):
        values(sites(A), layers={"roads": frame, "labour_pool": pool()})
    no_default = parse_document(
        "suitability",
        {
            "name": "t",
            "criteria": [
                {"name": "l", "source": "labour_shed", "layer": "roads", "minutes": 30}
                | {"lower": 0, "upper": 1, "weight": 1}
            ],
        },
    )
    with pytest.raises(RoadSpeedError, match="feature 4"):
        calc_criteria_values(
            sites(A), {"roads": roads(), "labour_pool": pool()}, no_default, crs=METRIC
        )


def test_the_scheme_names_its_pool_layer_and_needs_minutes():
    assert scheme().layers == ("roads", "labour_pool")
    assert scheme().criteria[0].minutes == 30.0
    with pytest.raises(DocumentError, match=r"criteria\[0\]\.minutes"):
        scheme(minutes=None)
    with pytest.raises(DocumentError, match=r"criteria\[0\]\.minutes"):
        scheme(minutes=0)


def test_a_site_without_geometry_reaches_nobody():
    frame = sites(A, H)
    frame.loc[1, "geometry"] = None
    assert values(frame) == [560.0, 0.0]
    assert np.isfinite(values(frame)).all()


def test_the_documented_example_criterion_parses():
    """The YAML example of docs/methods/labour.md section 7 is a valid criterion."""
    import re
    from pathlib import Path

    import yaml

    text = (Path(__file__).parents[3] / "docs" / "methods" / "labour.md").read_text("utf-8")
    section = text.split("## 7. The labour shed as a suitability criterion", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    criteria = yaml.safe_load(example)["criteria"]
    criteria[0]["weight"] = 1
    parsed = parse_document("suitability", {"name": "doc", "criteria": criteria})
    criterion = parsed.criteria[0]
    assert (criterion.source, criterion.layer, criterion.pool) == (
        "labour_shed",
        "roads",
        "labour_pool",
    )
    assert (criterion.minutes, criterion.speed_kmh, criterion.access_speed_kmh) == (30, 30, 15)
