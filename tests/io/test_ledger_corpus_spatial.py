"""The spatial files of the ledger corpus (tests/data/ledgers) read as expected.yaml says.

Each case is read through ``read_layer`` with the demo county (青岚县) as the boundary; the
GeoPackages in CGCS2000 Gauss–Krüger must land where the generator put them (1e-6 degrees).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
import yaml
from pyproj import Transformer

from microparks.io.coordinates import Boundary
from microparks.io.errors import ImportValidationError
from microparks.io.spatial import SITE_MAPPING, FieldMapping, read_layer

CORPUS = Path(__file__).resolve().parents[1] / "data" / "ledgers"
CASES = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["spatial"]


@cache
def demo_county() -> Boundary:
    from microparks.demo.generate import generate_demo

    county = generate_demo().county
    return Boundary.from_geojson(county.name, county.geometry)


@cache
def generator():
    spec = importlib.util.spec_from_file_location("make_spatial", CORPUS / "make_spatial.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mapping(case):
    given = FieldMapping.from_dict(case.get("mapping") or {})
    return FieldMapping(
        code=given.code,
        fields=given.fields,
        numeric=SITE_MAPPING.numeric,
        geometry_types=SITE_MAPPING.geometry_types,
    )


@pytest.mark.parametrize(
    ("name", "case"),
    [(name, case) for name, cases in CASES.items() for case in cases],
    ids=[f"{name}-{i}" for name, cases in CASES.items() for i in range(len(cases))],
)
def test_corpus_file_has_its_expected_outcome(name, case):
    path = CORPUS / name
    read = lambda: read_layer(  # noqa: E731
        path, mapping=_mapping(case), crs=case.get("crs"), within=demo_county()
    )
    if case["outcome"] == "imported":
        result = read()
        assert len(result.frame) == case["rows"]
        if "source_crs" in case:
            assert result.provenance.source_crs == case["source_crs"]
        for column, values in (case.get("values") or {}).items():
            assert result.frame[column].tolist() == values
        return
    with pytest.raises(ImportValidationError) as info:
        read()
    found = info.value.errors
    for want in case["problems"]:
        assert any(
            e.row == want["row"]
            and e.field == want["field"]
            and want["reason"] in e.text()
            and e.value == want.get("value", e.value)
            for e in found
        ), (want, [e.line() for e in found])
    if case.get("only"):
        assert len(found) == len(case["problems"])


@pytest.mark.parametrize(
    ("name", "epsg"), [("parcels_gk36.gpkg", 4524), ("parcels_cm108.gpkg", 4545)]
)
def test_gauss_kruger_parcels_land_where_they_were_put(name, epsg):
    make = generator()
    frame = read_layer(CORPUS / name, mapping=_mapping(CASES[name][0]), within=demo_county()).frame
    # the generator's own longitude/latitude of each parcel's centre, before projecting
    expected = np.array([make.lonlat(p[5], p[6]) for p in make.PARCELS])
    centres = shapely.get_coordinates(shapely.centroid(frame.geometry.to_numpy()))
    assert np.abs(centres - expected).max() < 1e-6
    # every vertex as pyproj itself takes it from the file's metres to longitude/latitude
    raw = pyogrio.read_dataframe(CORPUS / name)
    assert raw.crs.to_epsg() == epsg
    xy = shapely.get_coordinates(raw.geometry.to_numpy())
    lon, lat = Transformer.from_crs(epsg, 4326, always_xy=True).transform(xy[:, 0], xy[:, 1])
    ours = shapely.get_coordinates(frame.geometry.to_numpy())
    assert np.abs(ours - np.column_stack([lon, lat])).max() < 1e-6


def test_a_geopackage_in_zone_39_lands_where_it_should(tmp_path):
    # EPSG:4527 (3° zone 39, 117°E): parcels near Hefei, written in metres, read back
    lonlat = [(117.2272, 31.8206), (117.3051, 31.7633), (116.9988, 31.8801)]
    forward = Transformer.from_crs(4490, 4527, always_xy=True)
    points = [shapely.Point(forward.transform(lon, lat)) for lon, lat in lonlat]
    assert 39_400_000 < points[0].x < 39_600_000  # the zone number is in the easting
    frame = gpd.GeoDataFrame({"code": ["H1", "H2", "H3"]}, geometry=points, crs="EPSG:4527")
    frame.to_file(tmp_path / "hefei.gpkg", driver="GPKG", engine="pyogrio")
    hefei = Boundary("合肥市", shapely.box(116.7, 31.5, 117.6, 32.1))
    read = read_layer(tmp_path / "hefei.gpkg", mapping=_mapping({}), within=hefei)
    assert read.provenance.source_crs == "EPSG:4527"
    got = shapely.get_coordinates(read.frame.geometry.to_numpy())
    assert np.abs(got - np.array(lonlat)).max() < 1e-6
