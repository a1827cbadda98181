"""The demo county generator: deterministic, and coherent in every figure it makes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import subprocess
import sys
from collections import Counter, defaultdict

import pytest
from shapely.geometry import shape
from shapely.ops import unary_union

from microparks.core.codes import is_credit_code
from microparks.core.geometry import calc_area_m2, check_polygon_geojson, check_site_geojson
from microparks.core.units import M2_PER_MU, TCE_PER_KWH
from microparks.demo import DEFAULT_SEED, generate_demo
from microparks.demo.firms import org_code
from microparks.demo.located import LEDGER_POINTS
from microparks.demo.model import VETO_KINDS

SEEDS = [DEFAULT_SEED, 1, 7]


@pytest.fixture(scope="module", params=SEEDS, ids=lambda s: f"seed{s}")
def demo(request):
    return generate_demo(request.param)


@pytest.fixture(scope="module")
def default():
    return generate_demo()


def test_same_seed_gives_byte_identical_data(default):
    again = generate_demo(DEFAULT_SEED)
    assert again == default
    assert again.to_json().encode() == default.to_json().encode()
    assert again.fingerprint() == default.fingerprint()


def test_another_seed_gives_other_data(default):
    other = generate_demo(DEFAULT_SEED + 1)
    assert other.fingerprint() != default.fingerprint()
    assert {e.credit_code for e in other.enterprises}.isdisjoint(
        {e.credit_code for e in default.enterprises}
    )


def test_the_demo_is_dated_around_its_reference_date(default):
    later = generate_demo(DEFAULT_SEED, dt.date(2027, 3, 15))
    assert later.reference_date == dt.date(2027, 3, 15)
    assert later.enterprises == default.enterprises  # firms and records do not move
    assert later.records == default.records
    follow_ups = [p.next_follow_up for p in later.prospects if p.next_follow_up]
    assert follow_ups
    assert all(d > later.reference_date for d in follow_ups)
    shifted = {p.name: p.next_follow_up for p in later.prospects}
    for p in default.prospects:
        if p.next_follow_up:
            assert shifted[p.name] == p.next_follow_up + (
                later.reference_date - default.reference_date
            )
    with pytest.raises(ValueError, match="after 2025"):
        generate_demo(DEFAULT_SEED, dt.date(2025, 12, 31))


def test_json_is_plain_and_complete(default):
    data = json.loads(default.to_json())
    assert data["seed"] == DEFAULT_SEED
    assert len(data["sites"]) == 60
    assert "NaN" not in default.to_json()


def test_headline_counts(demo):
    assert len(demo.parks) == 5
    assert len(demo.townships) == 8
    assert len(demo.sites) == 60
    assert len(demo.tenant_codes) == 45
    assert len(demo.leases) == 45  # one lease per tenant
    assert len(demo.enterprises) == 47  # and two leading firms outside the parks
    assert len(demo.prospects) == 20
    assert len(demo.tickets) == 40
    assert sorted(u.role for u in demo.users) == sorted(
        [
            "admin",
            "official",
            "investment",
            "park_manager",
            "handler",
            "enterprise",
            "labour_service",
        ]
    )


def test_every_tenant_has_a_lease_running_now_and_for_years(demo):
    today = dt.date.today()
    for lease in demo.leases:
        assert lease.start_date <= min(today, dt.date(2025, 3, 31))
        assert lease.end_date >= dt.date(2034, 1, 1)


def test_latest_year_has_over_3000_jobs_and_jobs_grow(demo):
    jobs = Counter()
    for r in demo.records:
        jobs[r.year] += r.jobs
    years = sorted(jobs)
    assert tuple(years) == demo.years
    assert jobs[years[-1]] > 3000
    assert all(jobs[a] < jobs[b] for a, b in itertools.pairwise(years))
    latest = {r.credit_code for r in demo.records if r.year == years[-1]}
    assert latest == demo.tenant_codes


def test_credit_codes_are_valid_unique_and_local(demo):
    codes = [e.credit_code for e in demo.enterprises]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert is_credit_code(code), code
        assert code[:2] == "91"
        assert code[2:8] == demo.county.code
        assert org_code(code[8:16]) == code[8:17]  # GB 11714 check of the organisation code


def test_org_code_matches_a_published_example():
    # GB 11714-1997's worked example: D2143569 -> check character X.
    assert org_code("D2143569") == "D2143569X"


def test_job_parts_wages_and_energy_are_coherent(demo):
    for r in demo.records:
        assert 0 <= r.rural_jobs <= r.local_jobs <= r.jobs
        wage = float(r.wages_cny) / r.jobs
        assert 30_000 <= wage <= 62_000, (r.credit_code, r.year, wage)
        assert float(r.value_added_cny) < float(r.output_cny)
        assert 0 < float(r.tax_cny) < 0.06 * float(r.revenue_cny)
        assert r.energy_tce >= r.electricity_kwh * TCE_PER_KWH - 0.001
        assert r.electricity_kwh > 0
        assert r.water_t > 0
        assert (r.cod_t is None) == (r.ammonia_n_t is None)
        assert float(r.rd_spend_cny) <= 0.04 * float(r.revenue_cny)


def test_records_start_with_the_lease(demo):
    starts = {lease.credit_code: lease.start_date.year for lease in demo.leases}
    for r in demo.records:
        assert r.year >= starts[r.credit_code]
    by_firm = defaultdict(list)
    for r in demo.records:
        by_firm[r.credit_code].append(r.year)
    for code, years in by_firm.items():
        assert years == list(range(max(starts[code], demo.years[0]), demo.years[-1] + 1))


def test_some_industries_report_emissions_and_others_not(default):
    assert any(r.cod_t for r in default.records)
    assert any(r.vocs_t for r in default.records)
    assert any(r.so2_t for r in default.records)
    assert any(r.cod_t is None and r.vocs_t is None for r in default.records)


def test_townships_tile_the_county(demo):
    county = check_polygon_geojson(demo.county.geometry)
    towns = [check_polygon_geojson(t.geometry) for t in demo.townships]
    assert unary_union(towns).symmetric_difference(county).area < 1e-9 * county.area
    assert sum(t.area for t in towns) == pytest.approx(county.area, rel=1e-9)
    assert 2000 < demo.county.area_km2 < 5000
    assert calc_area_m2(demo.county.geometry) / 1e6 == pytest.approx(demo.county.area_km2, rel=0.01)
    assert demo.county.population == sum(t.population for t in demo.townships)
    for t in demo.regions:
        assert t.rural_population <= t.population
        assert t.working_age_population <= t.population


def test_sites_are_valid_polygons_of_their_stated_area_in_their_township(demo):
    towns = {t.code: shape(t.geometry) for t in demo.townships}
    polygons = []
    points = [s for s in demo.sites if s.geometry["type"] == "Point"]
    assert len(points) == LEDGER_POINTS  # a ledger's points: markers beside the outlines
    assert all(s.kind == "idle_land" and not (s.park_code or s.veto_zone_code) for s in points)
    for s in demo.sites:
        if s in points:
            geom = check_site_geojson(s.geometry)  # the area is the ledger's: nothing to measure
        else:
            geom = check_polygon_geojson(s.geometry)
            assert calc_area_m2(s.geometry) == pytest.approx(s.land_area_m2, rel=0.01)
        assert 3 <= s.land_area_m2 / M2_PER_MU <= 80
        assert towns[s.region_code].contains(geom), s.code
        polygons.append(geom)
    for i, a in enumerate(polygons):
        assert not any(a.intersects(b) for b in polygons[:i])


def test_veto_zones_hold_exactly_the_sites_marked_as_vetoed(demo):
    zones = {z.code: check_polygon_geojson(z.geometry) for z in demo.veto_zones}
    assert {z.kind for z in demo.veto_zones} == set(VETO_KINDS)
    towns = {t.code: shape(t.geometry) for t in demo.townships}
    for z in demo.veto_zones:
        assert towns[z.region_code].contains(zones[z.code])
    vetoed = [s for s in demo.sites if s.veto_zone_code]
    assert 5 <= len(vetoed) <= 10
    for s in demo.sites:
        geom = shape(s.geometry)
        if s.veto_zone_code:
            assert zones[s.veto_zone_code].contains(geom)
            assert s.park_code is None
            assert s.veto_zone_code in s.notes
        else:
            assert not any(z.intersects(geom) for z in zones.values()), s.code


def test_parks_are_made_of_their_sites_and_units(demo):
    sites = {s.code: s for s in demo.sites}
    for park in demo.parks:
        assert 2019 <= park.opened_date.year <= 2023
        assert len(park.positioning) >= 1
        assert all(len(c) == 2 for c in park.positioning)
        assert park.site_codes
        for code in park.site_codes:
            assert sites[code].park_code == park.code
            assert sites[code].status == "in_park"
    in_parks = {c for p in demo.parks for c in p.site_codes}
    assert in_parks == {s.code for s in demo.sites if s.park_code}
    floors = defaultdict(float)
    for unit in demo.units:
        site = sites[unit.site_code]
        assert site.kind == "vacant_factory"
        assert site.park_code == unit.park_code
        floors[unit.site_code] += unit.floor_area_m2
    for code, floor in floors.items():
        assert floor == pytest.approx(sites[code].floor_area_m2)
    unit_keys = [(u.park_code, u.code) for u in demo.units]
    assert len(set(unit_keys)) == len(unit_keys)


def test_leases_fit_their_sites_and_units(demo):
    sites = {s.code: s for s in demo.sites}
    units = {(u.park_code, u.code): u for u in demo.units}
    land = defaultdict(float)
    for lease in demo.leases:
        site = sites[lease.site_code]
        assert site.park_code == lease.park_code
        land[lease.site_code] += lease.land_area_m2
        if lease.unit_code is not None:
            unit = units[(lease.park_code, lease.unit_code)]
            assert unit.site_code == lease.site_code
            assert unit.status == "leased"
            assert lease.land_area_m2 == unit.land_area_m2
    for code, total in land.items():
        assert total <= sites[code].land_area_m2
    assert len({(u.park_code, u.code) for u in units.values() if u.status == "leased"}) == len(
        [lease for lease in demo.leases if lease.unit_code]
    )
    mu = sum(land.values()) / M2_PER_MU
    assert 120 < mu < 600  # a few hundred mu for 45 small firms


def test_industries_follow_the_parks_positioning(demo):
    firms = {e.credit_code: e for e in demo.enterprises}
    parks = {p.code: p for p in demo.parks}
    for lease in demo.leases:
        division = firms[lease.credit_code].industry_code[:2]
        assert division in parks[lease.park_code].positioning
    families = Counter(firms[c].industry_code[:2] for c in demo.tenant_codes)
    assert set(families) >= {"13", "14", "18", "19", "21", "24", "36", "39"}


def test_pipeline_and_tickets(demo):
    stages = Counter(p.stage for p in demo.prospects)
    assert set(stages) == {
        "lead",
        "contacted",
        "visited",
        "negotiating",
        "admission",
        "signed",
        "construction",
        "producing",
        "paying_tax",
        "lost",
    }
    assert len({p.name for p in demo.prospects}) == len(demo.prospects)
    for p in demo.prospects:
        assert p.land_area_max_m2 is None or p.land_area_max_m2 >= p.land_area_min_m2
        if p.stage in ("producing", "paying_tax"):
            assert p.credit_code in demo.tenant_codes
    departments = {d.name for d in demo.departments}
    keys = [(t.credit_code, t.received_at) for t in demo.tickets]
    assert len(set(keys)) == len(keys)
    asked = [(t.credit_code, t.title) for t in demo.tickets]
    assert len(set(asked)) == len(asked)  # no firm files the same request twice
    plots = {lease.credit_code for lease in demo.leases if lease.unit_code is None}
    assert all(t.credit_code in plots for t in demo.tickets if "不动产" in t.title)
    assert len({t.category for t in demo.tickets}) >= 6
    statuses = Counter(t.status for t in demo.tickets)
    assert statuses["closed"] >= 20
    assert statuses["closed"] < len(demo.tickets)
    starts = {lease.credit_code: lease.start_date for lease in demo.leases}
    end = dt.datetime.combine(demo.reference_date, dt.time(23, 59)).astimezone(
        dt.timezone(dt.timedelta(hours=8))
    )
    for t in demo.tickets:
        assert t.credit_code in demo.tenant_codes
        assert t.received_at.date() > starts[t.credit_code]
        assert t.received_at < t.due_at
        assert (t.department_name is None) == (t.status == "received")
        assert t.department_name is None or t.department_name in departments
        if t.status in ("responded", "closed"):
            assert t.received_at < t.responded_at <= end
            assert t.response
        if t.status == "closed":
            assert t.responded_at < t.closed_at <= end
            assert 1 <= t.satisfaction <= 5
        else:
            assert t.closed_at is None
            assert t.satisfaction is None


def test_demo_users_cover_their_scopes(default):
    users = {u.username: u for u in default.users}
    assert users["demo_manager"].park_codes == (default.parks[0].code, default.parks[1].code)
    assert users["demo_enterprise"].credit_code in default.tenant_codes
    assert users["demo_handler"].department_name in {d.name for d in default.departments}
    assert users["demo_official"].region_code == default.county.code
    assert users["demo_labour"].role == "labour_service"
    assert users["demo_labour"].region_code == default.county.code
    mine = [t for t in default.tickets if t.credit_code == users["demo_enterprise"].credit_code]
    assert len(mine) >= 3
    assert any(t.assignee_username == "demo_handler" for t in default.tickets)
    assert all(len(u.password) >= 12 for u in default.users)


def test_sizes_match_the_statistical_classification(default):
    latest = {r.credit_code: r for r in default.records if r.year == default.years[-1]}
    for e in default.enterprises:
        if e.credit_code not in latest:
            continue
        r = latest[e.credit_code]
        assert e.is_above_size == (float(r.revenue_cny) >= 2e7)
        if e.size == "micro":
            assert r.jobs < 20 or float(r.revenue_cny) < 3e6
        else:
            assert r.jobs >= 20
            assert float(r.revenue_cny) >= 3e6


def test_local_frame_is_accurate_to_a_fraction_of_a_percent(default):
    worst = max(
        abs(calc_area_m2(s.geometry) / s.land_area_m2 - 1)
        for s in default.sites
        if s.geometry["type"] != "Point"
    )
    assert worst < 0.005
    assert not math.isnan(worst)


def test_generator_needs_no_django():
    code = "import sys, microparks.demo as d; d.generate_demo(); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
