"""The demo's site sensitivities and prospect locations: deterministic and plausible."""

from __future__ import annotations

import pytest

from microparks.demo.generate import generate_demo
from microparks.demo.located import CITIES, RESIDENTIAL_KM, ZONE_SENSITIVITY, _centre, _km


@pytest.fixture(scope="module")
def demo():
    return generate_demo()


def test_every_site_is_assessed_from_zones_and_seats(demo):
    zones = {z.code: z for z in demo.veto_zones}
    seats = [r.centre for r in demo.regions]
    for site in demo.sites:
        if site.veto_zone_code is not None:
            assert site.eia_sensitivity == ZONE_SENSITIVITY[zones[site.veto_zone_code].kind]
        else:
            near = min(_km(_centre(site.geometry), seat) for seat in seats)
            expected = "residential" if near < RESIDENTIAL_KM else "general"
            assert site.eia_sensitivity == expected, site.code
    kinds = {s.eia_sensitivity for s in demo.sites}
    assert {"general", "residential", "drinking_water", "ecological_red_line"} <= kinds


def test_prospects_are_at_their_origin_or_near_the_seat(demo):
    seat = demo.county.centre
    for p in demo.prospects:
        assert p.location is not None
        lon, lat = p.location["coordinates"]
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90
        city = next((c for c in CITIES if p.origin_region.endswith(c)), None)
        home = CITIES[city] if city else seat
        assert _km((lon, lat), home) < 6.0, p.name


def test_admission_stage_prospects_chose_a_factory_in_their_park(demo):
    sites = {s.code: s for s in demo.sites}
    for p in demo.prospects:
        if p.stage == "admission":
            site = sites[p.target_site_code]
            assert (site.park_code, site.kind) == (p.target_park_code, "vacant_factory")
        else:
            assert p.target_site_code is None


def test_the_same_seed_gives_the_same_places(demo):
    again = generate_demo()
    assert [s.eia_sensitivity for s in again.sites] == [s.eia_sensitivity for s in demo.sites]
    assert [p.location for p in again.prospects] == [p.location for p in demo.prospects]
