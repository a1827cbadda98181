"""Real input nobody here wrote: pyrosm's bundled OpenStreetMap extract (``test_pbf``, a few
km² of south-eastern Finland, about 60.53°N 26.95°E).

Buildings tagged ``building=industrial`` are the vacant-factory candidates, the driving
network is the road access layer, and land use gives the vetoes (green land) and a zoning
attribute (inside ``landuse=industrial``). The layers go through our readers from a GeoPackage
in the Finnish national CRS (ETRS-TM35FIN, EPSG:3067), are scored, and the results are checked
against brute-force shapely computations in a metric CRS; then the same files go through the
platform's import and a scoring job.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from microparks.core.suitability import run_suitability
from microparks.io.errors import ImportValidationError
from microparks.io.rules.suitability import parse_suitability
from microparks.io.spatial import FieldMapping, list_layers, read_layer

pyrosm = pytest.importorskip("pyrosm")

TM35FIN = "EPSG:3067"  # ETRS89 / TM35FIN(E,N): Finland's national metric CRS
GREEN = ("farmland", "meadow", "forest", "grass", "greenhouse_horticulture")
FACTORIES = FieldMapping(code="id", geometry_types=("Polygon", "MultiPolygon"))
SCHEME = {
    "name": "osm",
    "version": "1",
    "method": "wsm",
    "criteria": [
        {"name": "road", "source": "nearest_distance", "layer": "roads", "kind": "cost",
         "lower": 0, "upper": 300, "weight": 0.5},
        {"name": "zoning", "field": "zoning_compliant", "kind": "benefit",
         "transform": "threshold", "threshold": 1, "weight": 0.3},
        {"name": "area", "field": "land_area_mu", "kind": "benefit", "lower": 0, "upper": 20,
         "weight": 0.2},
    ],
    "vetoes": [{"name": "green", "layer": "green", "buffer_m": 30}],
}  # fmt: skip


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    """The OSM layers written as one GeoPackage in EPSG:3067, as a planner would get them."""
    osm = pyrosm.OSM(pyrosm.get_data("test_pbf"))
    buildings = osm.get_buildings()
    keep = ["id", "name", "building", "building:levels", "geometry"]
    factories = buildings.loc[buildings["building"] == "industrial", keep]
    roads = osm.get_network(network_type="driving")[["id", "highway", "name", "geometry"]]
    landuse = osm.get_landuse()[["id", "landuse", "geometry"]]
    path = tmp_path_factory.mktemp("osm") / "osm.gpkg"
    for name, frame in (("factories", factories), ("roads", roads), ("landuse", landuse)):
        frame.to_crs(TM35FIN).to_file(path, layer=name, driver="GPKG")
    return path, factories, roads, landuse


def _valid_polygons(landuse):
    """The planner's fix: OSM land-use polygons clipped by the extract self-intersect."""
    fixed = landuse.copy()
    fixed["geometry"] = shapely.make_valid(fixed.geometry.to_numpy())
    fixed = fixed.explode(index_parts=False)
    return fixed[fixed.geom_type == "Polygon"]


@pytest.fixture(scope="module")
def layers(gpkg):
    """Factories with zoning and area attributes, roads and green land, all read by our reader."""
    path, _factories, _roads, landuse = gpkg
    fixed_path = path.with_name("landuse-fixed.gpkg")
    _valid_polygons(landuse).to_crs(TM35FIN).to_file(fixed_path, driver="GPKG")
    land = read_layer(fixed_path, require_code=False).frame
    factories = read_layer(path, layer="factories", mapping=FACTORIES).frame
    roads = read_layer(path, layer="roads", require_code=False).frame
    industrial = land[land["landuse"] == "industrial"].to_crs(TM35FIN)
    metric = factories.to_crs(TM35FIN)
    factories["zoning_compliant"] = metric.within(industrial.union_all()).astype(int).to_numpy()
    factories["land_area_mu"] = metric.area.to_numpy() / (10000 / 15)
    return factories, {"roads": roads, "green": land[land["landuse"].isin(GREEN)]}


def _brute_road_distance(factories, roads, crs):
    return shapely.distance(
        factories.to_crs(crs).geometry.to_numpy()[:, None],
        roads.to_crs(crs).geometry.to_numpy()[None, :],
    ).min(axis=1)


def _near_green(factories, green, metres=30):
    zone = shapely.union_all(green.to_crs(TM35FIN).geometry.to_numpy())
    return factories.to_crs(TM35FIN).distance(zone).to_numpy() <= metres


def test_factories_and_roads_come_through_the_reader(gpkg):
    path, factories, roads, _landuse = gpkg
    assert set(list_layers(path)) == {"factories", "roads", "landuse"}
    read = read_layer(path, layer="factories", mapping=FACTORIES)
    assert read.provenance.source_crs.endswith("3067")
    frame = read.frame
    assert len(frame) == len(factories) == 28
    assert frame["code"].tolist() == [str(i) for i in factories["id"]]  # OSM way ids
    minx, miny, maxx, maxy = frame.total_bounds
    assert 26.9 < minx < maxx < 27.0
    assert 60.5 < miny < maxy < 60.55
    # through EPSG:3067 and back: the same polygons to about a centimetre
    gap = shapely.hausdorff_distance(frame.geometry.to_numpy(), factories.geometry.to_numpy())
    assert gap.max() < 1e-7
    lines = read_layer(path, layer="roads", require_code=False).frame
    assert len(lines) == len(roads)
    assert set(lines.geom_type) == {"LineString"}


def test_invalid_osm_land_use_is_refused_row_by_row(gpkg):
    path, _factories, _roads, landuse = gpkg
    with pytest.raises(ImportValidationError) as refused:
        read_layer(path, layer="landuse", require_code=False)
    invalid = ~shapely.is_valid(landuse.geometry.to_numpy())
    expected_rows = [int(i) + 1 for i in np.flatnonzero(invalid)]  # feature numbers from 1
    errors = refused.value.errors
    assert [e.row for e in errors] == expected_rows
    assert len(errors) == 8
    assert all(e.field == "geometry" for e in errors)
    assert sum("Self-intersection" in e.text() for e in errors) == 7
    assert sum("Too few points" in e.text() for e in errors) == 1


def test_osm_factories_are_scored_with_metric_distances_and_vetoes(layers):
    factories, context = layers
    result = run_suitability(factories, context, parse_suitability(SCHEME))
    road = result.criteria.index("road")
    utm = factories.estimate_utm_crs()
    assert utm.to_epsg() == 32635  # UTM 35N, the same central meridian (27°E) as TM35FIN
    for crs in (utm, TM35FIN):
        brute = _brute_road_distance(factories, context["roads"], crs)
        np.testing.assert_allclose(result.values[:, road], brute, rtol=1e-6, atol=1e-6)
    assert result.values[:, road].max() < 1000  # every factory within a km of a driving road
    np.testing.assert_array_equal(result.vetoed, _near_green(factories, context["green"]))
    assert 0 < result.vetoed.sum() < len(factories)
    ok = ~result.vetoed
    assert sorted(result.ranks[ok]) == list(range(1, ok.sum() + 1))
    assert np.all(result.ranks[result.vetoed] == 0)
    best = np.flatnonzero(result.ranks == 1)[0]
    assert result.scores[best] == pytest.approx(result.scores[ok].max())
    zoned = factories["zoning_compliant"].to_numpy()
    assert 0 < zoned.sum() < len(factories)  # most, not all, stand in industrial land use


@pytest.mark.django_db
def test_osm_factories_through_the_platform(gpkg, layers, home):
    from microparks.apps.jobs.models import Job
    from microparks.apps.jobs.runner import enqueue
    from microparks.apps.regions.models import Region
    from microparks.apps.rules import services as rules
    from microparks.apps.sites.models import Site
    from microparks.apps.suitability import services, site_import
    from microparks.apps.suitability.jobs import SCORE
    from microparks.apps.suitability.models import ScoringJob
    from microparks.io.rules import dump_yaml

    path, _factories, _roads, _landuse = gpkg
    factories, context = layers
    # a township of its own: scoring measures in the UTM zone of the region's sites
    town = Region.objects.create(
        code="450101900", name="OSM town", level=Region.Level.TOWNSHIP, parent=home.county
    )
    record = site_import.import_sites(
        path, town, home.users["official"], mapping=FACTORIES, layer="factories"
    )
    assert (record.created_count, record.updated_count) == (28, 0)
    assert record.source_crs.endswith("3067")
    codes = factories["code"].tolist()
    areas = dict(Site.objects.filter(code__in=codes).values_list("code", "land_area_m2"))
    metric = dict(zip(codes, factories.to_crs(TM35FIN).area, strict=True))
    for code in codes:  # computed from the geometry, the file giving no area
        assert areas[code] == pytest.approx(metric[code], rel=0.01, abs=0.1)
    for name, frame in context.items():
        services.save_layer(town, name, frame, None, source_file="osm.gpkg")
    road = {**SCHEME["criteria"][0], "weight": 1.0}
    scheme = {**SCHEME, "criteria": [road]}  # distance to the roads
    draft = rules.save_draft(
        home.users["official"],
        rules.Draft(
            kind="suitability",
            name="roads-only",
            title="Roads only",
            content=dump_yaml(scheme),
            region=town,
        ),
    )
    job = enqueue(SCORE, region=town, user=home.users["official"], params={"rules": draft.pk})
    assert job.status == Job.Status.DONE, job.message
    scores = {
        s.site.code: s
        for s in ScoringJob.objects.get(pk=job.result["scoring_job"]).scores.select_related("site")
    }
    assert sorted(scores) == sorted(codes)
    brute = _brute_road_distance(factories, context["roads"], TM35FIN)
    stored = [scores[c].values["road"] for c in codes]
    np.testing.assert_allclose(stored, brute, rtol=1e-6, atol=1e-6)
    vetoed = [scores[c].vetoed for c in codes]
    np.testing.assert_array_equal(vetoed, _near_green(factories, context["green"]))
